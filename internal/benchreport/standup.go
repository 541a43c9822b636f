package benchreport

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"time"

	"salesbi/app"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
)

// standupPage is the stand-up page's server time: what the director waits
// for at 08:30, measured in-process (no network) at each demo scale, after
// the server's start-up work (summary tables, metrics recompute) is done.
func standupPage(ctx context.Context, e *Env) error {
	var rows [][]string
	for _, scale := range e.Scales {
		r, err := standupAt(ctx, e, scale)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
	}
	e.Table("Morning stand-up: server time per page (20 requests, in-process)",
		[]string{"scale", "visits", "page", "min ms", "median ms", "p95 ms", "max ms"}, rows)
	return nil
}

func standupAt(ctx context.Context, e *Env, scale int) ([][]string, error) {
	db, err := e.OpenDemo(ctx, scale)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	// The demo's "now" is the anchor's morning stand-up.
	a, err := startApp(ctx, e, db, clock.NewFixed(e.Anchor.Add(8*time.Hour+30*time.Minute)), nil)
	if err != nil {
		return nil, err
	}
	defer stopApp(a)
	var visits int64
	_ = db.QueryRowContext(ctx, `SELECT count(*) FROM visits`).Scan(&visits)
	var rows [][]string
	for _, path := range []string{"/dashboards/standup", "/dashboards/standup?region=1"} {
		times, err := timeGets(a, path, 20)
		if err != nil {
			return nil, err
		}
		rows = append(rows, []string{fmt.Sprint(scale), fmt.Sprint(visits), path,
			MS(times.Min()), MS(times.Median()), MS(times.P95()), MS(times.Max())})
	}
	return rows, nil
}

// startApp composes the server over the bench's database as `salesbi
// serve` does and waits for its start-up work, printing how long that took.
func startApp(ctx context.Context, e *Env, db *model.DB, clk clock.Clock, bus *model.Bus) (*app.App, error) {
	cfg := config.Default()
	cfg.Business.TimeZone = e.Loc.String()
	a, err := app.New(ctx, app.Options{Config: cfg, DB: db, Clock: clk, Bus: bus, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if err := a.WaitReady(wctx); err != nil {
		stopApp(a)
		return nil, err
	}
	fmt.Fprintf(e.Out, "(waited %s ms for the server's start-up summary tables and metrics recompute before timing)\n", MS(time.Since(start)))
	return a, nil
}

func stopApp(a *app.App) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_ = a.Shutdown(ctx)
}

func timeGets(a *app.App, path string, n int) (Durations, error) {
	var out Durations
	for i := 0; i < n; i++ {
		start := time.Now()
		resp, err := a.Web.App.Test(httptest.NewRequest("GET", path, nil), -1)
		if err != nil {
			return nil, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return nil, fmt.Errorf("GET %s: %d: %s", path, resp.StatusCode, body)
		}
		out = append(out, time.Since(start))
	}
	return out, nil
}
