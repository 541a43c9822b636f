package boards_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/boards"
	"salesbi/i18n"
	"salesbi/model"
	"salesbi/presets"
	"salesbi/query"
)

// The stand-up answered through the engine: every panel has data, its
// numbers equal the test's own SQL, the titles follow the period and the
// data as of is the demo's generation.
func TestAnswerStandup(t *testing.T) {
	f := newService(t)
	a := f.answer(t, boards.Request{Board: board(t, "standup")})
	require.Equal(t, "standup", a.Slug)
	require.Equal(t, "yesterday", a.Selection.Period, "the board's default period is filled in")
	require.Equal(t, "昨日 11-26", a.PeriodLabel)
	require.Len(t, a.Panels, len(board(t, "standup").Panels))
	for _, p := range a.Panels {
		require.Empty(t, p.Error, p.ID)
		require.False(t, p.Pending, p.ID)
		require.NotEmpty(t, p.Rows, p.ID)
		require.Nil(t, p.Empty, p.ID)
		require.True(t, p.DataAsOf.Equal(generatedAt), "%s: data as of %v", p.ID, p.DataAsOf)
		require.False(t, p.Stale, p.ID)
	}
	require.True(t, a.DataAsOf.Equal(generatedAt))
	require.False(t, a.Stale)

	kpi := panelOf(t, a, "kpi_valid_leads")
	require.Equal(t, "昨日 · 新增有效线索", kpi.Title)
	require.Equal(t, f.count(t, `SELECT count(*) FROM leads WHERE status IN ('valid','converted')
		AND created_at >= '2026-11-26 00:00:00+08' AND created_at < '2026-11-27 00:00:00+08'`), kpi.Rows[0][0])
	require.True(t, kpi.Drillable, "a KPI opens its drill path")
	require.Equal(t, [][]map[string]any{{{}}}, kpi.Points)

	byRegion := panelOf(t, a, "valid_leads")
	var sum int64
	for i, row := range byRegion.Rows {
		n := f.count(t, `SELECT count(*) FROM leads l JOIN regions r USING (region_id) WHERE r.name = ? AND l.status IN ('valid','converted')
			AND l.created_at >= '2026-11-26 00:00:00+08' AND l.created_at < '2026-11-27 00:00:00+08'`, row[0])
		require.Equal(t, n, row[1], "region %v", row[0])
		sum += n
		require.Equal(t, map[string]any{"region": row[0]}, byRegion.Points[0][i])
	}
	require.Equal(t, kpi.Rows[0][0], sum)
	require.NotNil(t, byRegion.Option)

	visits := panelOf(t, a, "kpi_visits")
	require.Equal(t, f.count(t, `SELECT count(*) FROM visits WHERE visited_at >= '2026-11-26 00:00:00+08' AND visited_at < '2026-11-27 00:00:00+08'`), visits.Rows[0][0])
	signings := panelOf(t, a, "kpi_signings")
	require.Equal(t, f.count(t, `SELECT count(*) FROM contracts WHERE signed_at >= '2026-11-26 00:00:00+08' AND signed_at < '2026-11-27 00:00:00+08'`), signings.Rows[0][0])

	// A snapshot panel (fixed window) keeps its title and says it does not
	// take the board's period.
	nf := panelOf(t, a, "not_followed_up")
	require.Equal(t, "TOP3未跟进线索", nf.Title)
	require.Contains(t, nf.Skipped, "period")
	require.Len(t, nf.Rows, 3)

	// English, another period.
	en := f.answer(t, boards.Request{Board: board(t, "standup"), Locale: i18n.EN, Selection: presets.Selection{Period: "this_month"}})
	require.Equal(t, "This month", en.PeriodLabel)
	require.Equal(t, "This month · New valid leads", panelOf(t, en, "kpi_valid_leads").Title)
	require.Equal(t, "Yesterday, Nov 26", f.answer(t, boards.Request{Board: board(t, "standup"), Locale: i18n.EN}).PeriodLabel)
	custom := f.answer(t, boards.Request{Board: board(t, "standup"), Selection: presets.Selection{From: "2026-11-01", To: "2026-11-15"}})
	require.Equal(t, "11-01 至 11-15", custom.PeriodLabel)
	require.Equal(t, "11-01 至 11-15 · 签约数", panelOf(t, custom, "kpi_signings").Title)
	require.Equal(t, f.count(t, `SELECT count(*) FROM contracts WHERE signed_at >= '2026-11-01 00:00:00+08' AND signed_at < '2026-11-16 00:00:00+08'`),
		panelOf(t, custom, "kpi_signings").Rows[0][0])
}

// Two days after the generation the data is stale, panel and board.
func TestStaleAfter(t *testing.T) {
	f := newService(t)
	f.clk.Set(generatedAt.Add(25 * time.Hour))
	a := f.answer(t, boards.Request{Board: board(t, "standup")})
	require.True(t, a.Stale)
	for _, p := range a.Panels {
		require.True(t, p.Stale, p.ID)
	}
	f.svc.StaleAfter = 48 * time.Hour
	require.False(t, f.answer(t, boards.Request{Board: board(t, "standup")}).Stale)
}

// The sync log's newer run of one table makes only the panels reading it
// newer; the board's as of stays the oldest.
func TestDataAsOfPerTable(t *testing.T) {
	f := newService(t)
	later := generatedAt.Add(time.Hour)
	_, err := f.db.Exec(`INSERT INTO sync_runs (source, table_name, mode, status, started_at, finished_at) VALUES
		('crm', 'visits', 'incremental', 'ok', ?, ?), ('crm', 'leads', 'incremental', 'failed', ?, ?)`, later, later, later, later)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = f.db.Exec(`DELETE FROM sync_runs WHERE source = 'crm'`) })
	a := f.answer(t, boards.Request{Board: board(t, "standup")})
	require.True(t, panelOf(t, a, "kpi_visits").DataAsOf.Equal(later), "a count of visits reads visits alone")
	// By region it reads reps and regions too: as old as they are.
	require.True(t, panelOf(t, a, "visits").DataAsOf.Equal(generatedAt))
	require.True(t, panelOf(t, a, "kpi_valid_leads").DataAsOf.Equal(generatedAt), "a failed run does not count")
	require.True(t, a.DataAsOf.Equal(generatedAt))
	tables, err := f.svc.Tables(query.Spec{Dataset: "visits", Measures: []query.Measure{{Agg: "count"}}}, model.DemoDirector, i18n.ZH)
	require.NoError(t, err)
	require.Equal(t, []string{"visits"}, tables, "a count of visits reads visits alone")
}

// A panel that cannot be answered says so; the others are answered.
func TestPanelErrorIsThePanels(t *testing.T) {
	f := newService(t)
	b := board(t, "standup")
	broken := b.Panels[0]
	broken.ID = "broken"
	broken.Spec.Filters = append([]query.Filter{{Field: "status", Op: "eq", Values: []any{"valid"}}}, query.Filter{Field: "nope", Op: "eq", Values: []any{1}})
	b.Panels = append([]presets.Panel{broken}, b.Panels...)
	a := f.answer(t, boards.Request{Board: b})
	require.Contains(t, panelOf(t, a, "broken").Error, "nope")
	for _, p := range a.Panels[1:] {
		require.Empty(t, p.Error, p.ID)
		require.NotEmpty(t, p.Rows, p.ID)
	}
}

// Panels not done within the budget come back pending and still fill the
// cache: asked for alone afterwards they are answered from it.
func TestBudgetLeavesLatePanelsPending(t *testing.T) {
	f := newService(t)
	f.svc.Budget = time.Nanosecond
	a := f.answer(t, boards.Request{Board: board(t, "standup"), Selection: presets.Selection{Period: "last_quarter"}})
	var pending []string
	for _, p := range a.Panels {
		if p.Pending {
			pending = append(pending, p.ID)
			require.Empty(t, p.Rows)
			require.NotEmpty(t, p.Title)
			if p.ID != "not_followed_up" {
				require.True(t, strings.HasPrefix(p.Title, "上季度 · "), p.Title)
			}
		}
	}
	require.NotEmpty(t, pending, "a nanosecond is not enough for any panel")
	f.svc.Wait()
	again := f.answer(t, boards.Request{Board: board(t, "standup"), Selection: presets.Selection{Period: "last_quarter"}, Only: pending})
	require.Len(t, again.Panels, len(pending))
	for _, p := range again.Panels {
		require.False(t, p.Pending, p.ID)
		require.Empty(t, p.Error, p.ID)
		require.True(t, p.Cached, "%s: the late panel warmed the cache", p.ID)
	}
}

// A sync's data change makes the next answer uncached for the panels
// reading the changed table (the query engine's result cache).
func TestDataChangeDropsCachedAnswers(t *testing.T) {
	f := newService(t)
	r := boards.Request{Board: board(t, "standup"), Selection: presets.Selection{Period: "last_week"}}
	f.answer(t, r)
	for _, p := range f.answer(t, r).Panels {
		require.True(t, p.Cached, p.ID)
	}
	f.bus.Publish(model.DataChange{Tables: []string{"visits"}, Cause: "sync"})
	a := f.answer(t, r)
	for _, p := range a.Panels {
		reads, err := f.svc.Tables(p.Spec, model.DemoDirector, i18n.ZH)
		require.NoError(t, err)
		require.Equal(t, !containsString(reads, "visits"), p.Cached, p.ID)
	}
	f.bus.Publish(model.DataChange{Cause: "sync"})
	for _, p := range f.answer(t, r).Panels {
		require.False(t, p.Cached, p.ID)
	}
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// The filter choices: every region, the reps narrowed to the chosen
// region, each as the test's SQL lists them; a rep is offered only
// themself.
func TestFilterChoices(t *testing.T) {
	f := newService(t)
	a := f.answer(t, boards.Request{Board: board(t, "standup")})
	require.Len(t, a.Filters.Periods, len(presets.PeriodPresets)+1)
	require.Equal(t, boards.Choice{Value: "yesterday", Label: "昨日"}, a.Filters.Periods[0])
	want := names(t, f, `SELECT DISTINCT rg.name FROM reps r JOIN regions rg USING (region_id) ORDER BY 1`)
	require.Equal(t, want, values(a.Filters.Regions))
	region := want[0]
	a = f.answer(t, boards.Request{Board: board(t, "standup"), Selection: presets.Selection{Region: region}})
	require.Equal(t, names(t, f, `SELECT DISTINCT r.name FROM reps r JOIN regions rg USING (region_id) WHERE rg.name = ? ORDER BY 1`, region),
		values(a.Filters.Reps))
	var repID int64
	var repName string
	require.NoError(t, f.db.QueryRow(`SELECT rep_id, name FROM reps WHERE level = 'rep' ORDER BY rep_id LIMIT 1`).Scan(&repID, &repName))
	a = f.answer(t, boards.Request{Board: board(t, "standup"), Identity: model.Identity{UserID: 9, Role: model.RoleRep, RepID: repID}})
	require.Equal(t, []string{repName}, values(a.Filters.Reps))
}

func names(t *testing.T, f *fixture, q string, args ...any) []string {
	rows, err := f.db.Query(q, args...)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		out = append(out, s)
	}
	return out
}

func values(cs []boards.Choice) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Value)
	}
	return out
}

// An empty period on a dataset with rows says so and points at the latest
// day, with the ?asof that shows the same preset containing it.
func TestEmptyPeriod(t *testing.T) {
	f := newService(t)
	var newest time.Time
	require.NoError(t, f.db.QueryRow(`SELECT max(created_at) FROM leads WHERE status IN ('valid','converted')`).Scan(&newest))
	day := newest.In(anchor.Location()).Format("2006-01-02")
	a := f.answer(t, boards.Request{Board: board(t, "standup"), AsOf: "2015-03-10"})
	kpi := panelOf(t, a, "kpi_valid_leads")
	require.Equal(t, "昨日 03-09", a.PeriodLabel)
	require.NotNil(t, kpi.Empty, "no leads in 2015, but some later")
	require.Equal(t, day, kpi.Empty.Latest)
	next, _ := time.Parse("2006-01-02", day)
	require.Equal(t, next.AddDate(0, 0, 1).Format("2006-01-02"), kpi.Empty.AsOf, "yesterday as of the next day")
	require.Contains(t, kpi.Empty.Message, day)
	require.Contains(t, kpi.Empty.Message, "昨日")
	// Following the link shows data.
	shown := f.answer(t, boards.Request{Board: board(t, "standup"), AsOf: kpi.Empty.AsOf})
	require.Nil(t, panelOf(t, shown, "kpi_valid_leads").Empty)
	require.NotZero(t, panelOf(t, shown, "kpi_valid_leads").Rows[0][0])

	month := f.answer(t, boards.Request{Board: board(t, "standup"), AsOf: "2015-03-10", Locale: i18n.EN,
		Selection: presets.Selection{Period: "last_month"}})
	e := panelOf(t, month, "valid_leads").Empty
	require.NotNil(t, e)
	require.Equal(t, time.Date(next.Year(), next.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), e.AsOf)
	require.True(t, strings.HasPrefix(e.Message, "No data"), e.Message)
	// A panel that does not take the period is never "empty in the period".
	require.Nil(t, panelOf(t, month, "not_followed_up").Empty)
}

func TestAsOfShowing(t *testing.T) {
	for _, c := range []struct{ period, day, want string }{
		{"today", "2026-03-31", "2026-03-31"},
		{"this_month", "2026-03-31", "2026-03-31"},
		{"yesterday", "2026-03-31", "2026-04-01"},
		{"last_week", "2026-03-31", "2026-04-07"},
		{"last_month", "2026-01-31", "2026-02-01"},
		{"last_quarter", "2026-03-31", "2026-04-01"},
		{"last_quarter", "2026-11-05", "2027-01-01"},
	} {
		d, _ := time.ParseInLocation("2006-01-02", c.day, anchor.Location())
		require.Equal(t, c.want, boards.AsOfShowing(c.period, d), "%s %s", c.period, c.day)
	}
}
