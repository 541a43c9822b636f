package query

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/model"
)

// TestRecordsSorted: a listing sorted ascending by created_at is the
// oldest rows first ("longest waiting"), ties broken by lead_id; several
// keys, asc and desc, hold in order; an unknown sort column is bad input
// with its JSON path.
func TestRecordsSorted(t *testing.T) {
	db := goldenDB(t)
	e := &Engine{DB: db, Cal: goldenCal()}
	ctx := context.Background()
	oldest := Spec{Dataset: "leads", Records: true, Sort: []SortKey{{Column: "created_at"}}, Limit: &Limit{N: 3},
		Filters: []Filter{{Field: "followed", Op: "eq", Values: []any{false}}}}
	res, err := e.Run(ctx, oldest, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.Len(t, res.Rows, 3)
	var want []any
	rs, err := db.QueryContext(ctx, `SELECT lead_id FROM leads WHERE first_followed_at IS NULL ORDER BY created_at, lead_id LIMIT 3`)
	require.NoError(t, err)
	defer rs.Close()
	for rs.Next() {
		var id int64
		require.NoError(t, rs.Scan(&id))
		want = append(want, id)
	}
	require.NoError(t, rs.Err())
	require.Equal(t, want, []any{res.Rows[0][1], res.Rows[1][1], res.Rows[2][1]}, "the three longest waiting, oldest first")

	multi := Spec{Dataset: "opportunities", Records: true, Limit: &Limit{N: 500},
		Sort: []SortKey{{Column: "stage"}, {Column: "amount", Desc: true}}}
	res, err = e.Run(ctx, multi, model.DemoDirector, "en")
	require.NoError(t, err)
	require.Len(t, res.Rows, 500)
	for i := 1; i < len(res.Rows); i++ {
		a, b := res.Rows[i-1], res.Rows[i]
		sa, sb := fmt.Sprint(a[4]), fmt.Sprint(b[4])
		require.LessOrEqual(t, sa, sb, "stage ascending at row %d", i)
		if sa == sb && a[6] != nil && b[6] != nil {
			require.GreaterOrEqual(t, a[6].(float64), b[6].(float64), "amount descending within a stage at row %d", i)
		}
	}

	_, err = e.Run(ctx, Spec{Dataset: "leads", Records: true, Sort: []SortKey{{Column: "created_at"}, {Column: "amount"}}}, model.DemoDirector, "en")
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	require.Contains(t, apperr.ProblemsOf(err)[0], `sort[1].column: unknown column "amount"`)
}

// TestRecordsPaged: consecutive pages of a sorted listing are the whole
// listing cut in order — no row twice, none lost at a page boundary, even
// where the sort key ties (many leads share a channel) — and the count is
// the listing's length.
func TestRecordsPaged(t *testing.T) {
	db := goldenDB(t)
	e := &Engine{DB: db, Cal: goldenCal(), Cache: NewCache(100, nil)}
	ctx := context.Background()
	base := Spec{Dataset: "leads", Records: true, Sort: []SortKey{{Column: "channel"}},
		Filters: []Filter{{Field: "created_at", Op: "relative", Period: "last_30_days"}}}
	for _, id := range fuzzIdentities {
		all := base
		all.Limit = &Limit{N: MaxRecords}
		whole, err := e.Run(ctx, all, id, "zh-CN")
		require.NoError(t, err)
		n, err := e.RecordCount(ctx, base, id, "zh-CN", time.Time{})
		require.NoError(t, err)
		require.Less(t, len(whole.Rows), MaxRecords, "the test wants the whole listing in one page")
		require.Equal(t, int64(len(whole.Rows)), n, "RecordCount as %s", id.Role)
		require.Greater(t, n, int64(17), "more than one page as %s", id.Role)
		var paged [][]any
		for off := 0; off < len(whole.Rows); off += 17 {
			page := base
			page.Limit, page.Offset = &Limit{N: 17}, off
			res, err := e.Run(ctx, page, id, "zh-CN")
			require.NoError(t, err)
			paged = append(paged, res.Rows...)
		}
		require.Equal(t, whole.Rows, paged, "pages of 17 as %s", id.Role)
	}
	_, err := e.Run(ctx, Spec{Dataset: "leads", Records: true, Offset: MaxOffset + 1}, model.DemoDirector, "en")
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	require.Contains(t, apperr.ProblemsOf(err)[0], "offset: must be between 0 and")
}

// TestRecordCountCached: the count is answered from the cache until a
// change to a table it reads, and is bad input for a spec that is not a
// listing.
func TestRecordCountCached(t *testing.T) {
	db := openFixture(t)
	ctx := context.Background()
	bus := &model.Bus{}
	e := &Engine{DB: db, Cal: testCal, Cache: NewCache(100, bus)}
	spec := Spec{Dataset: "leads", Records: true, Limit: &Limit{N: 5}, Offset: 5,
		Filters: []Filter{{Field: "region", Op: "eq", Values: []any{"华东"}}}}
	var want int64
	require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM leads WHERE region_id = 1`).Scan(&want))
	n, err := e.RecordCount(ctx, spec, model.DemoDirector, "zh-CN", time.Time{})
	require.NoError(t, err)
	require.Equal(t, want, n)
	_, err = db.ExecContext(ctx, `INSERT INTO leads (lead_id, created_at, region_id, status) VALUES (99999, now(), 1, 'new')`)
	require.NoError(t, err)
	n, err = e.RecordCount(ctx, spec, model.DemoDirector, "zh-CN", time.Time{})
	require.NoError(t, err)
	require.Equal(t, want, n, "served from the cache: no data change was announced")
	bus.Publish(model.DataChange{Tables: []string{"leads"}, Cause: "sync"})
	n, err = e.RecordCount(ctx, spec, model.DemoDirector, "zh-CN", time.Time{})
	require.NoError(t, err)
	require.Equal(t, want+1, n)

	// A rep counts only their own rows.
	rep := model.Identity{UserID: 3, Login: "r", Role: model.RoleRep, RepID: 3}
	require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM leads WHERE region_id = 1 AND owner_rep_id = 3`).Scan(&want))
	n, err = e.RecordCount(ctx, spec, rep, "zh-CN", time.Time{})
	require.NoError(t, err)
	require.Equal(t, want, n)

	_, err = e.RecordCount(ctx, Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count"}}}, model.DemoDirector, "en", time.Time{})
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	require.Contains(t, apperr.ProblemsOf(err)[0], "records: RecordCount needs a record listing")
}

// TestStreamRecords streams a whole listing of the demo company — more
// rows than MaxRecords — in the listing's order, restricted to the
// caller, and stops when ctx ends or the callback fails.
func TestStreamRecords(t *testing.T) {
	db := goldenDB(t)
	e := &Engine{DB: db, Cal: goldenCal()}
	ctx := context.Background()
	spec := Spec{Dataset: "leads", Records: true, Limit: &Limit{N: 10}, Offset: 30}
	var total int64
	require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM leads`).Scan(&total))
	require.Greater(t, total, int64(MaxRecords), "a set larger than a listing's cap")

	var rows [][]any
	var cols []Column
	err := e.StreamRecords(ctx, spec, model.DemoDirector, "zh-CN", time.Time{}, func(c []Column, row []any) error {
		cols = c
		rows = append(rows, row)
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, total, int64(len(rows)), "every row, limit and offset ignored")
	require.Equal(t, "created_at", cols[0].Key)
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1][0].(string), rows[i][0].(string)
		ta, err := time.Parse(time.RFC3339, a)
		require.NoError(t, err)
		tb, err := time.Parse(time.RFC3339, b)
		require.NoError(t, err)
		require.False(t, ta.Before(tb), "newest first at row %d", i)
		if ta.Equal(tb) {
			require.Less(t, rows[i-1][1].(int64), rows[i][1].(int64), "ties by lead_id at row %d", i)
		}
	}
	// The first page of the listing is the stream's first rows.
	page, err := e.Run(ctx, Spec{Dataset: "leads", Records: true, Limit: &Limit{N: 10}, Offset: 30}, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.Equal(t, rows[30:40], page.Rows)

	// A manager streams only their subtree.
	mgr := fuzzIdentities[1]
	var mine int64
	require.NoError(t, db.QueryRowContext(ctx, `WITH RECURSIVE s(rep_id) AS (SELECT CAST(? AS BIGINT) UNION SELECT r.rep_id FROM reps r JOIN s ON r.manager_id = s.rep_id)
		SELECT count(*) FROM leads WHERE owner_rep_id IN (SELECT rep_id FROM s)`, mgr.RepID).Scan(&mine))
	var got int64
	require.NoError(t, e.StreamRecords(ctx, spec, mgr, "zh-CN", time.Time{}, func([]Column, []any) error { got++; return nil }))
	require.Equal(t, mine, got)
	require.Less(t, got, total)

	// Cancelling the context stops the stream.
	cctx, cancel := context.WithCancel(ctx)
	calls := 0
	err = e.StreamRecords(cctx, spec, model.DemoDirector, "zh-CN", time.Time{}, func([]Column, []any) error {
		calls++
		if calls == 100 {
			cancel()
		}
		return nil
	})
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, 100, calls, "no row after the cancel")

	// The callback's error stops it and comes back as is.
	stop := errors.New("client went away")
	calls = 0
	err = e.StreamRecords(ctx, spec, model.DemoDirector, "zh-CN", time.Time{}, func([]Column, []any) error {
		calls++
		return stop
	})
	require.ErrorIs(t, err, stop)
	require.Equal(t, 1, calls)

	err = e.StreamRecords(ctx, Spec{Dataset: "leads", Measures: []Measure{{Agg: "count"}}}, model.DemoDirector, "en", time.Time{}, nil)
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	err = e.StreamRecords(ctx, spec, model.Identity{Role: model.RoleRep}, "en", time.Time{}, nil)
	require.Equal(t, apperr.Forbidden, apperr.KindOf(err))
}
