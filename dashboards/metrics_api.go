package dashboards

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/metrics"
	"salesbi/metrics/alerts"
	"salesbi/model"
)

// metricsState is the metrics part of one server: the health service (shared
// by the settings and customer pages) and the recompute lock.
type metricsState struct {
	health    *metrics.Health
	recompute sync.Mutex
	dirty     chan struct{}
}

// metricsOf finds the state a server's metrics mount created; the three
// metrics files mount separately but share it.
var metricsOf sync.Map // *Server → *metricsState

func (s *Server) metrics() *metricsState {
	v, _ := metricsOf.Load(s)
	return v.(*metricsState)
}

// MetricTables are the derived tables Recompute writes.
var MetricTables = []string{"metric_grading_accuracy", "metric_compliance_opps", "metric_compliance_violations",
	"metric_deal_attribution", "metric_calibration", "metric_freshness", "metric_scorecard"}

func init() {
	RegisterMount(Mount{Name: "metrics", Order: 40, Fn: func(s *Server) error {
		st := &metricsState{dirty: make(chan struct{}, 1),
			health: &metrics.Health{DB: s.DB, Cfg: s.Config, Cal: s.Cal, Bus: s.Bus, Log: s.Log}}
		metricsOf.Store(s, st)
		// First run on a demo database, or nodes changed while we were down.
		if err := st.health.EnsureScored(s.Ctx); err != nil {
			s.Log.Error("scoring customers on start failed; pages show the last scores", "err", err)
		}
		s.Bus.Subscribe(func(d model.DataChange) {
			if d.Cause != "sync" {
				return
			}
			if err := st.health.OnDataChange(s.Ctx, d); err != nil {
				s.Log.Error("re-scoring after sync failed", "err", err)
			}
			select { // the derived tables are rebuilt in the background
			case st.dirty <- struct{}{}:
			default:
			}
		})
		sender := &alerts.Sender{DB: s.DB.DB, Cfg: s.Config.Alerts, Clock: s.Cal.Clock, Log: s.Log}
		s.Go(sender.Run)
		st.dirty <- struct{}{} // build the current quarter's tables once at start
		s.Go(func(ctx context.Context) { st.recomputeLoop(ctx, s) })

		s.App.Get("/api/alerts", func(c *fiber.Ctx) error {
			list, err := alerts.List(c.Context(), s.DB.DB, c.Query("status"), c.QueryInt("limit", 100))
			if err != nil {
				return err
			}
			if list == nil {
				list = []alerts.Alert{}
			}
			return OK(c, list)
		})
		s.App.Get("/api/alerts/:id/attempts", func(c *fiber.Ctx) error {
			id, err := strconv.ParseInt(c.Params("id"), 10, 64)
			if err != nil {
				return apperr.New(apperr.BadInput, "alert id", "id: "+c.Params("id")+" is not a number")
			}
			list, err := alerts.Attempts(c.Context(), s.DB.DB, id)
			if err != nil {
				return err
			}
			return OK(c, list)
		})
		s.App.Get("/api/metrics/report", func(c *fiber.Ctx) error {
			r, err := st.report(c.Context(), s, c.Query("period"))
			if err != nil {
				return err
			}
			return OK(c, r)
		})
		s.App.Get("/api/metrics/scorecard", func(c *fiber.Ctx) error {
			r, err := st.report(c.Context(), s, c.Query("period"))
			if err != nil {
				return err
			}
			return OK(c, fiber.Map{"period": r.Period, "scorecard": r.Scorecard})
		})
		s.App.Get("/api/metrics/violations", func(c *fiber.Ctx) error {
			p, err := metrics.QuarterPeriod(s.Cal, c.Query("period"))
			if err != nil {
				return err
			}
			rows, err := queryMaps(c.Context(), s, `SELECT v.opp_id, v.rep_id, r.name AS rep, v.gate_stage, v.missing_action, v.changed_at
				FROM metric_compliance_violations v LEFT JOIN reps r ON r.rep_id = v.rep_id WHERE v.period = ? ORDER BY v.changed_at DESC LIMIT 500`, p.Label)
			if err != nil {
				return err
			}
			return OK(c, rows)
		})
		s.App.Get("/api/customers/:id/health", func(c *fiber.Ctx) error {
			v, err := st.customerView(c.Context(), s, c.Params("id"))
			if err != nil {
				return err
			}
			return OK(c, v)
		})
		return nil
	}})
}

// report recomputes the period's derived tables and returns them. One
// recompute at a time: they replace the period's rows.
func (st *metricsState) report(ctx context.Context, s *Server, period string) (metrics.Report, error) {
	p, err := metrics.QuarterPeriod(s.Cal, period)
	if err != nil {
		return metrics.Report{}, err
	}
	st.recompute.Lock()
	defer st.recompute.Unlock()
	r, err := metrics.Recompute(ctx, s.DB.DB, p, s.Config)
	if err != nil {
		return r, err
	}
	s.Bus.Publish(model.DataChange{Cause: "scoring", Tables: MetricTables})
	return r, nil
}

// recomputeLoop rebuilds the current quarter after syncs, coalescing bursts.
func (st *metricsState) recomputeLoop(ctx context.Context, s *Server) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-st.dirty:
		}
		start := time.Now()
		if _, err := st.report(ctx, s, ""); err != nil {
			if ctx.Err() == nil {
				s.Log.Error("recomputing metrics", "err", err)
			}
			continue
		}
		s.Log.Info("metrics recomputed", "took", time.Since(start).Round(time.Millisecond))
	}
}

// queryMaps runs a fixed query and returns rows as column → value maps.
func queryMaps(ctx context.Context, s *Server, q string, args ...any) ([]map[string]any, error) {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	out := []map[string]any{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		m := map[string]any{}
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
