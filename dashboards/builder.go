package dashboards

import (
	"github.com/gofiber/fiber/v2"

	"salesbi/i18n"
)

// The drag-style chart builder (GET /builder): a field list grouped by
// dataset on the left, shelves for X axis, series, measures and filters,
// a chart-type picker and a live preview. The page itself is static; all
// data comes from the query API (query_api.go) so what the builder shows is
// exactly what /api/query answers. Custom dashboards made of saved charts
// are at /builder/dashboards/:id.
func (s *Server) mountBuilder() error {
	page, err := s.parsePage("builder.html")
	if err != nil {
		return err
	}
	board, err := s.parsePage("custom_dashboard.html")
	if err != nil {
		return err
	}
	s.App.Get("/builder", func(c *fiber.Ctx) error {
		title := i18n.T("自助分析", "Chart builder").In(s.Locale(c))
		return s.render(c, page, title, nil)
	})
	s.App.Get("/builder/dashboards/:id", func(c *fiber.Ctx) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		title := i18n.T("自定义看板", "Custom dashboard").In(s.Locale(c))
		return s.render(c, board, title, id)
	})
	return nil
}
