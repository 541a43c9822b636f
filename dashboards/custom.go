package dashboards

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/presets"
	"salesbi/query"
)

// Custom dashboards ("my dashboards"): a preset board copied into the
// custom-dashboard store (query/saved_custom.go), or one made of saved
// charts, edited panel by panel. The presets never change; a copy can be
// reset to its preset. The JSON API:
//
//	GET    /api/custom-dashboards                       every custom dashboard with its panels
//	POST   /api/custom-dashboards                       {name} → a new empty one
//	POST   /api/custom-dashboards/from-preset/:slug     [{name}] → a copy of the preset (its filters and panels)
//	GET    /api/custom-dashboards/:id
//	PATCH  /api/custom-dashboards/:id                   {name}: rename
//	DELETE /api/custom-dashboards/:id
//	POST   /api/custom-dashboards/:id/reset             the preset's panels and filters again
//	POST   /api/custom-dashboards/:id/panels            {chart_id, width?} a saved chart as a panel at the end
//	POST   /api/custom-dashboards/:id/charts            {chart_id} the same, half width (the builder's "add")
//	PATCH  /api/custom-dashboards/:id/panels/:panel     {width?, position?} resize (1–12) and/or move (1 = first)
//	DELETE /api/custom-dashboards/:id/panels/:panel
//
// An unknown dashboard, panel, preset or saved chart is 404, a bad width,
// position or name 400 — each message in the caller's language, naming
// the field. The pages (custom_page.go): GET /custom-dashboards/:id (the
// board), GET /custom-dashboards/:id/edit (the board with its edit
// controls), POST /custom-dashboards/from-preset/:slug (a form's copy,
// then 303 to the new board).
func (s *Server) mountCustomAPI() {
	api := "/api/custom-dashboards"
	s.App.Get(api, func(c *fiber.Ctx) error {
		list, err := query.Dashboards(c.UserContext(), s.DB)
		if err != nil {
			return err
		}
		return OK(c, list)
	})
	s.App.Post(api, func(c *fiber.Ctx) error {
		var req struct {
			Name string `json:"name"`
		}
		if err := decodeBody(c, s.Locale(c), &req, false); err != nil {
			return err
		}
		d, err := query.CreateDashboard(c.UserContext(), s.DB, s.Identity(c), req.Name, s.Locale(c))
		if err != nil {
			return err
		}
		return OK(c, d)
	})
	// Before the :id routes: "from-preset" is not an id.
	s.App.Post(api+"/from-preset/:slug", func(c *fiber.Ctx) error {
		var req struct {
			Name string `json:"name"`
		}
		if err := decodeBody(c, s.Locale(c), &req, true); err != nil {
			return err
		}
		d, err := s.copyPreset(c, c.Params("slug"), req.Name)
		if err != nil {
			return err
		}
		return OK(c, d)
	})
	s.App.Get(api+"/:id", func(c *fiber.Ctx) error {
		d, err := s.customDashboard(c)
		if err != nil {
			return err
		}
		return OK(c, d)
	})
	s.App.Patch(api+"/:id", func(c *fiber.Ctx) error {
		id, err := customID(c, "id", s.Locale(c))
		if err != nil {
			return err
		}
		var req struct {
			Name string `json:"name"`
		}
		if err := decodeBody(c, s.Locale(c), &req, false); err != nil {
			return err
		}
		d, err := query.RenameDashboard(c.UserContext(), s.DB, id, req.Name, s.Locale(c))
		if err != nil {
			return err
		}
		return OK(c, d)
	})
	s.App.Delete(api+"/:id", func(c *fiber.Ctx) error {
		id, err := customID(c, "id", s.Locale(c))
		if err != nil {
			return err
		}
		if err := query.DeleteDashboard(c.UserContext(), s.DB, id, s.Locale(c)); err != nil {
			return err
		}
		return OK(c, map[string]int64{"dashboard_id": id})
	})
	s.App.Post(api+"/:id/reset", func(c *fiber.Ctx) error {
		d, err := s.resetToPreset(c)
		if err != nil {
			return err
		}
		return OK(c, d)
	})
	addChart := func(defaultWidth int) fiber.Handler {
		return func(c *fiber.Ctx) error {
			loc := s.Locale(c)
			id, err := customID(c, "id", loc)
			if err != nil {
				return err
			}
			var req struct {
				ChartID int64 `json:"chart_id"`
				Width   *int  `json:"width"`
			}
			if err := decodeBody(c, loc, &req, false); err != nil {
				return err
			}
			if req.ChartID < 1 {
				return apperr.New(apperr.BadInput, i18n.T("请求有误", "bad request").In(loc),
					i18n.T("chart_id：请给出已保存图表的编号", "chart_id: give the id of a saved chart").In(loc))
			}
			width := defaultWidth
			if req.Width != nil {
				width = *req.Width
			}
			p, err := query.AddChartPanel(c.UserContext(), s.DB, id, req.ChartID, width, loc)
			if err != nil {
				return err
			}
			return OK(c, map[string]any{"dashboard_id": id, "chart_id": req.ChartID, "panel": p})
		}
	}
	s.App.Post(api+"/:id/panels", addChart(6))
	s.App.Post(api+"/:id/charts", addChart(6))
	s.App.Patch(api+"/:id/panels/:panel", func(c *fiber.Ctx) error {
		loc := s.Locale(c)
		id, panel, err := panelIDs(c, loc)
		if err != nil {
			return err
		}
		var ch query.PanelChange
		if err := decodeBody(c, loc, &ch, false); err != nil {
			return err
		}
		p, err := query.UpdatePanel(c.UserContext(), s.DB, id, panel, ch, loc)
		if err != nil {
			return err
		}
		return OK(c, p)
	})
	s.App.Delete(api+"/:id/panels/:panel", func(c *fiber.Ctx) error {
		loc := s.Locale(c)
		id, panel, err := panelIDs(c, loc)
		if err != nil {
			return err
		}
		if err := query.RemovePanel(c.UserContext(), s.DB, id, panel, loc); err != nil {
			return err
		}
		return OK(c, map[string]int64{"dashboard_id": id, "panel_id": panel})
	})
}

// copyPreset copies the preset board slug into a new custom dashboard
// named name (the preset's title when empty).
func (s *Server) copyPreset(c *fiber.Ctx, slug, name string) (query.CustomDashboard, error) {
	loc := s.Locale(c)
	b, err := readyPreset(slug, loc)
	if err != nil {
		return query.CustomDashboard{}, err
	}
	if name == "" {
		name = b.Title.In(loc)
	}
	return query.CopyDashboard(c.UserContext(), s.DB, s.Identity(c),
		query.CustomDashboard{Name: name, Preset: b.ID, Filters: filtersOfPreset(b.Filters), Panels: panelsOfPreset(b)}, loc)
}

// resetToPreset gives the dashboard of the path's :id its preset's panels
// and filters again.
func (s *Server) resetToPreset(c *fiber.Ctx) (query.CustomDashboard, error) {
	loc := s.Locale(c)
	d, err := s.customDashboard(c)
	if err != nil {
		return d, err
	}
	if d.Preset == "" {
		return d, apperr.New(apperr.Conflict, fmt.Sprintf(i18n.T("看板“%s”不是从预置看板复制的，无法恢复",
			"dashboard %q was not copied from a preset board: there is nothing to reset it to").In(loc), d.Name))
	}
	b, err := readyPreset(d.Preset, loc)
	if err != nil {
		return d, err
	}
	return query.ResetPanels(c.UserContext(), s.DB, d.ID, filtersOfPreset(b.Filters), panelsOfPreset(b), loc)
}

// readyPreset is the preset board slug, if it exists and is served.
func readyPreset(slug, loc string) (presets.Board, error) {
	b, ok := presets.ByID(slug)
	if !ok {
		return b, apperr.New(apperr.NotFound, fmt.Sprintf(i18n.T("没有名为“%s”的预置看板", "there is no preset board %q").In(loc), slug))
	}
	if !b.Ready {
		return b, apperr.New(apperr.Conflict, fmt.Sprintf(i18n.T("预置看板“%s”还在建设中，暂不能复制",
			"the preset board %q is still being built and cannot be copied yet").In(loc), b.Title.In(loc)))
	}
	return b, nil
}

// customDashboard loads the dashboard of the path's :id.
func (s *Server) customDashboard(c *fiber.Ctx) (query.CustomDashboard, error) {
	id, err := customID(c, "id", s.Locale(c))
	if err != nil {
		return query.CustomDashboard{}, err
	}
	return query.LoadDashboard(c.UserContext(), s.DB, id, s.Locale(c))
}

// panelsOfPreset turns a preset's panels into stored panels, in order.
func panelsOfPreset(b presets.Board) []query.CustomPanel {
	out := make([]query.CustomPanel, 0, len(b.Panels))
	for _, p := range b.Panels {
		out = append(out, query.CustomPanel{Width: p.Width, Title: p.Title, About: p.About, Period: p.Period,
			Spec: p.Spec, Preset: b.ID, PresetPanel: p.ID})
	}
	return out
}

func filtersOfPreset(f presets.Filters) query.BoardFilters {
	return query.BoardFilters{Period: f.Period, Region: f.Region, Rep: f.Rep}
}

// CustomBoard is a custom dashboard as a board of the board engine: the
// stored panels in the preset panel format (ids "p<panel id>", order =
// position), so boards.Service answers it like any preset.
func CustomBoard(d query.CustomDashboard) presets.Board {
	b := presets.Board{ID: "custom-" + strconv.FormatInt(d.ID, 10), Title: i18n.T(d.Name, d.Name), Ready: true,
		Filters: presets.Filters{Period: d.Filters.Period, Region: d.Filters.Region, Rep: d.Filters.Rep}}
	if b.Filters.Period == "" {
		b.Filters.Period = query.DefaultBoardFilters.Period
	}
	if p, ok := presets.ByID(d.Preset); ok && d.Preset != "" {
		b.Description = i18n.T("复制自预置看板“"+p.Title.ZH+"”", "Copied from the preset board "+p.Title.EN)
	}
	for _, p := range d.Panels {
		b.Panels = append(b.Panels, presets.Panel{ID: PanelKey(p.ID), Title: p.Title, About: p.About, Width: p.Width,
			Order: p.Position, Period: p.Period, Spec: p.Spec})
	}
	return b
}

// PanelKey is a stored panel's id on its board.
func PanelKey(id int64) string { return "p" + strconv.FormatInt(id, 10) }

// CustomPath is where custom dashboard id is served.
func CustomPath(id int64) string { return "/custom-dashboards/" + strconv.FormatInt(id, 10) }

// customID reads a positive id from the path parameter param.
func customID(c *fiber.Ctx, param, loc string) (int64, error) {
	v := c.Params(param)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, apperr.New(apperr.BadInput, i18n.T("地址有误", "bad address").In(loc),
			fmt.Sprintf(i18n.T("%s：应为正整数，收到“%s”", "%s: must be a positive integer, got %q").In(loc), param, v))
	}
	return id, nil
}

func panelIDs(c *fiber.Ctx, loc string) (int64, int64, error) {
	id, err := customID(c, "id", loc)
	if err != nil {
		return 0, 0, err
	}
	panel, err := customID(c, "panel", loc)
	return id, panel, err
}

// decodeBody reads a JSON request body into v, strictly; optional allows
// an empty body. A value of the wrong type is named with its field.
func decodeBody(c *fiber.Ctx, loc string, v any, optional bool) error {
	body := c.Body()
	if len(body) == 0 && optional {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	msg := i18n.T("请求不是有效的 JSON", "the request is not valid JSON").In(loc)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return apperr.New(apperr.BadInput, msg, fmt.Sprintf(i18n.T("%s：类型不对（应为 %s）", "%s: wrong type (want %s)").In(loc), te.Field, te.Type.String()))
	}
	return apperr.New(apperr.BadInput, msg, err.Error())
}
