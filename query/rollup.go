package query

import (
	"fmt"
	"time"
)

// Rollups are summary tables kept beside the big fact tables: the rows of a
// dataset grouped by a few of its dimension fields (stored as the values
// the fields show: a region's name, a stage code), a time field cut to the
// business day or month, and the owner rep, with partial aggregates (row
// count; sum, count, min, max of measures). A chart spec whose dimensions,
// filters and measures all fold from those partials is answered from the
// summary table instead of the fact table: at scale 100 "stage changes by
// region × stage" reads 90 k summary rows instead of joining 10.5 M stage
// changes to 2.1 M opportunities.
//
// Answers from a rollup equal the fact table's (rollup_test.go checks
// every rollup against the base SQL); a rollup is used only while it is
// fresh — built after the last change of every table it reads (see
// Rollups in rollup_state.go).
type Rollup struct {
	Name    string   // the summary table is rollup_<Name>
	Dataset string   // the dataset it summarises
	Keys    []string // dimension fields stored as columns
	Time    string   // time field bucketed by Grain ("" for none)
	Grain   string   // "day" or "month"
	// ByOwner keeps the owner rep of each row, so a rep's or a manager's
	// restricted query can use the rollup; without it only identities who
	// see every row do (a day rollup by owner would be as big as its table).
	ByOwner bool
	Sums    []string // measure fields with sum, count, min and max kept
}

// table is the summary table's name.
func (r *Rollup) table() string { return "rollup_" + r.Name }

// registeredRollups lists the declared rollups in name order.
func registeredRollups() []*Rollup { return append([]*Rollup{}, builtin.rollups...) }

// check validates a rollup against the datasets of the catalog being built.
func (r *Rollup) check(c *catalogSet, seen map[string]bool) error {
	ds, ok := c.byName[r.Dataset]
	if !ok {
		return fmt.Errorf("unknown dataset %q", r.Dataset)
	}
	if !isIdent(r.Name) || seen[r.Name] {
		return fmt.Errorf("name %q: want a unique name of lower-case letters, digits and _", r.Name)
	}
	seen[r.Name] = true
	field := func(name string, kind Kind) error {
		if f, ok := ds.Field(name); !ok || f.Kind != kind {
			return fmt.Errorf("%q is not a %s field of %s", name, kind, r.Dataset)
		}
		return nil
	}
	for _, k := range r.Keys {
		if err := field(k, KindDimension); err != nil {
			return err
		}
	}
	for _, m := range r.Sums {
		if err := field(m, KindMeasure); err != nil {
			return err
		}
	}
	if r.Time != "" {
		if err := field(r.Time, KindTime); err != nil {
			return err
		}
		if r.Grain != "day" && r.Grain != "month" {
			return fmt.Errorf("grain %q (want day or month)", r.Grain)
		}
	}
	return nil
}

// Column names of a summary table. Field names are [a-z0-9_] (isIdent), so
// the prefixed names never need quoting and never clash with a keyword.
const (
	rollupAlias = "ru"
	colCount    = "n"
	colTime     = "t"
	colOwner    = "owner"
)

func colKey(field string) string { return "k_" + field }

// Partial aggregates kept per measure field: prefix of the column and of
// the rollup dataset's field, and how partials combine.
var partials = []struct{ prefix, agg, combine string }{
	{"s_", "sum", "sum"}, {"c_", "count", "sum"}, {"lo_", "min", "min"}, {"hi_", "max", "max"},
}

// build is the tree of the statement that (re)makes the summary table,
// and the canonical tables it reads (a change to any of them makes it
// stale). It is made of catalog expressions only.
func (r *Rollup) build(loc *time.Location) (*Query, []string) {
	ds, _ := Lookup(r.Dataset)
	sel := &Select{From: &Rel{Name: ds.Table, Alias: ds.Alias}}
	want := map[string]bool{}
	add := func(x Expr, as string, joins []string) {
		sel.Items = append(sel.Items, item(x, as))
		closure(ds, joins, want)
	}
	for _, k := range r.Keys {
		f, _ := ds.Field(k)
		add(f.Expr, colKey(k), f.Joins)
	}
	if r.Time != "" {
		f, _ := ds.Field(r.Time)
		day := localDay(f, loc)
		if r.Grain == "month" {
			day = truncDay("month", day)
		}
		add(day, colTime, f.Joins)
	}
	if r.ByOwner {
		add(ds.Owner, colOwner, ds.OwnerJoins)
	}
	sel.GroupAll = len(sel.Items) > 0
	add(countOf(nil), colCount, nil)
	for _, m := range r.Sums {
		f, _ := ds.Field(m)
		for _, p := range partials {
			add(fn(p.agg, f.Expr), p.prefix+m, f.Joins)
		}
	}
	tables := []string{ds.Table}
	for _, j := range inOrder(ds, want) {
		sel.Joins = append(sel.Joins, joinClause(j))
		tables = append(tables, j.Table)
	}
	return &Query{CreateTable: r.table(), Body: sel}, tables
}

// buildSQL is the build statement as text, and the tables it reads.
func (r *Rollup) buildSQL(loc *time.Location) (string, []string) {
	q, tables := r.build(loc)
	sql, _, _ := writeQuery(q) // no arguments, no errors: catalog expressions only
	return sql, tables
}

// dataset is the rollup seen as a dataset the compiler can plan over: the
// kept fields under their own names, read from the summary table's
// columns, with no joins. It is never in the catalog.
func (r *Rollup) dataset() *Dataset {
	ds, _ := Lookup(r.Dataset)
	rd := &Dataset{Name: ds.Name, Label: ds.Label, Table: r.table(), Alias: rollupAlias, Owner: Null{}}
	if r.ByOwner {
		rd.Owner = col(rollupAlias, colOwner)
	}
	ru := func(c string) Col { return col(rollupAlias, c) }
	for _, k := range r.Keys {
		f, _ := ds.Field(k)
		f.Expr, f.Joins = ru(colKey(k)), nil
		rd.Fields = append(rd.Fields, f)
	}
	if r.Time != "" {
		f, _ := ds.Field(r.Time)
		f.Expr, f.Joins, f.Type = ru(colTime), nil, TypeDate
		rd.Fields = append(rd.Fields, f)
	}
	rd.Fields = append(rd.Fields, measure(rollupMeasure(colCount), "记录数", "rows", ru(colCount)))
	for _, m := range r.Sums {
		for _, p := range partials {
			rd.Fields = append(rd.Fields, measure(rollupMeasure(p.prefix+m), m, m, ru(p.prefix+m)))
		}
	}
	return rd
}

// rollupMeasure names a partial column as a field of the rollup dataset.
func rollupMeasure(column string) string { return "ru_" + column }

// answer rewrites plan p to read this rollup, or says why it cannot: every
// dimension, filter and measure must fold from the kept partials, and the
// caller's row restriction must be expressible on it. The rewritten plan
// keeps p's columns (keys, labels) and tables (cache invalidation), so the
// answer looks exactly as the fact table's would.
func (r *Rollup) answer(p *Plan, rd *Dataset) (*Plan, bool) {
	if len(p.Records) > 0 || p.derived != nil || p.Dataset.Name != r.Dataset {
		return nil, false
	}
	switch restriction(p.Identity) {
	case scopeAll:
	case scopeOwn, scopeSubtree:
		if !r.ByOwner {
			return nil, false
		}
	default:
		return nil, false
	}
	q := *p
	q.Dataset = rd
	q.Dims = make([]PlanDim, len(p.Dims))
	for i, d := range p.Dims {
		f, ok := r.keep(rd, d.Field)
		if !ok || d.Grain != "" && !r.grainFolds(d.Grain) {
			return nil, false
		}
		if d.shift.days != 0 && r.Grain == "month" {
			return nil, false // a month's days are not kept
		}
		q.Dims[i] = PlanDim{Field: f, Grain: d.Grain, Bin: d.Bin, shift: d.shift}
	}
	var ok bool
	if q.Filters, ok = r.filters(rd, p.Filters, p.Loc); !ok {
		return nil, false
	}
	q.Measures = make([]PlanMeasure, len(p.Measures))
	for i, m := range p.Measures {
		col, agg, ok := r.partialFor(m)
		if !ok {
			return nil, false
		}
		f, _ := rd.Field(rollupMeasure(col))
		if m.Agg == "count" && len(m.Where) > 0 {
			agg = countSum
		}
		q.Measures[i] = PlanMeasure{Field: &f, Agg: agg}
		// A measure's own filters keep the summary rows they hold for,
		// whose partials then add up as the fact rows would have.
		if q.Measures[i].Where, ok = r.filters(rd, m.Where, p.Loc); !ok {
			return nil, false
		}
	}
	return &q, true
}

// filters are fs over the rollup's columns, or ok=false when a field is
// not kept or a time bound falls inside a bucket.
func (r *Rollup) filters(rd *Dataset, fs []PlanFilter, loc *time.Location) ([]PlanFilter, bool) {
	if len(fs) == 0 {
		return nil, true
	}
	out := make([]PlanFilter, len(fs))
	for i, pf := range fs {
		f, ok := r.keep(rd, pf.Field)
		if !ok {
			return nil, false
		}
		nf := pf
		nf.Field = f
		if pf.Field.Kind == KindTime && pf.Op != "is_null" && pf.Op != "not_null" {
			from, okF := r.bucketStart(pf.Range.From, loc)
			to, okT := r.bucketStart(pf.Range.To, loc)
			if !okF || !okT {
				return nil, false
			}
			nf.Range.From, nf.Range.To = from, to
		}
		out[i] = nf
	}
	return out, true
}

// keep finds the rollup's copy of a dataset field (a key or the time field).
func (r *Rollup) keep(rd *Dataset, f Field) (Field, bool) {
	if f.Kind == KindMeasure {
		return Field{}, false
	}
	return rd.Field(f.Name)
}

// grainFolds: a day rollup gives every grain; a month rollup the grains
// made of whole months.
func (r *Rollup) grainFolds(g string) bool {
	return r.Grain == "day" || g == "month" || g == "quarter" || g == "year"
}

// bucketStart checks that a time filter's bound falls on a bucket boundary
// of the rollup (midnight in the business zone; the 1st of a month for a
// month rollup) and returns it in that zone, where its date is the bucket.
func (r *Rollup) bucketStart(t time.Time, loc *time.Location) (time.Time, bool) {
	if t.IsZero() {
		return t, true
	}
	l := t.In(loc)
	if l.Hour() != 0 || l.Minute() != 0 || l.Second() != 0 || l.Nanosecond() != 0 {
		return t, false
	}
	if r.Grain == "month" && l.Day() != 1 {
		return t, false
	}
	return l, true
}

// partialFor maps a measure to the partial column that folds into it.
func (r *Rollup) partialFor(m PlanMeasure) (col, agg string, ok bool) {
	kept := func(f *Field) bool {
		for _, s := range r.Sums {
			if f != nil && f.Name == s {
				return true
			}
		}
		return false
	}
	switch {
	case m.Field == nil && (m.Agg == "count" || m.Agg == "share"):
		return colCount, map[string]string{"count": "sum", "share": "share"}[m.Agg], true
	case !kept(m.Field):
		return "", "", false
	case m.Agg == "count":
		return "c_" + m.Field.Name, "sum", true
	case m.Agg == "sum" || m.Agg == "share":
		return "s_" + m.Field.Name, m.Agg, true
	case m.Agg == "min":
		return "lo_" + m.Field.Name, "min", true
	case m.Agg == "max":
		return "hi_" + m.Field.Name, "max", true
	}
	return "", "", false // avg, median, count distinct do not fold
}
