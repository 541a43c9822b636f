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
				title, about := d.TitleZh, d.AboutZh
				if loc == "en" {
					title, about = d.TitleEn, d.AboutEn
				}
				boards = append(boards, boardLink{title, about, d.Path(), d.Ready})
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
