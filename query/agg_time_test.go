package query

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/model"
)

// TestMaxOfTimeField: max and min of a time field come back as the
// instant (RFC 3339 in the business zone) or the date (YYYY-MM-DD), typed
// so — how a board finds "the latest period with data" — for every role,
// under filters; a derived form that would do arithmetic on them is bad
// input instead of a database error.
func TestMaxOfTimeField(t *testing.T) {
	db := goldenDB(t)
	ctx := context.Background()
	e := &Engine{DB: db, Cal: goldenCal()}
	latest := Spec{Dataset: "leads", Measures: []Measure{{Agg: "max", Field: "created_at"}, {Agg: "min", Field: "created_at"}}, Chart: "kpi"}
	for _, id := range fuzzIdentities {
		res, err := e.Run(ctx, latest, id, "zh-CN")
		require.NoError(t, err)
		require.Equal(t, TypeTime, res.Columns[0].Type)
		require.Equal(t, TypeTime, res.Columns[1].Type)
		q := `SELECT max(created_at), min(created_at) FROM leads`
		var args []any
		switch id.Role {
		case model.RoleRep:
			q, args = q+` WHERE owner_rep_id = ?`, []any{id.RepID}
		case model.RoleManager:
			q = `WITH RECURSIVE s(rep_id) AS (SELECT CAST(? AS BIGINT) UNION SELECT r.rep_id FROM reps r JOIN s ON r.manager_id = s.rep_id) ` +
				q + ` WHERE owner_rep_id IN (SELECT rep_id FROM s)`
			args = []any{id.RepID}
		}
		var hi, lo time.Time
		require.NoError(t, db.QueryRowContext(ctx, q, args...).Scan(&hi, &lo))
		require.Equal(t, hi.In(goldenCal().Loc).Format(time.RFC3339), res.Rows[0][0], "latest as %s", id.Role)
		require.Equal(t, lo.In(goldenCal().Loc).Format(time.RFC3339), res.Rows[0][1], "earliest as %s", id.Role)
	}

	// A date field by region, under a filter: dates, not instants.
	dates := Spec{Dataset: "opportunities", Dimensions: []Dimension{{Field: "region"}},
		Measures: []Measure{{Agg: "max", Field: "planned_sign_date"}},
		Filters:  []Filter{{Field: "outcome", Op: "eq", Values: []any{"open"}}}}
	res, err := e.Run(ctx, dates, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.Equal(t, TypeDate, res.Columns[1].Type)
	var want sql.NullTime
	require.NoError(t, db.QueryRowContext(ctx, `SELECT max(planned_sign_date) FROM opportunities WHERE outcome = 'open'`).Scan(&want))
	require.True(t, want.Valid, "the demo company plans signings")
	var best string
	for _, r := range res.Rows {
		if s, ok := r[1].(string); ok {
			_, err := time.Parse("2006-01-02", s)
			require.NoError(t, err, "a date: %q", s)
			if s > best {
				best = s
			}
		}
	}
	require.Equal(t, want.Time.Format("2006-01-02"), best)

	for _, bad := range []Spec{
		{Dataset: "leads", Measures: []Measure{{Agg: "max", Field: "created_at"}}, Compare: []string{"previous"},
			Filters: []Filter{{Field: "created_at", Op: "relative", Period: "this_month"}}},
		{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "max", Field: "created_at", Per: []string{"rep"}}}},
		{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "ratio",
			Num: &Measure{Agg: "max", Field: "created_at"}, Den: &Measure{Agg: "count"}}}},
	} {
		_, err := e.Run(ctx, bad, model.DemoDirector, "en")
		require.Equal(t, apperr.BadInput, apperr.KindOf(err), "%v", err)
		require.Contains(t, apperr.ProblemsOf(err)[0], "is a point in time")
	}
}

// TestCompareWithRegionForEveryRole: a board adds region (and rep)
// filters to every panel; a compared panel under them answers for a
// director, a manager and a rep, and its earlier-period column equals the
// same spec asked plainly over the earlier period — the row restriction
// and the region hold in both periods.
func TestCompareWithRegionForEveryRole(t *testing.T) {
	db := goldenDB(t)
	ctx := context.Background()
	e := &Engine{DB: db, Cal: goldenCal()}
	var region, rep string
	require.NoError(t, db.QueryRowContext(ctx, `SELECT rg.name, r.name FROM reps r JOIN regions rg ON rg.region_id = r.region_id WHERE r.rep_id = 3`).Scan(&region, &rep))
	cal := goldenCal()
	last := cal.Month(cal.Month(cal.Now()).From.AddDate(0, 0, -1)) // last month
	before := cal.Month(last.From.AddDate(0, 0, -1))               // the month before
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	for _, extra := range [][]Filter{
		{{Field: "region", Op: "eq", Values: []any{region}}},
		{{Field: "region", Op: "eq", Values: []any{region}}, {Field: "rep", Op: "eq", Values: []any{rep}}},
	} {
		for _, id := range fuzzIdentities {
			for _, ds := range []struct{ name, time string }{{"leads", "created_at"}, {"visits", "visited_at"}, {"contracts", "signed_at"}} {
				filters := append([]Filter{{Field: ds.time, Op: "relative", Period: "last_month"}}, extra...)
				spec := Spec{Dataset: ds.name, Dimensions: []Dimension{{Field: "rep"}}, Measures: []Measure{{Agg: "count"}},
					Compare: []string{"previous", "year_ago"}, Filters: filters}
				res, err := e.Run(ctx, spec, id, "zh-CN")
				require.NoError(t, err, "%s as %s", ds.name, id.Role)
				earlier := Spec{Dataset: ds.name, Dimensions: []Dimension{{Field: "rep"}}, Measures: []Measure{{Agg: "count"}},
					Filters: append([]Filter{{Field: ds.time, Op: "between", Values: []any{day(before.From), day(before.To.AddDate(0, 0, -1))}}}, extra...)}
				then, err := e.Run(ctx, earlier, id, "zh-CN")
				require.NoError(t, err)
				now := Spec{Dataset: ds.name, Dimensions: []Dimension{{Field: "rep"}}, Measures: []Measure{{Agg: "count"}}, Filters: filters}
				plain, err := e.Run(ctx, now, id, "zh-CN")
				require.NoError(t, err)
				byRep := func(rows [][]any) map[any]int64 {
					m := map[any]int64{}
					for _, r := range rows {
						m[r[0]] = r[1].(int64)
					}
					return m
				}
				thenBy, nowBy := byRep(then.Rows), byRep(plain.Rows)
				require.Len(t, res.Rows, len(plain.Rows), "%s as %s: the rows are this period's", ds.name, id.Role)
				if id.Role != model.RoleManager { // rep 3 is in neither the manager's subtree nor needs to be
					require.NotEmpty(t, res.Rows, "%s as %s: the region has rows last month", ds.name, id.Role)
				}
				if id.Role == model.RoleRep {
					require.Len(t, res.Rows, 1, "a rep sees only their own row")
				}
				for _, r := range res.Rows {
					require.Equal(t, nowBy[r[0]], r[1], "%s as %s: %v this period", ds.name, id.Role, r[0])
					require.Equal(t, thenBy[r[0]], r[2], "%s as %s: %v previous period", ds.name, id.Role, r[0])
					if len(extra) == 2 {
						require.Equal(t, rep, r[0])
					}
				}
			}
		}
	}
}
