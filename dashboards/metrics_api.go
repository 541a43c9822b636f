package dashboards

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/metrics"
	"salesbi/metrics/alerts"
)

// The metrics API: alerts and their delivery attempts, the quarter's
// derived tables (recomputed on request through Deps.Metrics, which also
// rebuilds them after syncs) and one customer's health.
func (s *Server) mountMetrics() error {
	s.App.Get("/api/alerts", func(c *fiber.Ctx) error {
		list, err := alerts.List(c.UserContext(), s.DB.DB, c.Query("status"), c.QueryInt("limit", 100))
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
		list, err := alerts.Attempts(c.UserContext(), s.DB.DB, id)
		if err != nil {
			return err
		}
		return OK(c, list)
	})
	s.App.Get("/api/metrics/report", func(c *fiber.Ctx) error {
		r, err := s.Metrics.Report(c.UserContext(), c.Query("period"))
		if err != nil {
			return err
		}
		return OK(c, r)
	})
	s.App.Get("/api/metrics/scorecard", func(c *fiber.Ctx) error {
		r, err := s.Metrics.Report(c.UserContext(), c.Query("period"))
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
		rows, err := queryMaps(c.UserContext(), s, `SELECT v.opp_id, v.rep_id, r.name AS rep, v.gate_stage, v.missing_action, v.changed_at
			FROM metric_compliance_violations v LEFT JOIN reps r ON r.rep_id = v.rep_id WHERE v.period = $1 ORDER BY v.changed_at DESC LIMIT 500`, p.Label)
		if err != nil {
			return err
		}
		return OK(c, rows)
	})
	s.App.Get("/api/customers/:id/health", func(c *fiber.Ctx) error {
		v, err := s.customerView(c.UserContext(), c.Params("id"))
		if err != nil {
			return err
		}
		return OK(c, v)
	})
	return nil
}

// queryMaps runs a fixed query and returns rows as column → value maps.
func queryMaps(ctx context.Context, s *Server, q string, args ...any) ([]map[string]any, error) {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
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
