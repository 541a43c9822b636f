package dashboards

import (
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"salesbi/boards"
	"salesbi/i18n"
	"salesbi/presets"
	"salesbi/query"
)

// The custom dashboard pages. GET /custom-dashboards/:id answers the
// dashboard's panels through the board engine (s.Boards.Answer) and draws
// them on the page (custom_dashboard.html) with the data in the HTML;
// /edit adds the edit controls (remove, width, move up/down, add a saved
// chart, reset to the preset), which call the JSON API of custom.go and
// reload the page.
func (s *Server) mountCustomPages() error {
	t, err := s.parsePage("custom_dashboard.html")
	if err != nil {
		return err
	}
	s.App.Get("/custom-dashboards/:id", func(c *fiber.Ctx) error {
		d, err := s.customDashboard(c)
		if err != nil {
			return err
		}
		// The one line to switch when the board page lands
		// (dashboards/board_page.go): return s.renderBoard(c, CustomBoard(d), CustomPath(d.ID))
		return s.renderCustom(c, t, d, false)
	})
	s.App.Get("/custom-dashboards/:id/edit", func(c *fiber.Ctx) error {
		d, err := s.customDashboard(c)
		if err != nil {
			return err
		}
		return s.renderCustom(c, t, d, true)
	})
	// A form's "copy to my dashboards" (the home page; works without
	// JavaScript): copy, then show the copy.
	s.App.Post("/custom-dashboards/from-preset/:slug", func(c *fiber.Ctx) error {
		d, err := s.copyPreset(c, c.Params("slug"), "")
		if err != nil {
			return err
		}
		return c.Redirect(CustomPath(d.ID)+langQuery(c), fiber.StatusSeeOther)
	})
	// Where the builder's custom dashboards used to live.
	s.App.Get("/builder/dashboards/:id", func(c *fiber.Ctx) error {
		id, err := customID(c, "id", s.Locale(c))
		if err != nil {
			return err
		}
		return c.Redirect(CustomPath(id)+langQuery(c), fiber.StatusMovedPermanently)
	})
	return nil
}

func langQuery(c *fiber.Ctx) string {
	if l := c.Query("lang"); l != "" {
		return "?lang=" + url.QueryEscape(l)
	}
	return ""
}

// customView is what custom_dashboard.html draws.
type customView struct {
	ID          int64
	Name        string
	Description string
	Preset      string // the preset's title, "" when not a copy
	PresetSlug  string
	Edit        bool
	Path        string
	Answer      *boards.Answer
	Panels      []customPanelView
	Periods     []boards.Choice
	Period      string
	Region, Rep string
	Filters     presets.Filters
	Count       int
	Widths      []int
}

// customTableView is a table or records panel as text.
type customTableView struct {
	Header []string
	Rows   [][]customCellView
}

type customCellView struct {
	Text string
	Num  bool
}

// customPanelView is one panel on the page.
type customPanelView struct {
	ID      int64  // the stored panel's id (the API's :panel)
	Key     string // its id on the board
	Title   string
	About   string
	Width   int
	Kind    string
	Option  string // ECharts option JSON, "" when drawn as HTML
	Height  string
	Table   *customTableView
	Error   string
	Skipped []string
	Empty   *boards.Empty
	First   bool
	Last    bool
}

func (s *Server) renderCustom(c *fiber.Ctx, t *template.Template, d query.CustomDashboard, edit bool) error {
	loc := s.Locale(c)
	b := CustomBoard(d)
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		q = url.Values{}
	}
	req, err := s.Boards.ParseRequest(b, q, loc)
	if err != nil {
		return err
	}
	req.Identity = s.Identity(c)
	ans, err := s.Boards.Answer(c.UserContext(), req)
	if err != nil {
		return err
	}
	v := customView{ID: d.ID, Name: d.Name, Description: b.Description.In(loc), Edit: edit, Path: CustomPath(d.ID),
		Answer: ans, Period: ans.Selection.Period, Region: req.Selection.Region, Rep: req.Selection.Rep, Filters: b.Filters,
		PresetSlug: d.Preset, Count: len(d.Panels), Widths: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}
	if p, ok := presets.ByID(d.Preset); ok && d.Preset != "" {
		v.Preset = p.Title.In(loc)
	}
	for _, p := range presets.PeriodPresets {
		v.Periods = append(v.Periods, boards.Choice{Value: p, Label: boards.PeriodName(p).In(loc)})
	}
	byKey := map[string]query.CustomPanel{}
	for _, p := range d.Panels {
		byKey[PanelKey(p.ID)] = p
	}
	for i, pa := range ans.Panels {
		stored := byKey[pa.ID]
		pv := customPanelView{ID: stored.ID, Key: pa.ID, Title: pa.Title, About: pa.About, Width: pa.Width, Kind: pa.Chart,
			Error: pa.Error, Skipped: pa.Skipped, Empty: pa.Empty, First: i == 0, Last: i == len(ans.Panels)-1, Height: "320px"}
		if pa.Chart == "kpi" {
			pv.Height = "160px"
		}
		switch {
		case pa.Error != "":
		case pa.Pending:
			pv.Error = i18n.T("面板未能及时算完，请刷新页面", "the panel did not finish in time: reload the page").In(loc)
		case pa.Option != nil && pa.Option.Table != nil:
			pv.Table = textTable(pa.Option.Table.Header, pa.Option.Table.Rows, nil, loc, s.Cal.Loc)
		case pa.Option != nil:
			js, err := pa.Option.AppendJSON(nil)
			if err != nil {
				pv.Error = err.Error()
				break
			}
			pv.Option = string(js)
		default: // a records level: the rows as a table
			header := make([]string, len(pa.Columns))
			for i, col := range pa.Columns {
				header[i] = col.Label.In(loc)
			}
			pv.Table = textTable(header, pa.Rows, pa.Columns, loc, s.Cal.Loc)
		}
		v.Panels = append(v.Panels, pv)
	}
	return s.render(c, t, d.Name, v)
}

// textTable writes rows as text: coded values (cols, when known) by their
// labels, instants in the business zone, numbers with at most two decimals.
func textTable(header []string, rows [][]any, cols []query.Column, loc string, zone *time.Location) *customTableView {
	t := &customTableView{Header: header, Rows: make([][]customCellView, 0, len(rows))}
	for _, r := range rows {
		out := make([]customCellView, len(r))
		for i, v := range r {
			switch x := v.(type) {
			case nil:
			case time.Time:
				out[i].Text = x.In(zone).Format("2006-01-02 15:04")
			case float64:
				out[i] = customCellView{Text: strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64), Num: true}
			case float32, int, int32, int64:
				out[i] = customCellView{Text: fmt.Sprint(x), Num: true}
			case string:
				out[i].Text = x
				if i < len(cols) && cols[i].Kind == query.KindTime {
					if at, err := time.Parse(time.RFC3339, x); err == nil {
						out[i].Text = at.In(zone).Format("2006-01-02 15:04")
					}
				}
				if i < len(cols) && cols[i].Codes != nil {
					if l, ok := cols[i].Codes[x]; ok {
						out[i].Text = l.In(loc)
					}
				}
			default:
				out[i].Text = fmt.Sprint(x)
			}
		}
		t.Rows = append(t.Rows, out)
	}
	return t
}
