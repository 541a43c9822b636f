package dashboards

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"time"

	"salesbi/bench"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
	"salesbi/query"
)

// The query engine's overhead: for each representative builder spec, the
// end-to-end POST /api/query time (in-process, cold after a data change
// and cached) beside the same SQL run directly on the same DuckDB pool.
// Cold and direct runs alternate so neither gets a warmer database.
func init() {
	bench.Register(bench.Section{Name: "query api", Order: 41, Run: func(ctx context.Context, e *bench.Env) error {
		for _, scale := range e.Scales {
			if err := benchQueryAPI(ctx, e, scale); err != nil {
				return err
			}
		}
		return nil
	}})
}

func benchQueryAPI(ctx context.Context, e *bench.Env, scale int) error {
	db, err := e.OpenDemo(ctx, scale)
	if err != nil {
		return err
	}
	defer db.Close()
	cal, _ := clock.NewCalendar(clock.NewFixed(e.Anchor.Add(9*time.Hour)), e.Loc.String())
	bus := &model.Bus{}
	recomputed := make(chan struct{}, 1)
	bus.Subscribe(func(d model.DataChange) {
		if d.Cause == "scoring" {
			select {
			case recomputed <- struct{}{}:
			default:
			}
		}
	})
	srv, err := New(Deps{DB: db, Config: config.Default(), Cal: cal, Bus: bus, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer srv.Shutdown()
	waitStartupRecompute(ctx, e, recomputed)
	manager, err := query.BenchManager(ctx, db)
	if err != nil {
		return fmt.Errorf("finding a manager for the restricted spec: %w", err)
	}
	var visits int64
	_ = db.QueryRowContext(ctx, `SELECT count(*) FROM visits`).Scan(&visits)
	const runs = 7
	var rows [][]string
	var allCold bench.Durations
	for _, b := range query.BenchSpecs {
		id := b.Identity
		if id.Role == model.RoleManager {
			id.RepID = manager
		}
		// The server answers as the demo director (no login yet), so every
		// API figure, and the direct SQL beside it, is the director's
		// statement; the manager's restricted form is timed in "query compile".
		body, _ := json.Marshal(b.Spec)
		_, q, err := (&query.Engine{Cal: cal}).Prepare(b.Spec, model.DemoDirector, "zh-CN")
		if err != nil {
			return fmt.Errorf("%s: %w", b.Name, err)
		}
		var cold, direct, cached bench.Durations
		var nrows int
		for i := 0; i < runs; i++ {
			start := time.Now()
			r, err := query.Execute(ctx, db.DB, q, cal.Loc)
			if err != nil {
				return fmt.Errorf("%s direct: %w", b.Name, err)
			}
			direct = append(direct, time.Since(start))
			nrows = len(r)
			bus.Publish(model.DataChange{Cause: "bench"}) // empty the cache: the next call is cold
			d, err := postQuery(srv, body)
			if err != nil {
				return fmt.Errorf("%s: %w", b.Name, err)
			}
			cold = append(cold, d)
			d, err = postQuery(srv, body)
			if err != nil {
				return fmt.Errorf("%s: %w", b.Name, err)
			}
			cached = append(cached, d)
		}
		allCold = append(allCold, cold...)
		rows = append(rows, []string{b.Name, fmt.Sprint(nrows), bench.MS(direct.Median()), bench.MS(cold.Median()),
			fmt.Sprintf("%.2f×", float64(cold.Median())/float64(direct.Median())), bench.MS(cold.P95()), bench.MS(cached.Median())})
	}
	e.Table(fmt.Sprintf("POST /api/query vs the same SQL run directly — scale %d (%d visits), median of %d", scale, visits, runs),
		[]string{"spec", "rows", "direct ms", "api cold ms", "overhead", "api cold p95 ms", "api cached ms"}, rows)
	fmt.Fprintf(e.Out, "p95 of all cold /api/query calls at scale %d: %s ms\n", scale, bench.MS(allCold.P95()))
	return nil
}

// waitStartupRecompute waits for the metrics mount's first rebuild of the
// quarter's derived tables, which it starts in the background when the
// server starts and announces with a "scoring" DataChange. Timed against
// that recompute, the first specs' figures measured the two cores being
// shared (one earlier run: "leads industry × region" cold p95 1072 ms
// beside a 600 ms median), not the query API.
func waitStartupRecompute(ctx context.Context, e *bench.Env, done <-chan struct{}) {
	start := time.Now()
	select {
	case <-done:
		fmt.Fprintf(e.Out, "(waited %s ms for the server's start-up metrics recompute before timing)\n", bench.MS(time.Since(start)))
	case <-time.After(3 * time.Minute):
		fmt.Fprintln(e.Out, "warning: no start-up metrics recompute seen within 3 min; timing anyway")
	case <-ctx.Done():
	}
}

func postQuery(s *Server, body []byte) (time.Duration, error) {
	req := httptest.NewRequest("POST", "/api/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := s.App.Test(req, -1)
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
