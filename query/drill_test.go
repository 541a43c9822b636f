package query

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

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
