package presets

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/demo"
	"salesbi/model"
	"salesbi/query"
)

// The panels' numbers against SQL written by hand over the canonical
// tables (model/migrate_v1_canonical.go), on the demo company: every panel
// of the stand-up and several of each other board. The hand queries are
// written from the panels' definitions (their about text and DESIGN.md),
// not from the compiler's output: the credited rep is joined on
// coalesce(opportunity owner, customer owner), the next stage change is a
// window over each opportunity's changes, the 12-week cohort a correlated
// EXISTS, working days are counted here in Go, the periods computed here
// from the anchor.

var (
	handOnce sync.Once
	handDB   *model.DB
	handErr  error
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// handAnchor is the demo company's "today"; the clock stands at 08:30.
var handAnchor = time.Date(2026, 11, 27, 0, 0, 0, 0, shanghai)

// The business days off the engine is given (and the hand count skips).
var handHolidays = []time.Time{
	time.Date(2026, 10, 1, 0, 0, 0, 0, shanghai), time.Date(2026, 10, 2, 0, 0, 0, 0, shanghai),
	time.Date(2025, 10, 1, 0, 0, 0, 0, shanghai), time.Date(2026, 5, 1, 0, 0, 0, 0, shanghai),
}

func handCompany(t *testing.T) (*model.DB, clock.Calendar) {
	t.Helper()
	handOnce.Do(func() {
		ctx := context.Background()
		handDB, handErr = model.Open(ctx, ":memory:", model.Options{TimeZone: "Asia/Shanghai", MemoryLimit: "2GB"})
		if handErr != nil {
			return
		}
		_, handErr = demo.Generate(ctx, handDB, demo.Options{Seed: 1, Scale: 1, Anchor: handAnchor, Loc: shanghai})
	})
	require.NoError(t, handErr)
	cal, err := clock.NewCalendar(clock.NewFixed(handAnchor.Add(8*time.Hour+30*time.Minute)), "Asia/Shanghai")
	require.NoError(t, err)
	return handDB, cal
}

// span is a half-open range of instants in the business zone.
type span struct{ from, to time.Time }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, shanghai) }

// The periods the cases read, from the anchor (Friday 2026-11-27).
var (
	pYesterday   = span{handAnchor.AddDate(0, 0, -1), handAnchor}
	pLast7       = span{handAnchor.AddDate(0, 0, -7), handAnchor}
	pThisQuarter = span{day(2026, 10, 1), day(2027, 1, 1)}
	pThisYear    = span{day(2026, 1, 1), day(2027, 1, 1)}
	pYTD         = span{day(2026, 1, 1), handAnchor.AddDate(0, 0, 1)}
	pYTDLastYear = span{day(2025, 1, 1), handAnchor.AddDate(-1, 0, 1)}
	monday       = day(2026, 11, 23)
	p26Weeks     = span{monday.AddDate(0, 0, -26*7), monday}
	pMature      = span{monday.AddDate(0, 0, -38*7), monday.AddDate(0, 0, -12*7)}
)

// workdays counts Monday–Friday days of s that are not holidays, by
// bucket (the day's month as YYYY-MM, shifted by years first), or "" for
// the whole span.
func workdays(s span, byMonth bool, years int) map[string]float64 {
	out := map[string]float64{}
	for d := s.from; d.Before(s.to); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		off := false
		for _, h := range handHolidays {
			if h.Equal(d) {
				off = true
			}
		}
		if off {
			continue
		}
		key := ""
		if byMonth {
			key = d.AddDate(years, 0, 0).Format("2006-01")
		}
		out[key]++
	}
	return out
}

// row is one answer row: its key (the dimension values) and its values.
type row struct {
	key    string
	values []float64 // NaN for NULL
}

func toFloat(t *testing.T, v any) float64 {
	switch x := v.(type) {
	case nil:
		return math.NaN()
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case int:
		return float64(x)
	case float64:
		return x
	case float32:
		return float64(x)
	}
	t.Fatalf("not a number: %T %v", v, v)
	return 0
}

func keyOf(vals []any) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case nil:
			parts[i] = "∅"
		case time.Time:
			parts[i] = x.In(shanghai).Format(time.RFC3339)
		default:
			parts[i] = fmt.Sprint(x)
		}
	}
	return strings.Join(parts, "|")
}

func rowsOf(t *testing.T, raw [][]any, keys int) []row {
	out := make([]row, len(raw))
	for i, r := range raw {
		out[i].key = keyOf(r[:keys])
		for _, v := range r[keys:] {
			out[i].values = append(out[i].values, toFloat(t, v))
		}
	}
	return out
}

// handRows runs a hand query: the first keys columns are the key.
func handRows(t *testing.T, db *sql.DB, keys int, q string, args ...any) []row {
	t.Helper()
	rs, err := db.QueryContext(context.Background(), q, args...)
	require.NoError(t, err, q)
	defer rs.Close()
	cols, err := rs.Columns()
	require.NoError(t, err)
	var raw [][]any
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rs.Scan(ptrs...))
		raw = append(raw, vals)
	}
	require.NoError(t, rs.Err())
	return rowsOf(t, raw, keys)
}

// handCase is one panel under one selection and its hand answer.
type handCase struct {
	board, panel string
	sel          Selection
	keys         int  // dimension columns
	ordered      bool // the rows' order is part of the answer (records, top N)
	tol          float64
	// asRep answers as a rep (the one credited with the most signings
	// this year): the hand query keeps that rep's rows where it says
	// {rep:<rep id column>}.
	asRep bool
	// cols, when set, are the answer's columns compared (by key), e.g.
	// a listing's ids; else every column.
	cols []string
	hand func(t *testing.T, db *sql.DB, sel handSel) []row
}

func TestPanelsEqualHandSQL(t *testing.T) {
	db, cal := handCompany(t)
	e := &query.Engine{DB: db, Cal: cal, Holidays: handHolidays}
	covered := map[string]map[string]bool{}
	for _, c := range handCases() {
		name := fmt.Sprintf("%s/%s/%s", c.board, c.panel, c.sel.Region)
		if c.asRep {
			name += "/as-rep"
		}
		t.Run(name, func(t *testing.T) {
			b, ok := ByID(c.board)
			require.True(t, ok)
			var p *Panel
			for i := range b.Panels {
				if b.Panels[i].ID == c.panel {
					p = &b.Panels[i]
				}
			}
			require.NotNil(t, p, "panel %s", c.panel)
			spec, _ := b.PanelSpec(*p, c.sel)
			id, rep := model.DemoDirector, int64(0)
			if c.asRep {
				rep = topRep(t, db.DB)
				id = model.Identity{UserID: 900, Login: "rep", Role: model.RoleRep, RepID: rep}
			}
			res, err := e.Run(context.Background(), spec, id, "zh-CN")
			require.NoError(t, err)
			raw := res.Rows
			if len(c.cols) > 0 {
				idx := make([]int, len(c.cols))
				for i, k := range c.cols {
					idx[i] = -1
					for j, col := range res.Columns {
						if col.Key == k {
							idx[i] = j
						}
					}
					require.GreaterOrEqual(t, idx[i], 0, "column %s", k)
				}
				raw = nil
				for _, r := range res.Rows {
					var pr []any
					for _, i := range idx {
						pr = append(pr, r[i])
					}
					raw = append(raw, pr)
				}
			}
			got := rowsOf(t, raw, c.keys)
			want := c.hand(t, db.DB, handSel{c.sel, rep})
			require.NotEmpty(t, want, "the hand query finds rows: the panel has data")
			nonzero := len(want[0].values) == 0 // a listing: its rows are the data
			for _, r := range want {
				for _, v := range r.values {
					nonzero = nonzero || (!math.IsNaN(v) && v != 0)
				}
			}
			require.True(t, nonzero, "the panel shows something other than zeros")
			if covered[c.board] == nil {
				covered[c.board] = map[string]bool{}
			}
			covered[c.board][c.panel] = true
			compareRows(t, want, got, c.ordered, c.tol, res.SQL)
		})
	}
	b, _ := ByID("standup")
	for _, p := range b.Panels {
		require.True(t, covered["standup"][p.ID], "stand-up panel %s has a hand query", p.ID)
	}
	for _, id := range []string{"funnel", "activity", "industry"} {
		require.GreaterOrEqual(t, len(covered[id]), 2, "%s: at least two panels checked", id)
	}
}

func compareRows(t *testing.T, want, got []row, ordered bool, tol float64, sql string) {
	t.Helper()
	if !ordered {
		by := func(rs []row) []row {
			out := append([]row(nil), rs...)
			sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
			return out
		}
		want, got = by(want), by(got)
	}
	keys := func(rs []row) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.key)
		}
		return out
	}
	require.Equal(t, keys(want), keys(got), "the groups\n%s", sql)
	if tol == 0 {
		tol = 1e-9
	}
	for i := range want {
		require.Len(t, got[i].values, len(want[i].values), "row %s columns", want[i].key)
		for j, w := range want[i].values {
			g := got[i].values[j]
			if math.IsNaN(w) || math.IsNaN(g) {
				require.True(t, math.IsNaN(w) && math.IsNaN(g), "row %s column %d: want %v, got %v\n%s", want[i].key, j, w, g, sql)
				continue
			}
			require.InDelta(t, w, g, tol*math.Max(1, math.Abs(w)), "row %s column %d\n%s", want[i].key, j, sql)
		}
	}
}

// handSel is what a hand query restricts to: the board's selection and,
// when not 0, the rep asking.
type handSel struct {
	Selection
	rep int64
}

// topRep is the rep credited with the most contracts signed this year.
func topRep(t *testing.T, db *sql.DB) int64 {
	var id int64
	require.NoError(t, db.QueryRow(`SELECT coalesce(o.owner_rep_id, cu.owner_rep_id) FROM contracts k
		LEFT JOIN opportunities o ON o.opp_id = k.opp_id LEFT JOIN customers cu ON cu.customer_id = k.customer_id
		WHERE`+in("k.signed_at", pThisYear)+`GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`).Scan(&id))
	return id
}

// regionIs is the hand condition for a selected region on a region name
// column ("" when none is selected).
func regionIs(col string, sel Selection) string {
	if sel.Region == "" {
		return ""
	}
	return fmt.Sprintf(" AND %s = '%s'", col, strings.ReplaceAll(sel.Region, "'", "''"))
}

// Hand fragments over the canonical tables.
const (
	// A lead's region is its own region_id.
	leadsFrom = ` FROM leads l LEFT JOIN regions g ON g.region_id = l.region_id `
	// A visit's region is the visiting rep's.
	visitsFrom = ` FROM visits v JOIN reps r ON r.rep_id = v.rep_id LEFT JOIN regions g ON g.region_id = r.region_id `
	// A contract is credited to its opportunity's owner, else the
	// customer's owner; its region is that rep's.
	contractsFrom = ` FROM contracts k
		LEFT JOIN opportunities o ON o.opp_id = k.opp_id
		LEFT JOIN customers cu ON cu.customer_id = k.customer_id
		LEFT JOIN reps r ON r.rep_id = coalesce(o.owner_rep_id, cu.owner_rep_id)
		LEFT JOIN regions g ON g.region_id = r.region_id `
	// A stage change belongs to its opportunity's owner and their region;
	// nx is the change after it (by time, per opportunity).
	stagesFrom = ` FROM stage_history sh
		JOIN (SELECT change_id,
		        lead(to_stage) OVER (PARTITION BY opp_id ORDER BY changed_at) AS next_stage,
		        lead(changed_at) OVER (PARTITION BY opp_id ORDER BY changed_at) AS next_at
		      FROM stage_history) nx ON nx.change_id = sh.change_id
		JOIN opportunities o ON o.opp_id = sh.opp_id
		LEFT JOIN reps r ON r.rep_id = o.owner_rep_id
		LEFT JOIN regions g ON g.region_id = r.region_id `
	week  = `strftime(date_trunc('week', timezone('Asia/Shanghai', %s)), '%%Y-%%m-%%d')`
	month = `strftime(timezone('Asia/Shanghai', %s), '%%Y-%%m')`
)

func in(col string, s span) string {
	return fmt.Sprintf(" %s >= '%s'::TIMESTAMPTZ AND %s < '%s'::TIMESTAMPTZ ", col, s.from.Format(time.RFC3339), col, s.to.Format(time.RFC3339))
}

// sq runs a hand query with the selection's region spliced in where the
// query says {region:<column>}.
func sq(keys int, q string) func(t *testing.T, db *sql.DB, sel handSel) []row {
	return func(t *testing.T, db *sql.DB, sel handSel) []row {
		q := q
		for {
			i := strings.Index(q, "{region:")
			if i < 0 {
				break
			}
			j := strings.Index(q[i:], "}")
			q = q[:i] + regionIs(q[i+len("{region:"):i+j], sel.Selection) + q[i+j+1:]
		}
		for {
			i := strings.Index(q, "{rep:")
			if i < 0 {
				break
			}
			j := strings.Index(q[i:], "}")
			cond := ""
			if sel.rep != 0 {
				cond = fmt.Sprintf(" AND %s = %d", q[i+len("{rep:"):i+j], sel.rep)
			}
			q = q[:i] + cond + q[i+j+1:]
		}
		return handRows(t, db, keys, q)
	}
}

func handCases() []handCase {
	var cases []handCase
	add := func(c handCase, sels ...Selection) {
		if len(sels) == 0 {
			sels = []Selection{{}}
		}
		for _, s := range sels {
			cc := c
			cc.sel = s
			cases = append(cases, cc)
		}
	}
	east := Selection{Region: "华东"}

	// The stand-up, yesterday, for everyone and for one region.
	validLead := ` l.status IN ('valid', 'converted') `
	add(handCase{board: "standup", panel: "kpi_valid_leads", hand: sq(0,
		`SELECT count(*)`+leadsFrom+`WHERE`+validLead+`AND`+in("l.created_at", pYesterday)+`{region:g.name}`)}, Selection{}, east)
	add(handCase{board: "standup", panel: "kpi_visits", hand: sq(0,
		`SELECT count(*)`+visitsFrom+`WHERE`+in("v.visited_at", pYesterday)+`{region:g.name}`)}, Selection{}, east)
	add(handCase{board: "standup", panel: "kpi_signings", hand: sq(0,
		`SELECT count(*)`+contractsFrom+`WHERE`+in("k.signed_at", pYesterday)+`{region:g.name}`)}, Selection{}, east)
	add(handCase{board: "standup", panel: "kpi_signed_amount", hand: sq(0,
		`SELECT sum(k.amount)::DOUBLE`+contractsFrom+`WHERE`+in("k.signed_at", pYesterday)+`{region:g.name}`)}, Selection{}, east)
	add(handCase{board: "standup", panel: "valid_leads", keys: 1, hand: sq(1,
		`SELECT g.name, count(*)`+leadsFrom+`WHERE`+validLead+`AND`+in("l.created_at", pYesterday)+`{region:g.name} GROUP BY 1`)}, Selection{}, east)
	add(handCase{board: "standup", panel: "channels", keys: 1, hand: sq(1,
		`WITH c AS (SELECT l.channel, count(*) AS n`+leadsFrom+`WHERE`+in("l.created_at", pYesterday)+`{region:g.name} GROUP BY 1),
		 ranked AS (SELECT channel, n, row_number() OVER (ORDER BY n DESC, channel) AS rk FROM c)
		 SELECT CASE WHEN rk <= 6 THEN channel ELSE '其他' END, sum(n)::BIGINT FROM ranked GROUP BY 1`)}, Selection{}, east)
	add(handCase{board: "standup", panel: "not_followed_up", keys: 1, ordered: true, cols: []string{"lead_id"}, hand: func(t *testing.T, db *sql.DB, sel handSel) []row {
		rs := sq(1, `SELECT l.lead_id`+leadsFrom+`WHERE l.status IN ('new', 'valid') AND l.first_followed_at IS NULL AND`+
			in("l.created_at", pLast7)+`{region:g.name} ORDER BY l.created_at, l.lead_id LIMIT 3`)(t, db, sel)
		return rs
	}}, Selection{}, east)
	add(handCase{board: "standup", panel: "visits", keys: 1, hand: sq(1,
		`SELECT g.name, count(*)`+visitsFrom+`WHERE`+in("v.visited_at", pYesterday)+`{region:g.name} GROUP BY 1`)}, Selection{}, east)
	add(handCase{board: "standup", panel: "signings", keys: 1, hand: sq(1,
		`SELECT g.name, count(*)`+contractsFrom+`WHERE`+in("k.signed_at", pYesterday)+`{region:g.name} GROUP BY 1`)}, Selection{}, east)

	// The funnel: the fixed windows, and this quarter's stage changes.
	add(handCase{board: "funnel", panel: "weekly_conversion", keys: 1, hand: sq(1,
		`WITH w AS (SELECT `+fmt.Sprintf(week, "l.created_at")+` AS wk, count(*) FILTER (WHERE`+validLead+`) AS n`+leadsFrom+
			`WHERE`+in("l.created_at", p26Weeks)+`{region:g.name} GROUP BY 1),
		 s AS (SELECT `+fmt.Sprintf(week, "k.signed_at")+` AS wk, count(*) AS n`+contractsFrom+`WHERE`+in("k.signed_at", p26Weeks)+`{region:g.name} GROUP BY 1)
		 SELECT coalesce(w.wk, s.wk), coalesce(s.n, 0)::DOUBLE / nullif(coalesce(w.n, 0), 0) FROM w FULL JOIN s ON s.wk = w.wk`)}, Selection{}, east)
	add(handCase{board: "funnel", panel: "cohort_conversion", keys: 1, hand: sq(1,
		`SELECT wk, avg(CASE WHEN signed THEN 1.0 ELSE 0.0 END) FROM (
		   SELECT `+fmt.Sprintf(week, "l.created_at")+` AS wk, EXISTS (
		       SELECT 1 FROM contracts k JOIN opportunities o ON o.opp_id = k.opp_id
		       WHERE k.customer_id = l.customer_id AND k.renewal_of IS NULL AND o.created_at >= l.created_at
		         AND k.signed_at >= l.created_at AND k.signed_at < l.created_at + INTERVAL 84 DAY) AS signed`+
			leadsFrom+`WHERE`+validLead+`AND`+in("l.created_at", pMature)+`{region:g.name}) GROUP BY 1`)}, Selection{}, east)
	stageOpen := ` sh.to_stage NOT IN ('won', 'lost') AND` + in("sh.changed_at", pThisQuarter)
	add(handCase{board: "funnel", panel: "stage_conversion", keys: 1, hand: sq(1,
		`SELECT sh.to_stage, avg(CASE WHEN nx.next_stage IS NOT NULL AND nx.next_stage <> 'lost' THEN 1.0 ELSE 0.0 END)`+
			stagesFrom+`WHERE`+stageOpen+`{region:g.name} GROUP BY 1`)}, Selection{}, east)
	// A stay still open lasts until the data's newest stage change.
	add(handCase{board: "funnel", panel: "stage_days", keys: 1, hand: sq(1,
		`WITH latest AS (SELECT max(changed_at) AS at FROM stage_history)
		 SELECT sh.to_stage, median((epoch(coalesce(nx.next_at, o.closed_at, latest.at)) - epoch(sh.changed_at)) / 86400)`+
			stagesFrom+`, latest WHERE`+stageOpen+`{region:g.name} GROUP BY 1`)}, Selection{}, east)
	add(handCase{board: "funnel", panel: "stages_reached", keys: 1, hand: sq(1,
		`SELECT sh.to_stage, count(DISTINCT sh.opp_id)`+stagesFrom+`WHERE`+in("sh.changed_at", pThisQuarter)+`{region:g.name} GROUP BY 1`)})
	add(handCase{board: "funnel", panel: "open_pipeline", keys: 1, hand: sq(1,
		`SELECT o.stage, sum(o.amount)::DOUBLE FROM opportunities o LEFT JOIN reps r ON r.rep_id = o.owner_rep_id
		 LEFT JOIN regions g ON g.region_id = r.region_id WHERE o.outcome = 'open'{region:g.name} GROUP BY 1`)}, Selection{}, east)

	// Activity: this year (to date where it compares or counts working
	// days), against the same days last year.
	add(handCase{board: "activity", panel: "kpi_visits_per_rep_day", hand: func(t *testing.T, db *sql.DB, sel handSel) []row {
		per := func(p span) float64 {
			r := sq(0, `SELECT count(*)::DOUBLE / count(DISTINCT v.rep_id)`+visitsFrom+`WHERE`+in("v.visited_at", p)+`{region:g.name}`)(t, db, sel)
			return r[0].values[0] / workdays(p, false, 0)[""]
		}
		now, then := per(pYTD), per(pYTDLastYear)
		return []row{{values: []float64{now, then, now - then, (now - then) / then}}}
	}}, Selection{}, east)
	add(handCase{board: "activity", panel: "kpi_signed_amount", hand: func(t *testing.T, db *sql.DB, sel handSel) []row {
		sum := func(p span) float64 {
			return sq(0, `SELECT sum(k.amount)::DOUBLE`+contractsFrom+`WHERE`+in("k.signed_at", p)+`{region:g.name}`)(t, db, sel)[0].values[0]
		}
		now, then := sum(pYTD), sum(pYTDLastYear)
		return []row{{values: []float64{now, then, now - then, (now - then) / then}}}
	}})
	add(handCase{board: "activity", panel: "visits_per_rep_day", keys: 1, hand: func(t *testing.T, db *sql.DB, sel handSel) []row {
		byMonth := func(p span, years int) map[string]float64 {
			wd := workdays(p, true, years)
			out := map[string]float64{}
			for _, r := range sq(1, `SELECT `+fmt.Sprintf(month, fmt.Sprintf("v.visited_at + INTERVAL %d YEAR", years))+`, count(*)::DOUBLE / count(DISTINCT v.rep_id)`+
				visitsFrom+`WHERE`+in("v.visited_at", p)+`{region:g.name} GROUP BY 1`)(t, db, sel) {
				out[r.key] = r.values[0] / wd[r.key]
			}
			return out
		}
		now, then := byMonth(pYTD, 0), byMonth(pYTDLastYear, 1)
		var out []row
		for m, v := range now {
			p, ok := then[m]
			if !ok {
				p = math.NaN()
			}
			out = append(out, row{key: m, values: []float64{v, p, v - p, (v - p) / p}})
		}
		return out
	}}, Selection{}, east)
	add(handCase{board: "activity", panel: "signed_by_month", keys: 1, hand: sq(1,
		`WITH a AS (SELECT `+fmt.Sprintf(month, "k.signed_at")+` AS m, sum(k.amount)::DOUBLE AS v`+contractsFrom+`WHERE`+in("k.signed_at", pYTD)+`{region:g.name} GROUP BY 1),
		 b AS (SELECT `+fmt.Sprintf(month, "k.signed_at + INTERVAL 1 YEAR")+` AS m, sum(k.amount)::DOUBLE AS v`+contractsFrom+`WHERE`+in("k.signed_at", pYTDLastYear)+`{region:g.name} GROUP BY 1)
		 SELECT a.m, a.v, b.v, a.v - b.v, (a.v - b.v) / nullif(b.v, 0) FROM a LEFT JOIN b ON b.m = a.m`)})
	add(handCase{board: "activity", panel: "rep_scatter", keys: 1, hand: sq(1,
		`WITH v AS (SELECT r.name AS rep, count(*) AS n`+visitsFrom+`WHERE`+in("v.visited_at", pThisYear)+`{region:g.name} GROUP BY 1),
		 s AS (SELECT r.name AS rep, sum(k.amount)::DOUBLE AS amount`+contractsFrom+`WHERE`+in("k.signed_at", pThisYear)+`{region:g.name} GROUP BY 1)
		 SELECT coalesce(v.rep, s.rep), coalesce(v.n, 0), CASE WHEN v.rep IS NOT NULL THEN s.amount END FROM v FULL JOIN s ON s.rep IS NOT DISTINCT FROM v.rep`)}, Selection{}, east)
	add(handCase{board: "activity", panel: "visit_purpose", keys: 1, hand: sq(1,
		`WITH c AS (SELECT v.purpose, count(*) AS n`+visitsFrom+`WHERE`+in("v.visited_at", pThisYear)+`{region:g.name} GROUP BY 1),
		 ranked AS (SELECT purpose, n, row_number() OVER (ORDER BY n DESC, purpose) AS rk FROM c)
		 SELECT CASE WHEN rk <= 8 THEN purpose ELSE '其他' END, sum(n)::BIGINT FROM ranked GROUP BY 1`)})

	// Industry: the customers now, this year's contracts.
	add(handCase{board: "industry", panel: "customers_heatmap", keys: 2, hand: sq(2,
		`SELECT cu.industry, g.name, count(*) FROM customers cu LEFT JOIN regions g ON g.region_id = cu.region_id WHERE TRUE{region:g.name} GROUP BY 1, 2`)}, Selection{}, east)
	add(handCase{board: "industry", panel: "signed_heatmap", keys: 2, hand: sq(2,
		`SELECT cu.industry, g.name, sum(k.amount)::DOUBLE`+contractsFrom+`WHERE`+in("k.signed_at", pThisYear)+`{region:g.name} GROUP BY 1, 2`)}, Selection{}, east)
	add(handCase{board: "industry", panel: "industry_yoy", keys: 1, hand: sq(1,
		`WITH a AS (SELECT cu.industry AS i, sum(k.amount)::DOUBLE AS v`+contractsFrom+`WHERE`+in("k.signed_at", pYTD)+`{region:g.name} GROUP BY 1),
		 b AS (SELECT cu.industry AS i, sum(k.amount)::DOUBLE AS v`+contractsFrom+`WHERE`+in("k.signed_at", pYTDLastYear)+`{region:g.name} GROUP BY 1)
		 SELECT a.i, a.v, b.v, a.v - b.v, (a.v - b.v) / nullif(b.v, 0) FROM a LEFT JOIN b ON b.i IS NOT DISTINCT FROM a.i`)}, Selection{}, east)

	// As a rep: only the signings credited to them (the opportunity's
	// owner, else the customer's), and their own visits.
	add(handCase{board: "standup", panel: "visits", keys: 1, asRep: true, hand: sq(1,
		`SELECT g.name, count(*)`+visitsFrom+`WHERE`+in("v.visited_at", pYesterday)+`{rep:v.rep_id} GROUP BY 1`)})
	add(handCase{board: "activity", panel: "kpi_signed_amount", asRep: true, hand: func(t *testing.T, db *sql.DB, sel handSel) []row {
		sum := func(p span) float64 {
			return sq(0, `SELECT sum(k.amount)::DOUBLE`+contractsFrom+`WHERE`+in("k.signed_at", p)+`{rep:r.rep_id}`)(t, db, sel)[0].values[0]
		}
		now, then := sum(pYTD), sum(pYTDLastYear)
		return []row{{values: []float64{now, then, now - then, (now - then) / then}}}
	}})
	add(handCase{board: "industry", panel: "signed_heatmap", keys: 2, asRep: true, hand: sq(2,
		`SELECT cu.industry, g.name, sum(k.amount)::DOUBLE`+contractsFrom+`WHERE`+in("k.signed_at", pThisYear)+`{rep:r.rep_id} GROUP BY 1, 2`)})
	add(handCase{board: "activity", panel: "rep_scatter", keys: 1, asRep: true, hand: sq(1,
		`WITH v AS (SELECT r.name AS rep, count(*) AS n`+visitsFrom+`WHERE`+in("v.visited_at", pThisYear)+`{rep:r.rep_id} GROUP BY 1),
		 s AS (SELECT r.name AS rep, sum(k.amount)::DOUBLE AS amount`+contractsFrom+`WHERE`+in("k.signed_at", pThisYear)+`{rep:r.rep_id} GROUP BY 1)
		 SELECT coalesce(v.rep, s.rep), coalesce(v.n, 0), CASE WHEN v.rep IS NOT NULL THEN s.amount END FROM v FULL JOIN s ON s.rep IS NOT DISTINCT FROM v.rep`)})
	return cases
}
