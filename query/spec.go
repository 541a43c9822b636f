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
// Beyond dimensions × aggregates, the spec language says (JSON examples
// at Spec, Dimension and Measure):
//
//   - histogram bins of a numeric field: {"field":"score","bin":5}
//     (column score_bin, the bucket's lower bound; Column.Bin the width);
//   - a measure's own filters: {"agg":"count","key":"valid","filters":[…]};
//   - a running measure over the time dimension: {"agg":"count","running":true};
//   - a ratio of two measures over the same groups, each side with its
//     own filters, either side possibly from another dataset grouped by
//     the fields that play the spec's dimensions:
//     {"agg":"ratio","key":"conversion","num":{"agg":"count","dataset":"contracts","fields":{"created_at":"signed_at"}},"den":{"agg":"count","filters":[…]}};
//   - a value per rep and/or per working day: {"agg":"count","per":["rep","working_day"]}
//     (working days: Monday–Friday less Engine.Holidays / Options.Holidays);
//   - comparison columns against the previous period and the same period
//     a year ago: "compare":["previous","year_ago"] → <key>_previous,
//     <key>_previous_delta, <key>_previous_delta_pct, <key>_year_ago …;
//   - a record listing sorted by any of its columns and paged:
//     {"records":true,"sort":[{"column":"created_at"}],"limit":{"n":50},"offset":100}
//     (records.go: the sort keys, then the table's own columns as a
//     tie-break, so pages never overlap); Engine.RecordCount counts it,
//     Engine.StreamRecords hands over every row of it (exports);
//   - ≥ and ≤: ops "ge" and "le" beside "gt" and "lt" (a histogram bin
//     drills to ge lo, lt lo+bin);
//   - the latest or earliest time: {"agg":"max","field":"created_at"} is
//     an instant (a date for a date field), never divided or compared.
//
// Drill (drill.go) turns a clicked point — as result rows carry it, or as
// URL strings — into the child spec one level down, keeping derived
// measures where they still mean something (its doc says which).
//
// Bins are a bucket expression like a grain. A measure's own filters are
// CASE WHEN … THEN x END inside its aggregate (so they fold into partials
// and rollups). Running, ratio, per and compare make a derived plan
// (derived.go): the groupings it needs — the spec's, another dataset's,
// the earlier periods' — each compiled as an ordinary plan (two-phase,
// rollup-aware, row-restricted) and kept whole as a named subquery, then
// FULL (or, for earlier periods, LEFT) JOINed on the group keys, with
// window sums and divisions over the joined rows.
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
	// aggregating: the dataset's record columns, ordered by Sort (any of
	// them, asc or desc, several keys; default the first column, newest
	// first) with the dataset's own columns as the tie-break, so a page
	// boundary never falls between equal rows at random.
	Records bool `json:"records,omitempty"`
	// Offset skips that many rows of a record listing (paging on the
	// server: page k of size n is limit n, offset (k−1)·n); 0 to
	// MaxOffset, records only.
	Offset int `json:"offset,omitempty"`
	// Compare adds, after each measure, its value over an earlier period
	// and the change: "previous" (the period before the time filter's —
	// last month for this_month, the 7 days before for last_7_days) and
	// "year_ago" (the same period a year earlier). Each gives three
	// columns, <key>_<compare>, <key>_<compare>_delta (value − earlier)
	// and <key>_<compare>_delta_pct ((value − earlier) ÷ earlier). The
	// spec needs a time filter with both ends (the period); a time
	// dimension must be on that filter's field, and the earlier period's
	// buckets are matched to this period's by shifting its dates forward
	// (last year's March beside this year's). Rows are this period's
	// groups. E.g. {"compare":["previous","year_ago"],
	// "filters":[{"field":"signed_at","op":"relative","period":"this_month"}]}.
	Compare []string `json:"compare,omitempty"`
}

// Dimension is one grouping field; Grain buckets a time field, Bin a
// numeric one.
type Dimension struct {
	Field string `json:"field"`
	Grain string `json:"grain,omitempty"` // day, week, month, quarter, year
	// Bin makes a histogram of a numeric field (a measure field such as a
	// health score, or a number): each row falls in the bucket
	// floor(x / bin) * bin, shown as that lower bound; the column's Bin
	// carries the width, so "70" means 70–75 for {"field":"score","bin":5}.
	Bin float64 `json:"bin,omitempty"`
}

// Measure is one aggregated value. Field may be empty for count and share
// (count of rows).
//
// Beyond a plain aggregate a measure may be:
//
//   - filtered: {"agg":"count","filters":[{"field":"status","op":"eq","values":["converted"]}]}
//     counts only the rows the measure's own filters keep (the spec's
//     filters hold as well);
//   - running: {"agg":"count","running":true} is cumulative over the time
//     dimension (the first time dimension, ordered by its buckets), per
//     series when there are other dimensions; count and sum only;
//   - a ratio: {"agg":"ratio","key":"conversion","num":{…},"den":{…}} is
//     num ÷ den over the same groups, each a measure with its own
//     filters. Either may come from another dataset grouped by the same
//     dimensions: {"agg":"count","dataset":"contracts","fields":{"created_at":"signed_at"}}
//     groups contracts by signed_at wherever the spec groups (and
//     filters) by created_at; a field not listed is looked up under its
//     own name. The two groupings are FULL JOINed on the group keys.
//   - per rep and/or per working day: {"agg":"count","per":["rep","working_day"]}
//     divides by the distinct owner reps in the group, and by the business
//     days (Monday–Friday less business.holidays) in each time bucket —
//     within the time filter's range — or, without a time dimension, in
//     the (bounded) time filter's period.
//
// Running, ratio and per measures take no top N (limit). A value per
// working day compared with an earlier period divides by that period's
// working days.
type Measure struct {
	Field string `json:"field,omitempty"`
	Agg   string `json:"agg"` // count, count_distinct, sum, avg, min, max, median, share, ratio
	// Filters restrict the rows this measure aggregates.
	Filters []Filter `json:"filters,omitempty"`
	// Running makes the measure cumulative over the time dimension.
	Running bool `json:"running,omitempty"`
	// Per divides the value by "rep" (distinct owner reps in the group)
	// and/or "working_day" (business days in the bucket or period).
	Per []string `json:"per,omitempty"`
	// Num and Den are the two sides of agg "ratio".
	Num *Measure `json:"num,omitempty"`
	Den *Measure `json:"den,omitempty"`
	// Key names the output column (a ratio's default is "ratio"; else
	// agg_field): [a-z0-9_], at most 64 bytes. Sort keys use it; the SQL
	// does not (it names the column by position).
	Key string `json:"key,omitempty"`
	// Dataset, on a ratio's side only, reads that side from another
	// dataset; Fields maps the spec's dimension and filter fields to the
	// other dataset's fields that play them.
	Dataset string            `json:"dataset,omitempty"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Filter is one condition. Values are JSON strings, numbers or booleans;
// for op "relative" Period names the business-calendar period.
type Filter struct {
	Field  string `json:"field"`
	Op     string `json:"op"` // eq, ne, in, not_in, between, gt, ge, lt, le, contains, is_null, not_null, relative
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
