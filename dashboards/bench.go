package dashboards

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"time"

	bench "salesbi/internal/benchreport"
	"salesbi/clock"
	"salesbi/config"
)

// The stand-up page's server time: what the director waits for at 08:30,
// measured in-process (no network) at each demo scale.
func init() {
	bench.Register(bench.Section{Name: "standup page", Order: 20, Run: func(ctx context.Context, e *bench.Env) error {
		var rows [][]string
		for _, scale := range e.Scales {
			db, err := e.OpenDemo(ctx, scale)
			if err != nil {
				return err
			}
			// The demo's "now" is the anchor's morning stand-up.
			cal, _ := clock.NewCalendar(clock.NewFixed(e.Anchor.Add(8*time.Hour+30*time.Minute)), e.Loc.String())
			srv, err := New(Deps{DB: db, Config: config.Default(), Cal: cal, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				db.Close()
				return err
			}
			var visits int64
			_ = db.QueryRowContext(ctx, `SELECT count(*) FROM visits`).Scan(&visits)
			for _, path := range []string{"/dashboards/standup", "/dashboards/standup?region=1"} {
				times, err := timeGets(srv, path, 20)
				if err != nil {
					srv.Shutdown()
					db.Close()
					return err
				}
				rows = append(rows, []string{fmt.Sprint(scale), fmt.Sprint(visits), path,
					bench.MS(times.Min()), bench.MS(times.Median()), bench.MS(times.P95()), bench.MS(times.Max())})
			}
			srv.Shutdown()
			db.Close()
		}
		e.Table("Morning stand-up: server time per page (20 requests, in-process)",
			[]string{"scale", "visits", "page", "min ms", "median ms", "p95 ms", "max ms"}, rows)
		return nil
	}})
}

func timeGets(s *Server, path string, n int) (bench.Durations, error) {
	var out bench.Durations
	for i := 0; i < n; i++ {
		start := time.Now()
		resp, err := s.App.Test(httptest.NewRequest("GET", path, nil), -1)
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
