package query

import (
	"context"
	"time"

	"salesbi/i18n"
	"salesbi/model"
)

// StreamRecords lists the whole record set of a records spec under its
// filters and the caller's row restriction, in the listing's order
// (sort keys and tie-break, records.go), handing each row to each as
// DuckDB produces it: no MaxRecords cap, the spec's limit and offset are
// ignored, and no more than one row is held here at a time (the CSV
// download of a drilled records level, later the xlsx export). Relative
// periods are taken from now (zero: the clock's), as RunAt's. It stops
// when ctx ends (returning ctx.Err()) or at each's first error (returned
// as is). Nothing is cached: an export reads the data once.
func (e *Engine) StreamRecords(ctx context.Context, s Spec, id model.Identity, locale string, now time.Time,
	each func(cols []Column, row []any) error) error {
	p, err := e.recordsPlan(s, id, locale, now, "StreamRecords")
	if err != nil {
		return err
	}
	p.RowLimit, p.Offset = 0, 0
	if restriction(p.Identity) == scopeNone {
		_, err := Compile(p) // the Forbidden error, worded once
		return err
	}
	// The one-phase form: without a page to cut, the two-phase listing
	// would sort the whole set twice (before and after the lookups).
	q, err := compiled(onePhase(p))
	if err != nil {
		return err
	}
	return eachRow(ctx, e.DB.DB, q, e.Cal.Loc, func(row []any) error { return each(p.Columns, row) })
}

// RecordCount is the number of rows a records spec matches under its
// filters and the caller's row restriction, whatever its limit and offset
// (a board's "page 2 of 31"). It is answered as the count of an ordinary
// plan with the spec's filters — so cached as Run's answers are, dropped by
// the same data changes, and read from a fresh rollup where one folds.
func (e *Engine) RecordCount(ctx context.Context, s Spec, id model.Identity, locale string, now time.Time) (int64, error) {
	start := time.Now()
	p, err := e.recordsPlan(s, id, locale, now, "RecordCount")
	if err != nil {
		return 0, err
	}
	res, err := e.runPlan(ctx, countPlan(p), start)
	if err != nil {
		return 0, err
	}
	if len(res.Rows) != 1 || len(res.Rows[0]) != 1 {
		return 0, nil
	}
	n, _ := res.Rows[0][0].(int64)
	return n, nil
}

// countPlan is the row count of listing p under its filters.
func countPlan(p *Plan) *Plan {
	cp := &Plan{Dataset: p.Dataset, Identity: p.Identity, Locale: p.Locale, Loc: p.Loc, Filters: p.Filters,
		Measures: []PlanMeasure{{Agg: "count"}},
		Columns: []Column{{Key: "count", Role: "measure", Kind: KindMeasure, Type: TypeNumber, Agg: "count",
			Label: aggLabel("count", i18n.T("记录", "records"))}}}
	cp.Tables = (&validator{}).tables(cp)
	return cp
}

// recordsPlan validates a spec that must be a record listing.
func (e *Engine) recordsPlan(s Spec, id model.Identity, locale string, now time.Time, what string) (*Plan, error) {
	if !s.Records {
		return nil, badInput("invalid chart spec", "records: "+what+" needs a record listing (records: true)")
	}
	return e.validateAt(s, id, locale, now)
}
