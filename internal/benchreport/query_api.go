package benchreport

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"time"

	"salesbi/app"
	"salesbi/clock"
	"salesbi/dashboards"
	"salesbi/internal/benchspecs"
	"salesbi/model"
	"salesbi/query"
)

// queryAPI is the query engine's overhead: for each representative
// builder spec, the end-to-end POST /api/query time (in-process, cold after
// a data change and cached) beside the same SQL run directly on the same
// DuckDB pool. Cold and direct runs alternate so neither gets a warmer
// database.
func queryAPI(ctx context.Context, e *Env) error {
	for _, scale := range e.Scales {
		if err := queryAPIAt(ctx, e, scale); err != nil {
			return err
		}
	}
	return nil
}

func queryAPIAt(ctx context.Context, e *Env, scale int) error {
	dashboards.TuneGC() // as `salesbi serve` runs (the later bench sections keep it)
	db, err := e.OpenDemo(ctx, scale)
	if err != nil {
		return err
	}
	defer db.Close()
	cal, _ := clock.NewCalendar(clock.NewFixed(e.Anchor.Add(9*time.Hour)), e.Loc.String())
	// Timed after the start-up rebuild of the quarter's derived tables: timed
	// against it, the first specs' figures measured the two cores being
	// shared (one earlier run: "leads industry × region" cold p95 1072 ms
	// beside a 600 ms median), not the query API.
	a, err := startApp(ctx, e, db, cal.Clock, nil)
	if err != nil {
		return err
	}
	defer stopApp(a)
	eng := a.Query
	printRollups(e, eng.Rollups)
	manager, err := benchspecs.Manager(ctx, db)
	if err != nil {
		return fmt.Errorf("finding a manager for the restricted spec: %w", err)
	}
	var visits int64
	_ = db.QueryRowContext(ctx, `SELECT count(*) FROM visits`).Scan(&visits)
	const runs = 7
	var rows [][]string
	var allCold Durations
	factOnly := &query.Engine{Cal: cal}
	for _, b := range benchspecs.Specs {
		id := b.Identity
		if id.Role == model.RoleManager {
			id.RepID = manager
		}
		// The server answers as the demo director (no login yet), so every
		// API figure, and the direct SQL beside it, is the director's
		// statement; the manager's restricted form is timed in "query compile".
		body, _ := json.Marshal(b.Spec)
		_, q, err := eng.Prepare(b.Spec, model.DemoDirector, "zh-CN")
		if err != nil {
			return fmt.Errorf("%s: %w", b.Name, err)
		}
		_, fq, err := factOnly.Prepare(b.Spec, model.DemoDirector, "zh-CN")
		if err != nil {
			return fmt.Errorf("%s: %w", b.Name, err)
		}
		var cold, direct, cached, fact Durations
		var nrows int
		// One untimed round first, so neither side is timed paying a
		// first call (DuckDB reading the blocks, the first encoding).
		if _, err := query.Execute(ctx, db.DB, q, cal.Loc); err != nil {
			return fmt.Errorf("%s direct: %w", b.Name, err)
		}
		eng.Cache.Clear()
		if _, err := postQuery(a, body); err != nil {
			return fmt.Errorf("%s: %w", b.Name, err)
		}
		for i := 0; i < runs; i++ {
			start := time.Now()
			r, err := query.Execute(ctx, db.DB, q, cal.Loc)
			if err != nil {
				return fmt.Errorf("%s direct: %w", b.Name, err)
			}
			direct = append(direct, time.Since(start))
			nrows = len(r)
			// Cold: the result cache is emptied, the data (and so the
			// rollups) unchanged — a spec asked for the first time since
			// the last sync.
			eng.Cache.Clear()
			d, err := postQuery(a, body)
			if err != nil {
				return fmt.Errorf("%s: %w", b.Name, err)
			}
			cold = append(cold, d)
			d, err = postQuery(a, body)
			if err != nil {
				return fmt.Errorf("%s: %w", b.Name, err)
			}
			cached = append(cached, d)
			if q.Rollup != "" && i < 3 { // the same spec on the fact tables, as right after a sync
				start = time.Now()
				if _, err := query.Execute(ctx, db.DB, fq, cal.Loc); err != nil {
					return fmt.Errorf("%s on the fact table: %w", b.Name, err)
				}
				fact = append(fact, time.Since(start))
			}
		}
		allCold = append(allCold, cold...)
		from, factMS := "fact table", "="
		if q.Rollup != "" {
			from, factMS = q.Rollup, MS(fact.Median())
		}
		rows = append(rows, []string{b.Name, fmt.Sprint(nrows), from, MS(direct.Median()), MS(cold.Median()),
			fmt.Sprintf("%.2f×", float64(cold.Median())/float64(direct.Median())), MS(cold.P95()), MS(cached.Median()), factMS})
	}
	e.Table(fmt.Sprintf("POST /api/query vs the same SQL run directly — scale %d (%d visits), median of %d", scale, visits, runs),
		[]string{"spec", "rows", "reads", "direct ms", "api cold ms", "overhead", "api cold p95 ms", "api cached ms", "fact-table SQL ms"}, rows)
	fmt.Fprintf(e.Out, "p95 of all cold /api/query calls at scale %d: %s ms\n", scale, MS(allCold.P95()))
	return nil
}

// printRollups prints the summary tables' sizes and build times (what a
// sync costs on top).
func printRollups(e *Env, ru *query.Rollups) {
	var rows [][]string
	var total time.Duration
	for _, st := range ru.Status() {
		rows = append(rows, []string{st.Name, st.Dataset, fmt.Sprint(st.Rows), fmt.Sprintf("%.0f", st.TookMS)})
		total += time.Duration(st.TookMS * float64(time.Millisecond))
	}
	e.Table(fmt.Sprintf("summary tables (rollups) built at server start, %s ms of builds", MS(total)),
		[]string{"rollup", "dataset", "rows", "build ms"}, rows)
}

func postQuery(a *app.App, body []byte) (time.Duration, error) {
	req := httptest.NewRequest("POST", "/api/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := a.Web.App.Test(req, -1)
	if err != nil {
		return 0, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if resp.StatusCode != 200 {
		return 0, fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	return d, nil
}
