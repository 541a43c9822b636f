package dashboards

import (
	"github.com/gofiber/fiber/v2"

	"salesbi/model"
)

// Status is GET /api/status: the schema version and the row count of every
// canonical table, so an admin sees at a glance what the database holds.
type Status struct {
	SchemaVersion int              `json:"schema_version"`
	Rows          map[string]int64 `json:"rows"`
	EChartsBuilt  bool             `json:"echarts_embedded"`
	Now           string           `json:"now"`
	TimeZone      string           `json:"timezone"`
}

func (s *Server) mountStatus() error {
	s.App.Get("/healthz", func(c *fiber.Ctx) error {
		if err := s.DB.PingContext(c.UserContext()); err != nil {
			return fiber.NewError(fiber.StatusServiceUnavailable, "database: "+err.Error())
		}
		return c.SendString("ok")
	})
	s.App.Get("/api/status", func(c *fiber.Ctx) error {
		ctx := c.UserContext()
		v, err := model.SchemaVersion(ctx, s.DB.DB)
		if err != nil {
			return err
		}
		rows, err := model.RowCounts(ctx, s.DB.DB)
		if err != nil {
			return err
		}
		return OK(c, Status{SchemaVersion: v, Rows: rows, EChartsBuilt: EChartsPresent(),
			Now: s.Cal.Now().Format("2006-01-02T15:04:05Z07:00"), TimeZone: s.Cal.Loc.String()})
	})
	return nil
}
