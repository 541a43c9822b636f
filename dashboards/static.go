package dashboards

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
)

// static holds CSS, page scripts and the vendored ECharts (copied from the
// npm package by `make assets`): everything a page loads comes from here.
//
//go:embed static
var static embed.FS

// AssetsHost is where go-echarts is told ECharts lives: this server.
const AssetsHost = "/static/vendor/"

// EChartsPresent reports whether the binary was built with ECharts embedded.
func EChartsPresent() bool {
	_, err := fs.Stat(static, "static/vendor/echarts.min.js")
	return err == nil
}

// mountStatic serves the embedded assets, and /favicon.ico from the
// embedded SVG: browsers ask for it whatever the page says, and no request
// should end in a 404 console error.
func (s *Server) mountStatic() error {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return err
	}
	s.App.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(sub), MaxAge: 3600}))
	s.App.Get("/static/vendor/echarts.min.js", func(c *fiber.Ctx) error {
		return fiber.NewError(fiber.StatusNotFound, "echarts.min.js is not embedded in this binary: build with `make build` (it copies it from the npm package echarts)")
	})
	s.App.Get("/favicon.ico", func(c *fiber.Ctx) error { return c.Redirect("/static/favicon.svg", fiber.StatusMovedPermanently) })
	return nil
}
