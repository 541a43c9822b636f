package dashboards

import (
	"github.com/gofiber/fiber/v2"

	"salesbi/i18n"
	"salesbi/presets"
)

type boardLink struct {
	Title, About, Path string
	Ready              bool
}

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
		for _, d := range presets.All() {
			boards = append(boards, boardLink{d.Title.In(loc), d.Description.In(loc), d.Path(), d.Ready})
		}
		return s.render(c, t, i18n.T("看板", "Dashboards").In(loc), map[string]any{"Boards": boards})
	})
	return nil
}
