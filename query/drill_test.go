package query

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/model"
)

// TestDrillPath walks the article's trend from a clicked point down
// region → rep → customer → records, each step a valid spec whose rows all
// satisfy the carried filters.
func TestDrillPath(t *testing.T) {
	db := openFixture(t)
	e := &Engine{DB: db, Cal: testCal}
	ctx := context.Background()
	spec := Spec{Dataset: "leads",
		Dimensions: []Dimension{{Field: "created_at", Grain: "month"}, {Field: "region"}},
		Measures:   []Measure{{Agg: "count"}},
		Filters:    []Filter{{Field: "status", Op: "eq", Values: []any{"valid"}}}, Chart: "line"}
	res, err := e.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.NotEmpty(t, res.Rows)
	point := map[string]any{"created_at_month": res.Rows[0][0], "region": res.Rows[0][1]}
	want := res.Rows[0][2].(int64)

	step, err := Drill(spec, point, testCal)
	require.NoError(t, err)
	require.Equal(t, "rep", step.Level)
	reps, err := e.Run(ctx, step.Spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	var total int64
	for _, r := range reps.Rows {
		total += r[1].(int64)
	}
	require.Equal(t, want, total, "the reps under the clicked point add up to it")

	step, err = Drill(step.Spec, map[string]any{"rep": reps.Rows[0][0]}, testCal)
	require.NoError(t, err)
	require.Equal(t, "customer", step.Level)
	custs, err := e.Run(ctx, step.Spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)

	step, err = Drill(step.Spec, map[string]any{"customer": custs.Rows[0][0]}, testCal)
	require.NoError(t, err)
	require.Equal(t, "records", step.Level)
	recs, err := e.Run(ctx, step.Spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.Len(t, recs.Rows, int(custs.Rows[0][1].(int64)))
	for _, r := range recs.Rows {
		require.Equal(t, "valid", r[4])
		require.Equal(t, point["region"], r[2])
		require.Equal(t, reps.Rows[0][0], r[5])
	}

	_, err = Drill(spec, map[string]any{"created_at_month": "2026-13"}, testCal)
	require.ErrorContains(t, err, `point.created_at_month: "2026-13" is not a month label`)
}

// sumCol adds up column key of a result (counts and amounts; NULL is 0).
func sumCol(t *testing.T, res *Result, key string) float64 {
	t.Helper()
	idx := -1
	for i, c := range res.Columns {
		if c.Key == key {
			idx = i
		}
	}
	require.GreaterOrEqual(t, idx, 0, "column %s", key)
	var s float64
	for _, r := range res.Rows {
		s += num(r[idx])
	}
	return s
}

// num reads a result value as a number (NULL is 0).
func num(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// TestDrillURLValues: a point read back from a URL carries strings; each
// is read as its column's type (bool, number, day), the child's rows add
// up to the clicked bar, and a value or key that does not fit is bad input
// naming the point's key.
func TestDrillURLValues(t *testing.T) {
	db := openFixture(t)
	e := &Engine{DB: db, Cal: testCal}
	ctx := context.Background()
	run := func(s Spec) *Result {
		t.Helper()
		res, err := e.Run(ctx, s, model.DemoDirector, "zh-CN")
		require.NoError(t, err)
		return res
	}
	for _, tc := range []struct {
		spec  Spec
		point map[string]any
		want  any // the carried filter's value
	}{
		{Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "followed"}}, Measures: []Measure{{Agg: "count"}}},
			map[string]any{"followed": "true"}, true},
		{Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "followed"}}, Measures: []Measure{{Agg: "count"}}},
			map[string]any{"followed": "false", "count": "12"}, false},
		{Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "lead_id"}}, Measures: []Measure{{Agg: "count"}}},
			map[string]any{"lead_id": "17"}, 17.0},
		{Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count"}}},
			map[string]any{"region": "华东"}, "华东"},
	} {
		step, err := Drill(tc.spec, tc.point, testCal)
		require.NoError(t, err, "%v", tc.point)
		last := step.Spec.Filters[len(step.Spec.Filters)-1]
		require.Equal(t, "eq", last.Op)
		require.Equal(t, []any{tc.want}, last.Values, "%v", tc.point)
		parent := run(tc.spec)
		var clicked float64
		for _, r := range parent.Rows {
			if fmt.Sprint(r[0]) == fmt.Sprint(tc.want) {
				clicked = float64(r[1].(int64))
			}
		}
		require.Positive(t, clicked)
		require.Equal(t, clicked, sumCol(t, run(step.Spec), "count"), "the child adds up to the clicked bar %v", tc.point)
	}

	// A day label from the URL.
	daily := Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "created_at"}}, Measures: []Measure{{Agg: "count"}}}
	parent := run(daily)
	day, n := parent.Rows[len(parent.Rows)-1][0].(string), parent.Rows[len(parent.Rows)-1][1].(int64)
	step, err := Drill(daily, map[string]any{"created_at_day": day}, testCal)
	require.NoError(t, err)
	require.Equal(t, Filter{Field: "created_at", Op: "between", Values: []any{day, day}}, step.Spec.Filters[0])
	require.Equal(t, float64(n), sumCol(t, run(step.Spec), "count"))

	bad := func(s Spec, point map[string]any, want string) {
		t.Helper()
		_, err := Drill(s, point, testCal)
		require.Equal(t, apperr.BadInput, apperr.KindOf(err), "%v", point)
		require.Contains(t, strings.Join(apperr.ProblemsOf(err), "\n"), want)
	}
	bad(Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "lead_id"}}, Measures: []Measure{{Agg: "count"}}},
		map[string]any{"lead_id": "abc"}, `point.lead_id: want a number, got "abc"`)
	bad(Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "followed"}}, Measures: []Measure{{Agg: "count"}}},
		map[string]any{"followed": "maybe"}, `point.followed: want true or false, got "maybe"`)
	bad(Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count"}}},
		map[string]any{"regoin": "华东"}, `point.regoin: the chart has no column "regoin" (want one of region, count)`)
	bad(daily, map[string]any{"created_at_day": "24/11/2026"}, `point.created_at_day: "24/11/2026" is not a day label`)
	bad(Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "regoin"}}, Measures: []Measure{{Agg: "count"}}},
		map[string]any{"regoin": "华东"}, `spec.dimensions[0]: unknown field "regoin"`)
}

// TestDrillHistogramBin: a bin's point (its lower bound, as a URL string)
// drills to lo ≤ x < lo + bin, and every bin's child adds up to its bar.
func TestDrillHistogramBin(t *testing.T) {
	db := openFixture(t)
	e := &Engine{DB: db, Cal: testCal}
	ctx := context.Background()
	spec := Spec{Dataset: "opportunities", Dimensions: []Dimension{{Field: "amount", Bin: 100000}}, Measures: []Measure{{Agg: "count"}}}
	parent, err := e.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.Greater(t, len(parent.Rows), 3)
	for _, r := range parent.Rows {
		lo := r[0].(float64)
		step, err := Drill(spec, map[string]any{"amount_bin": strconv.FormatFloat(lo, 'f', -1, 64)}, testCal)
		require.NoError(t, err)
		require.Equal(t, []Filter{{Field: "amount", Op: "ge", Values: []any{lo}}, {Field: "amount", Op: "lt", Values: []any{lo + 100000}}}, step.Spec.Filters)
		require.Equal(t, "region", step.Level)
		child, err := e.Run(ctx, step.Spec, model.DemoDirector, "zh-CN")
		require.NoError(t, err)
		require.Equal(t, float64(r[1].(int64)), sumCol(t, child, "count"), "bin %v", lo)
	}
	_, err = Drill(spec, map[string]any{"amount_bin": "low"}, testCal)
	require.ErrorContains(t, err, "cannot drill")
}

// TestDrillDerived: the child of a derived chart keeps a meaningful
// measure — a ratio stays a ratio (its field mapping cut to the fields
// the child has), running becomes plain, compare stays unless a time
// bucket was clicked, per rep stays — and falls back to a count where
// the measure cannot follow (Drill's doc).
func TestDrillDerived(t *testing.T) {
	db := openFixture(t)
	e := &Engine{DB: db, Cal: testCal}
	ctx := context.Background()
	run := func(s Spec) *Result {
		t.Helper()
		res, err := e.Run(ctx, s, model.DemoDirector, "zh-CN")
		require.NoError(t, err, "%+v", s)
		return res
	}
	conversion := Measure{Agg: "ratio", Key: "conversion",
		Num: &Measure{Agg: "count", Dataset: "contracts", Fields: map[string]string{"created_at": "signed_at"}},
		Den: &Measure{Agg: "count", Filters: []Filter{{Field: "status", Op: "in", Values: []any{"valid", "converted"}}}}}

	// A ratio by week × region, a click on the region only: the child is
	// the reps' conversion, the time mapping dropped (no created_at left).
	weekly := Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "created_at", Grain: "week"}, {Field: "region"}},
		Measures: []Measure{conversion}}
	step, err := Drill(weekly, map[string]any{"region": "华东"}, testCal)
	require.NoError(t, err)
	require.Equal(t, "rep", step.Level)
	require.Equal(t, "ratio", step.Spec.Measures[0].Agg)
	require.Empty(t, step.Spec.Measures[0].Num.Fields)
	require.Equal(t, map[string]string{"created_at": "signed_at"}, conversion.Num.Fields, "the parent's measure is not changed")
	res := run(step.Spec)
	require.Equal(t, "conversion", res.Columns[1].Key)

	// With the week clicked too the mapping stays (the week's filter is on created_at).
	step, err = Drill(weekly, map[string]any{"region": "华东", "created_at_week": "2026-11-16"}, testCal)
	require.NoError(t, err)
	require.Equal(t, map[string]string{"created_at": "signed_at"}, step.Spec.Measures[0].Num.Fields)
	run(step.Spec)

	// Running: the child is the plain count, adding up to the clicked month's own count.
	running := Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "created_at", Grain: "month"}, {Field: "region"}},
		Measures: []Measure{{Agg: "count", Running: true}, {Agg: "count", Key: "n"}}}
	parent := run(running)
	month, region, n := parent.Rows[0][0], parent.Rows[0][1], parent.Rows[0][3].(int64)
	step, err = Drill(running, map[string]any{"created_at_month": month, "region": region}, testCal)
	require.NoError(t, err)
	require.False(t, step.Spec.Measures[0].Running)
	child := run(step.Spec)
	require.Equal(t, float64(n), sumCol(t, child, "count"))

	// Compare by region: the reps compare the same periods, and add up to the region's.
	compared := Spec{Dataset: "contracts", Dimensions: []Dimension{{Field: "region"}},
		Measures: []Measure{{Field: "amount", Agg: "sum"}}, Compare: []string{"previous"},
		Filters: []Filter{{Field: "signed_at", Op: "relative", Period: "this_year"}}}
	parent = run(compared)
	step, err = Drill(compared, map[string]any{"region": parent.Rows[0][0]}, testCal)
	require.NoError(t, err)
	require.Equal(t, []string{"previous"}, step.Spec.Compare)
	child = run(step.Spec)
	require.InDelta(t, num(parent.Rows[0][2]), sumCol(t, child, "sum_amount_previous"), 1e-6)
	require.InDelta(t, num(parent.Rows[0][1]), sumCol(t, child, "sum_amount"), 1e-6)
	require.Positive(t, num(parent.Rows[0][1]))

	// Compare by month, the month clicked: the child shows that month alone.
	monthly := compared
	monthly.Dimensions = []Dimension{{Field: "signed_at", Grain: "month"}}
	monthly.Compare = []string{"year_ago"}
	parent = run(monthly)
	step, err = Drill(monthly, map[string]any{"signed_at_month": parent.Rows[0][0]}, testCal)
	require.NoError(t, err)
	require.Nil(t, step.Spec.Compare)
	require.InDelta(t, num(parent.Rows[0][1]), sumCol(t, run(step.Spec), "sum_amount"), 1e-6)

	// Per rep stays per rep.
	perRep := Spec{Dataset: "visits", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count", Per: []string{"rep"}}}}
	step, err = Drill(perRep, map[string]any{"region": "华东"}, testCal)
	require.NoError(t, err)
	require.Equal(t, []string{"rep"}, step.Spec.Measures[0].Per)
	run(step.Spec)

	// A ratio whose other side (targets) has no customer: the rep's
	// customers are counted instead.
	perTarget := Spec{Dataset: "contracts", Dimensions: []Dimension{{Field: "rep"}},
		Measures: []Measure{{Agg: "ratio", Num: &Measure{Field: "amount", Agg: "sum"}, Den: &Measure{Field: "target_amount", Agg: "sum", Dataset: "targets"}}}}
	run(perTarget)
	step, err = Drill(perTarget, map[string]any{"rep": "张三"}, testCal)
	require.NoError(t, err)
	require.Equal(t, "customer", step.Level)
	require.Equal(t, []Measure{{Agg: "count"}}, step.Spec.Measures)
	run(step.Spec)

	// The records level of a ratio lists the spec's own dataset.
	step, err = Drill(Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "customer"}}, Measures: []Measure{conversion},
		Filters: []Filter{{Field: "created_at", Op: "relative", Period: "this_year"}}},
		map[string]any{"customer": "客户01"}, testCal)
	require.NoError(t, err)
	require.Equal(t, "records", step.Level)
	require.True(t, step.Spec.Records)
	require.Nil(t, step.Spec.Measures)
	run(step.Spec)
}
