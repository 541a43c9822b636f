// Package query turns a chart spec (what the builder sends and presets are
// made of) into a validated plan and then into one parameterised DuckDB
// statement, runs it and caches the result.
//
// The pipeline is spec → Plan (plan.go: every name looked up in the
// catalog, every problem collected with its JSON path) → select tree
// (tree.go, expressions in expr.go; built by build_onephase.go or, when
// every measure folds, rewrite_twophase.go; a fresh rollup first rewrites
// the plan to read its summary table, rollup.go) → SQL + args (write.go,
// the one writer: identifiers only from the catalog, every value a bound
// parameter numbered as it is written). No string from a spec ever
// reaches the SQL text.
//
// Where things go: a dataset or field is data in a catalog_<area>.go file
// (composed in catalog.go, checked by TestCatalogValid); a measure kind is
// an entry of aggregates (measures.go) and a name in Aggregates; a new
// shape of expression is a node type in expr.go.
package query

import "encoding/json"

// Spec is the JSON chart spec.
type Spec struct {
	// Dataset names a catalog dataset, e.g. "leads".
	Dataset string `json:"dataset"`
	// Dimensions group the rows: the X axis first, then the series.
	Dimensions []Dimension `json:"dimensions,omitempty"`
	// Measures are the aggregated values.
	Measures []Measure `json:"measures,omitempty"`
	// Filters restrict the rows before grouping; all must hold.
	Filters []Filter `json:"filters,omitempty"`
	// Sort orders the output by column keys (see Plan.Columns).
	Sort []SortKey `json:"sort,omitempty"`
	// Limit keeps the top N values of one dimension, optionally folding the
	// rest into one "others" row.
	Limit *Limit `json:"limit,omitempty"`
	// Chart is the chart kind: bar, stacked_bar, line, area, pie, table,
	// pivot, heatmap, funnel, radar, scatter, kpi.
	Chart string `json:"chart,omitempty"`
	// Drill is the drill path: field names from coarse to fine, e.g.
	// ["region", "rep", "customer"]; below the last one come the records.
	Drill []string `json:"drill,omitempty"`
	// Records lists the underlying rows (the last drill level) instead of
	// aggregating.
	Records bool `json:"records,omitempty"`
}

// Dimension is one grouping field; Grain buckets a time field.
type Dimension struct {
	Field string `json:"field"`
	Grain string `json:"grain,omitempty"` // day, week, month, quarter, year
}

// Measure is one aggregated value. Field may be empty for count and share
// (count of rows).
type Measure struct {
	Field string `json:"field,omitempty"`
	Agg   string `json:"agg"` // count, count_distinct, sum, avg, min, max, median, share
}

// Filter is one condition. Values are JSON strings, numbers or booleans;
// for op "relative" Period names the business-calendar period.
type Filter struct {
	Field  string `json:"field"`
	Op     string `json:"op"` // eq, ne, in, not_in, between, gt, lt, contains, is_null, not_null, relative
	Values []any  `json:"values,omitempty"`
	Period string `json:"period,omitempty"` // for relative: yesterday, last_7_days, this_month, …
}

// SortKey orders by an output column key ("region", "created_at_day",
// "count", "sum_amount").
type SortKey struct {
	Column string `json:"column"`
	Desc   bool   `json:"desc,omitempty"`
}

// Limit keeps the top N values of Dimension (an index into Dimensions;
// default the first non-time dimension) ranked by the first measure.
type Limit struct {
	N         int  `json:"n"`
	Others    bool `json:"others,omitempty"`
	Dimension *int `json:"dimension,omitempty"`
}

// ParseSpec reads a spec from JSON, rejecting unknown keys so a typo in a
// key is reported instead of silently ignored.
func ParseSpec(b []byte) (Spec, error) {
	var s Spec
	dec := json.NewDecoder(bytesReader(b))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&s); err != nil {
		return Spec{}, badInput("chart spec is not valid JSON", err.Error())
	}
	return s, nil
}
