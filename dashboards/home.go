package dashboards

import (
	"github.com/gofiber/fiber/v2"

	"salesbi/presets"
)

type boardLink struct {
	Title, About, Path string
	Ready              bool
}

func init() {
	RegisterMount(Mount{Name: "home", Order: 10, Fn: func(s *Server) error {
		t, err := s.parsePage("home.html")
		if err != nil {
			return err
		}
		s.App.Get("/", func(c *fiber.Ctx) error {
			loc := s.Locale(c)
			var boards []boardLink
			for _, d := range presets.All {
				boards = append(boards, boardLink{d.Title.In(loc), d.About.In(loc), d.Path(), d.Ready})
			}
			title := "看板"
			if loc == "en" {
				title = "Dashboards"
			}
			return s.render(c, t, title, map[string]any{"Boards": boards})
		})
		return nil
	}})
}
