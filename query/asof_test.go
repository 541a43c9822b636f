package query

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

// TestRunAtRelativeToNow: a board viewed as of a past instant takes
// yesterday and this_week from that instant, not from the clock; answers
// are shared between instants whose periods resolve the same, and not
// between instants whose periods differ.
func TestRunAtRelativeToNow(t *testing.T) {
	db := openFixture(t)
	ctx := context.Background()
	e := &Engine{DB: db, Cal: testCal, Cache: NewCache(100, nil)}
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, testCal.Loc) }
	count := func(from, to time.Time) int64 {
		var n int64
		require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM leads WHERE created_at >= ? AND created_at < ?`, from, to).Scan(&n))
		return n
	}
	period := func(name string) Spec {
		return Spec{Dataset: "leads", Measures: []Measure{{Agg: "count"}}, Chart: "kpi",
			Filters: []Filter{{Field: "created_at", Op: "relative", Period: name}}}
	}
	run := func(s Spec, now time.Time) *Result {
		t.Helper()
		res, err := e.RunAt(ctx, s, model.DemoDirector, "zh-CN", now)
		require.NoError(t, err)
		return res
	}
	bounds := func(res *Result) []any { return res.Args[:2] }

	// yesterday as of Friday 2026-11-20 10:00 is Thursday the 19th.
	y := run(period("yesterday"), at(20, 10))
	require.False(t, y.Cached)
	require.Equal(t, []any{"2026-11-19T00:00:00+08:00", "2026-11-20T00:00:00+08:00"}, bounds(y))
	require.Equal(t, count(at(19, 0), at(20, 0)), y.Rows[0][0])
	// Later the same day: the same period, the same answer from the cache.
	again := run(period("yesterday"), at(20, 23))
	require.True(t, again.Cached)
	require.Equal(t, y.Rows, again.Rows)
	// The next day: another period, another entry.
	next := run(period("yesterday"), at(21, 9))
	require.False(t, next.Cached)
	require.Equal(t, []any{"2026-11-20T00:00:00+08:00", "2026-11-21T00:00:00+08:00"}, bounds(next))
	require.Equal(t, count(at(20, 0), at(21, 0)), next.Rows[0][0])
	// The zero instant is the clock's (the fixture's today, 2026-11-27).
	clockY := run(period("yesterday"), time.Time{})
	require.Equal(t, []any{"2026-11-26T00:00:00+08:00", "2026-11-27T00:00:00+08:00"}, bounds(clockY))

	// this_week as of Tuesday the 17th is Monday 16th to Monday 23rd;
	// Friday the 20th is the same week (cached), Tuesday the 24th is not.
	w := run(period("this_week"), at(17, 8))
	require.False(t, w.Cached)
	require.Equal(t, []any{"2026-11-16T00:00:00+08:00", "2026-11-23T00:00:00+08:00"}, bounds(w))
	require.Equal(t, count(at(16, 0), at(23, 0)), w.Rows[0][0])
	require.True(t, run(period("this_week"), at(20, 18)).Cached)
	later := run(period("this_week"), at(24, 8))
	require.False(t, later.Cached)
	require.Equal(t, []any{"2026-11-23T00:00:00+08:00", "2026-11-30T00:00:00+08:00"}, bounds(later))

	// A spec without a relative period is the same answer at any instant.
	plain := Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count"}}}
	require.False(t, run(plain, at(3, 1)).Cached)
	require.True(t, run(plain, at(25, 1)).Cached)
}
