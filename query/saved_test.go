package query

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/model"
)

func TestSavedChartsAndDashboards(t *testing.T) {
	db := openFixture(t)
	ctx := context.Background()
	spec := Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count"}}, Chart: "bar"}
	c, err := SaveChart(ctx, db, testCal, model.DemoDirector, " 区域线索 ", spec)
	require.NoError(t, err)
	require.Equal(t, "区域线索", c.Name)
	_, err = SaveChart(ctx, db, testCal, model.DemoDirector, "bad", Spec{Dataset: "leads", Measures: []Measure{{Field: "revnue", Agg: "sum"}}})
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	_, err = SaveChart(ctx, db, testCal, model.DemoDirector, "  ", spec)
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))

	list, err := SavedCharts(ctx, db)
	require.NoError(t, err)
	require.Len(t, list, 1, "a rejected chart is not stored")
	require.Equal(t, spec, list[0].Spec)

	d, err := CreateDashboard(ctx, db, model.DemoDirector, "周会")
	require.NoError(t, err)
	require.NoError(t, AddToDashboard(ctx, db, d.ID, c.ID))
	require.NoError(t, AddToDashboard(ctx, db, d.ID, c.ID), "adding twice keeps one")
	require.Equal(t, apperr.NotFound, apperr.KindOf(AddToDashboard(ctx, db, d.ID, 999)))
	require.Equal(t, apperr.NotFound, apperr.KindOf(AddToDashboard(ctx, db, 999, c.ID)))
	ds, err := Dashboards(ctx, db)
	require.NoError(t, err)
	require.Equal(t, []CustomDashboard{{ID: d.ID, Name: "周会", Charts: []int64{c.ID}}}, ds)
}
