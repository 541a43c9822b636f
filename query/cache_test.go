package query

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

// TestCacheInvalidation: a repeat answers from the cache; a change to a
// table the query reads drops it; a change elsewhere does not.
func TestCacheInvalidation(t *testing.T) {
	db := openFixture(t)
	ctx := context.Background()
	bus := &model.Bus{}
	e := &Engine{DB: db, Cal: testCal, Cache: NewCache(100, bus)}
	spec := Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count"}}}
	first, err := e.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.False(t, first.Cached)
	again, err := e.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.True(t, again.Cached)
	require.Equal(t, first.Rows, again.Rows)

	bus.Publish(model.DataChange{Tables: []string{"visits"}, Cause: "sync"})
	again, err = e.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.True(t, again.Cached, "a change to visits must not drop a leads result")

	_, err = db.ExecContext(ctx, `INSERT INTO leads (lead_id, created_at, region_id, status) VALUES (99999, now(), 1, 'new')`)
	require.NoError(t, err)
	bus.Publish(model.DataChange{Tables: []string{"leads"}, Cause: "sync"})
	fresh, err := e.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.False(t, fresh.Cached)
	require.NotEqual(t, first.Rows, fresh.Rows)

	// A joined table counts too: regions feeds the region name.
	bus.Publish(model.DataChange{Tables: []string{"regions"}, Cause: "settings"})
	again, err = e.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.False(t, again.Cached)
}

func TestFixedOffsetZones(t *testing.T) {
	off, ok := fixedOffset(testCal.Loc)
	require.True(t, ok)
	require.Equal(t, int64(8*3600), off)
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	_, ok = fixedOffset(ny)
	require.False(t, ok, "a zone with daylight saving keeps the exact ICU cast")
	require.Equal(t, "CAST(l.created_at AS DATE)", sqlOf(localDay(Field{Expr: col("l", "created_at"), Type: TypeTime}, ny)))
}
