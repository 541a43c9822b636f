package dashboards

import (
	"github.com/gofiber/fiber/v2"

	"salesbi/i18n"
	"salesbi/presets"
	"salesbi/query"
)

type boardLink struct {
	Slug, Title, About, Path string
	Ready                    bool
}

// customLink is one of "my dashboards" on the home page.
type customLink struct {
	ID     int64
	Name   string
	Path   string
	Panels int
	// From is the title of the preset it was copied from ("" if none).
	From string
}

// The home page: the twelve preset boards (one not built yet is marked
// so, never linked), each served one with "copy to my dashboards" (a
// form: it works without JavaScript), and under them the custom
// dashboards.
func (s *Server) mountHome() error {
	t, err := s.parsePage("home.html")
	if err != nil {
		return err
	}
	// A broken preset file stops the start with its file, panel and key
	// named, instead of a panic on the first request.
	if _, err := presets.Load(); err != nil {
		return err
	}
	s.App.Get("/", func(c *fiber.Ctx) error {
		loc := s.Locale(c)
		var boards []boardLink
		titles := map[string]string{}
		for _, d := range presets.All() {
			boards = append(boards, boardLink{d.ID, d.Title.In(loc), d.Description.In(loc), d.Path(), d.Ready})
			titles[d.ID] = d.Title.In(loc)
		}
		list, err := query.Dashboards(c.UserContext(), s.DB)
		if err != nil {
			return err
		}
		mine := make([]customLink, 0, len(list))
		for _, d := range list {
			mine = append(mine, customLink{ID: d.ID, Name: d.Name, Path: CustomPath(d.ID), Panels: len(d.Panels), From: titles[d.Preset]})
		}
		return s.render(c, t, i18n.T("看板", "Dashboards").In(loc), map[string]any{"Boards": boards, "Custom": mine})
	})
	return nil
}
