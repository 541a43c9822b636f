package dashboards

import (
	"github.com/gofiber/fiber/v2"

	"salesbi/i18n"
)

// The drag-style chart builder (GET /builder): a field list grouped by
// dataset on the left, shelves for X axis, series, measures and filters,
// a chart-type picker and a live preview. The page itself is static; all
// data comes from the query API (query_api.go) so what the builder shows is
// exactly what /api/query answers. Its whole state is the chart spec, kept
// in the URL (?spec=<the spec's JSON>), so a link reproduces the chart and
// the browser's Back steps back through the edits and drills. Custom
// dashboards (the saved charts put on a board, or a preset copied) are
// custom.go and custom_page.go, at /custom-dashboards/:id.
func (s *Server) mountBuilder() error {
	page, err := s.parsePage("builder.html")
	if err != nil {
		return err
	}
	s.App.Get("/builder", func(c *fiber.Ctx) error {
		title := i18n.T("自助分析", "Chart builder").In(s.Locale(c))
		return s.render(c, page, title, nil)
	})
	s.mountCustomAPI()
	return s.mountCustomPages()
}
