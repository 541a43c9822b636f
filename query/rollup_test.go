package query

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

// rollupCase is a spec, the rollup expected to answer it as the director
// ("" for the fact table; "*" for any rollup), and whether a rep's and a
// manager's restricted forms may use a rollup too.
type rollupCase struct {
	name       string
	spec       Spec
	want       string
	restricted bool
}

func rollupCases() []rollupCase {
	dim := func(f string) Dimension { return Dimension{Field: f} }
	tdim := func(f, g string) Dimension { return Dimension{Field: f, Grain: g} }
	count := Measure{Agg: "count"}
	rel := func(f, period string) Filter { return Filter{Field: f, Op: "relative", Period: period} }
	eq := func(f string, v any) Filter { return Filter{Field: f, Op: "eq", Values: []any{v}} }
	return []rollupCase{
		{"leads daily × region, valid", Spec{Dataset: "leads", Dimensions: []Dimension{tdim("created_at", "day"), dim("region")},
			Measures: []Measure{count}, Filters: []Filter{eq("status", "valid")}}, "leads_day", false},
		{"leads industry × region", Spec{Dataset: "leads", Dimensions: []Dimension{dim("industry"), dim("region")},
			Measures: []Measure{count}}, "leads_month", true},
		{"leads yesterday by region", Spec{Dataset: "leads", Dimensions: []Dimension{dim("region")}, Measures: []Measure{count},
			Filters: []Filter{rel("created_at", "yesterday"), eq("status", "valid")}}, "leads_day", false},
		{"leads by week and channel", Spec{Dataset: "leads", Dimensions: []Dimension{tdim("created_at", "week"), dim("channel")},
			Measures: []Measure{count, {Agg: "share"}}}, "leads_day", false},
		{"leads by quarter, this year's months", Spec{Dataset: "leads", Dimensions: []Dimension{tdim("created_at", "quarter"), dim("followed")},
			Measures: []Measure{count}, Filters: []Filter{rel("created_at", "same_period_last_year")}}, "*", false},
		{"leads rep, last 7 days (no month bounds, no rep in the day rollup)", Spec{Dataset: "leads", Dimensions: []Dimension{dim("rep")},
			Measures: []Measure{count}, Filters: []Filter{rel("created_at", "last_7_days")}}, "", false},
		{"leads follow-up hours by industry", Spec{Dataset: "leads", Dimensions: []Dimension{dim("industry")},
			Measures: []Measure{{Field: "hours_to_follow", Agg: "sum"}, {Field: "hours_to_follow", Agg: "min"},
				{Field: "hours_to_follow", Agg: "max"}, {Field: "hours_to_follow", Agg: "count"}, {Field: "hours_to_follow", Agg: "share"}}}, "leads_month", true},
		{"leads avg does not fold", Spec{Dataset: "leads", Dimensions: []Dimension{dim("industry")},
			Measures: []Measure{{Field: "hours_to_follow", Agg: "avg"}}}, "", false},
		{"leads top 3 industries + others", Spec{Dataset: "leads", Dimensions: []Dimension{dim("industry")},
			Measures: []Measure{count}, Limit: &Limit{N: 3, Others: true}}, "leads_month", true},
		{"leads count, this month (KPI)", Spec{Dataset: "leads", Measures: []Measure{count},
			Filters: []Filter{rel("created_at", "this_month")}}, "*", true},
		{"leads by rep and week (a month rollup cannot give weeks)", Spec{Dataset: "leads", Dimensions: []Dimension{tdim("created_at", "week"), dim("rep")},
			Measures: []Measure{count}}, "", false},
		{"leads by rep, between mid-month days", Spec{Dataset: "leads", Dimensions: []Dimension{dim("rep")}, Measures: []Measure{count},
			Filters: []Filter{{Field: "created_at", Op: "between", Values: []any{"2026-09-10", "2026-10-20"}}}}, "", false},
		{"leads by rep, between whole months", Spec{Dataset: "leads", Dimensions: []Dimension{dim("rep")}, Measures: []Measure{count},
			Filters: []Filter{{Field: "created_at", Op: "between", Values: []any{"2026-09-01", "2026-10-31"}}}}, "leads_month", true},
		{"leads by region, between days", Spec{Dataset: "leads", Dimensions: []Dimension{dim("region")}, Measures: []Measure{count},
			Filters: []Filter{{Field: "created_at", Op: "between", Values: []any{"2026-09-10", "2026-10-20"}}}}, "*", false},
		{"leads filtered on a field no rollup keeps", Spec{Dataset: "leads", Dimensions: []Dimension{dim("region")}, Measures: []Measure{count},
			Filters: []Filter{{Field: "customer", Op: "not_null"}}}, "", false},
		{"visits by month", Spec{Dataset: "visits", Dimensions: []Dimension{tdim("visited_at", "month")}, Measures: []Measure{count}}, "visits_day", true},
		{"visits top 10 customers + others", Spec{Dataset: "visits", Dimensions: []Dimension{dim("customer")},
			Measures: []Measure{count}, Limit: &Limit{N: 10, Others: true}}, "visits_customer", true},
		{"visits by purpose in two regions, last 30 days", Spec{Dataset: "visits", Dimensions: []Dimension{dim("purpose")}, Measures: []Measure{count},
			Filters: []Filter{rel("visited_at", "last_30_days"), {Field: "region", Op: "in", Values: []any{"华东", "华北"}}}}, "visits_day", true},
		{"visits median does not fold", Spec{Dataset: "visits", Dimensions: []Dimension{dim("rep")},
			Measures: []Measure{{Field: "entry_hours", Agg: "median"}}}, "", false},
		{"stage changes region × stage", Spec{Dataset: "stage_history", Dimensions: []Dimension{dim("region"), dim("to_stage")},
			Measures: []Measure{count}}, "stage_history_month", true},
		{"stage changes by quarter this year, not to won", Spec{Dataset: "stage_history", Dimensions: []Dimension{tdim("changed_at", "month"), dim("from_stage")},
			Measures: []Measure{count}, Filters: []Filter{rel("changed_at", "this_quarter"), {Field: "to_stage", Op: "ne", Values: []any{"won"}}}}, "stage_history_month", true},
		{"stage changes count distinct does not fold", Spec{Dataset: "stage_history", Dimensions: []Dimension{dim("region")},
			Measures: []Measure{{Field: "opp_id", Agg: "count_distinct"}}}, "", false},
		{"key actions by month", Spec{Dataset: "key_actions", Dimensions: []Dimension{tdim("completed_at", "month"), dim("action")},
			Measures: []Measure{count}}, "key_actions_month", true},
		{"lead records never", Spec{Dataset: "leads", Records: true, Limit: &Limit{N: 50},
			Filters: []Filter{rel("created_at", "this_month")}}, "", false},
		// The derived forms: each grouping is answered from a rollup where it folds.
		{"leads conversion by month (ratio of filtered counts)", Spec{Dataset: "leads", Dimensions: []Dimension{tdim("created_at", "month")},
			Measures: []Measure{{Agg: Ratio, Key: "conversion", Num: &Measure{Agg: "count", Filters: []Filter{eq("status", "converted")}},
				Den: &Measure{Agg: "count", Filters: []Filter{{Field: "status", Op: "in", Values: []any{"valid", "converted"}}}}}}}, "*", true},
		{"leads running count by week and channel", Spec{Dataset: "leads", Dimensions: []Dimension{tdim("created_at", "week"), dim("channel")},
			Measures: []Measure{count, {Agg: "count", Running: true}}, Filters: []Filter{rel("created_at", "this_quarter")}}, "leads_day", false},
		{"leads followed up by region (a measure's own filter)", Spec{Dataset: "leads", Dimensions: []Dimension{dim("region")},
			Measures: []Measure{count, {Agg: "count", Key: "followed", Filters: []Filter{eq("followed", true)}}}}, "*", true},
		{"visits per working day by region, last month", Spec{Dataset: "visits", Dimensions: []Dimension{dim("region")},
			Measures: []Measure{{Agg: "count", Per: []string{"working_day"}}}, Filters: []Filter{rel("visited_at", "last_month")}}, "visits_day", true},
		{"leads by month this year against last year", Spec{Dataset: "leads", Dimensions: []Dimension{tdim("created_at", "month"), dim("channel")},
			Measures: []Measure{count}, Filters: []Filter{rel("created_at", "this_year")}, Compare: []string{"previous", "year_ago"}}, "*", true},
		{"contracts by signing week ÷ leads by creation week", Spec{Dataset: "leads", Dimensions: []Dimension{tdim("created_at", "week")},
			Measures: []Measure{{Agg: Ratio, Num: &Measure{Agg: "count", Dataset: "contracts", Fields: map[string]string{"created_at": "signed_at"}},
				Den: &Measure{Agg: "count", Filters: []Filter{eq("status", "valid")}}}}, Filters: []Filter{rel("created_at", "this_quarter")}}, "leads_day", false},
		{"visit records sorted and paged (their count folds)", Spec{Dataset: "visits", Records: true, Limit: &Limit{N: 20}, Offset: 20,
			Sort: []SortKey{{Column: "customer"}}, Filters: []Filter{rel("visited_at", "last_30_days"), eq("region", "华东")}}, "", false},
	}
}

// TestRollupAnswersEqualFactTable runs every case as the director, a
// manager and a rep, once with the rollups and once on the fact tables,
// and wants the same rows — and the rollup the case expects.
func TestRollupAnswersEqualFactTable(t *testing.T) {
	db := goldenDB(t)
	ctx := context.Background()
	ru := NewRollups(db.DB, testCal, nil)
	require.NoError(t, ru.BuildStale(ctx))
	for _, st := range ru.Status() {
		require.True(t, st.Fresh, st.Name)
		require.Positive(t, st.Rows, st.Name)
	}
	var manager int64 // the manager with the most reports
	require.NoError(t, db.QueryRowContext(ctx, `SELECT manager_id FROM reps WHERE manager_id IS NOT NULL
		GROUP BY manager_id ORDER BY count(*) DESC, manager_id LIMIT 1`).Scan(&manager))
	var rep int64
	require.NoError(t, db.QueryRowContext(ctx, `SELECT min(rep_id) FROM reps WHERE rep_id NOT IN (SELECT manager_id FROM reps WHERE manager_id IS NOT NULL)`).Scan(&rep))
	ids := []struct {
		name string
		id   model.Identity
	}{
		{"director", model.DemoDirector},
		{"manager", model.Identity{UserID: 90, Login: "m", Role: model.RoleManager, RepID: manager}},
		{"rep", model.Identity{UserID: 91, Login: "r", Role: model.RoleRep, RepID: rep}},
	}
	withRollups := &Engine{DB: db, Cal: testCal, Rollups: ru}
	factOnly := &Engine{DB: db, Cal: testCal}
	used := 0
	for _, c := range rollupCases() {
		for _, who := range ids {
			t.Run(c.name+"/"+who.name, func(t *testing.T) {
				got, err := withRollups.Run(ctx, c.spec, who.id, "zh-CN")
				require.NoError(t, err)
				want, err := factOnly.Run(ctx, c.spec, who.id, "zh-CN")
				require.NoError(t, err)
				require.Empty(t, want.Rollup)
				expect := c.want
				if who.name != "director" && !c.restricted {
					expect = ""
				}
				switch expect {
				case "*":
					require.NotEmpty(t, got.Rollup, "a rollup should answer:\n%s", got.SQL)
				default:
					require.Equal(t, expect, got.Rollup, got.SQL)
				}
				if got.Rollup != "" {
					used++
					require.Contains(t, got.SQL, "rollup_"+got.Rollup)
				}
				require.Equal(t, want.Columns, got.Columns)
				requireSameRows(t, want.Rows, got.Rows, dimsOf(want.Columns))
				if c.spec.Records {
					// The listing's count (RecordCount) from a rollup equals the fact table's.
					gotN, err := withRollups.RecordCount(ctx, c.spec, who.id, "zh-CN", time.Time{})
					require.NoError(t, err)
					wantN, err := factOnly.RecordCount(ctx, c.spec, who.id, "zh-CN", time.Time{})
					require.NoError(t, err)
					require.Equal(t, wantN, gotN)
					p, err := withRollups.validateAt(c.spec, who.id, "zh-CN", time.Time{})
					require.NoError(t, err)
					if _, name, ok := ru.Answer(countPlan(p)); ok {
						used++
						require.NotEmpty(t, name)
					}
					if who.name == "director" {
						require.Positive(t, wantN, "the case should find data on the demo company")
					}
				}
				if len(c.spec.Dimensions) > 0 && who.name == "director" {
					require.NotEmpty(t, want.Rows, "the case should find data on the demo company")
				}
			})
		}
	}
	require.Greater(t, used, 30)
}

func dimsOf(cols []Column) int {
	n := 0
	for _, c := range cols {
		if c.Role == "dimension" {
			n++
		}
	}
	return n
}

// requireSameRows compares two results row by row after ordering both by
// their dimension values (two groups tied on a float sum may swap places);
// measures match to 1e-9 relative (a sum of partial sums adds in another
// order).
func requireSameRows(t *testing.T, want, got [][]any, dims int) {
	t.Helper()
	require.Len(t, got, len(want))
	keyOf := func(r []any) string { return fmt.Sprint(r[:dims]...) }
	sorted := func(rows [][]any) [][]any {
		out := append([][]any{}, rows...)
		sort.SliceStable(out, func(i, j int) bool { return keyOf(out[i]) < keyOf(out[j]) })
		return out
	}
	w, g := sorted(want), sorted(got)
	for i := range w {
		require.Equal(t, w[i][:dims], g[i][:dims], "row %d", i)
		for j := dims; j < len(w[i]); j++ {
			a, b := toFloat(w[i][j]), toFloat(g[i][j])
			require.InDelta(t, a, b, 1e-9*math.Max(1, math.Abs(a)), "row %v, column %d", w[i][:dims], j)
		}
	}
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	case nil:
		return math.NaN()
	}
	panic(fmt.Sprintf("unexpected measure value %T", v))
}

// TestRollupFreshness: a change to a table a rollup reads sends its plans
// to the fact table at once (the new row counted), a change elsewhere does
// not, and after the rebuild the rollup answers again with the new row.
func TestRollupFreshness(t *testing.T) {
	db := openFixture(t)
	ctx := context.Background()
	bus := &model.Bus{}
	ru := NewRollups(db.DB, testCal, nil)
	bus.Subscribe(ru.Invalidate)
	eng := &Engine{DB: db, Cal: testCal, Rollups: ru, Cache: NewCache(16, bus)}
	require.NoError(t, ru.BuildStale(ctx))
	spec := Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count"}}}
	total := func(res *Result) (n int64) {
		for _, r := range res.Rows {
			n += r[1].(int64)
		}
		return n
	}
	before, err := eng.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.NotEmpty(t, before.Rollup)

	bus.Publish(model.DataChange{Tables: []string{"visits"}, Cause: "sync"})
	again, err := eng.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.True(t, again.Cached, "a change to visits keeps the leads answer")

	_, err = db.ExecContext(ctx, `INSERT INTO leads (lead_id, created_at, region_id, channel, status, owner_rep_id)
		SELECT max(lead_id) + 1, TIMESTAMPTZ '2026-11-20 10:00:00+08', min(region_id), 'web', 'valid', 3 FROM leads`)
	require.NoError(t, err)
	bus.Publish(model.DataChange{Tables: []string{"leads"}, Cause: "sync"})
	stale, err := eng.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.Empty(t, stale.Rollup, "a stale rollup must not answer")
	require.Equal(t, total(before)+1, total(stale))
	for _, st := range ru.Status() {
		touched := strings.HasPrefix(st.Name, "leads_") || strings.HasPrefix(st.Name, "visits_")
		require.Equal(t, !touched, st.Fresh, st.Name)
	}

	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	go ru.Run(wctx)
	require.NoError(t, ru.WaitFresh(wctx))
	eng.Cache.Clear()
	after, err := eng.Run(ctx, spec, model.DemoDirector, "zh-CN")
	require.NoError(t, err)
	require.NotEmpty(t, after.Rollup)
	require.Equal(t, total(before)+1, total(after))
	requireSameRows(t, stale.Rows, after.Rows, 1)
}

// TestRollupGolden pins each summary table's build statement and the SQL
// of a spec answered from it (testdata/rollups/; `go test ./query -update`).
func TestRollupGolden(t *testing.T) {
	for _, ru := range registeredRollups() {
		q, tables := ru.buildSQL(testCal.Loc)
		compareGolden(t, "testdata/rollups/"+ru.Name+".build.sql", q+"\n-- reads "+strings.Join(tables, ", ")+"\n")
	}
	ru := &Rollups{state: map[string]*rollupState{}, dsets: map[string]*Dataset{}}
	for _, r := range registeredRollups() {
		ru.state[r.Name] = &rollupState{fresh: true, rows: 1}
		ru.dsets[r.Name] = r.dataset()
	}
	eng := &Engine{Cal: testCal, Rollups: ru}
	for i, c := range rollupCases() {
		if c.want == "" || c.want == "*" {
			continue
		}
		_, q, err := eng.Prepare(c.spec, model.DemoDirector, "zh-CN")
		require.NoError(t, err)
		require.Equal(t, c.want, q.Rollup, c.name)
		args, _ := json.MarshalIndent(q.Args, "", "  ")
		compareGolden(t, fmt.Sprintf("testdata/rollups/case%02d_%s.sql", i, q.Rollup), q.SQL+"\n-- args "+string(args)+"\n")
	}
}
