package dashboards

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/metrics"
	"salesbi/metrics/alerts"
)

// violationsListed caps GET /api/metrics/violations: a list to read, not
// an export.
const violationsListed = 500

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
		list, err := metrics.Violations(c.UserContext(), s.DB.DB, p, violationsListed)
		if err != nil {
			return err
		}
		return OK(c, list)
	})
	s.App.Get("/api/customers/:id/health", func(c *fiber.Ctx) error {
		v, err := s.customerView(c.UserContext(), c.Params("id"), s.Locale(c))
		if err != nil {
			return err
		}
		return OK(c, v)
	})
	return nil
}
