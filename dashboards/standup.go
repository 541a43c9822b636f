package dashboards

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/model"
)

// The Morning stand-up board (DESIGN.md board 2): yesterday's new valid
// leads by region, the top 3 leads not followed up, lead share by channel,
// yesterday's visits and signings. Drill: region → rep → the records.
func (s *Server) mountStandup() error {
	t, err := s.parsePage("standup.html")
	if err != nil {
		return err
	}
	s.App.Get("/dashboards/standup", func(c *fiber.Ctx) error { return s.standupPage(c, t) })
	return nil
}

type standupView struct {
	Filter     standupFilter
	Level      string
	DayLabel   string
	DateValue  string
	Data       *standupData
	Records    *standupRecords
	Charts     []EmbeddedChart
	Regions    []groupCount
	RegionName string
	RepName    string
	BackURL    string
	RegionURL  string
	Now        time.Time
	Locale     string
}

func (s *Server) parseStandupFilter(c *fiber.Ctx) (standupFilter, error) {
	f := standupFilter{Day: s.Cal.Yesterday()}
	var problems []string
	if d := c.Query("date"); d != "" {
		t, err := time.ParseInLocation("2006-01-02", d, s.Cal.Loc)
		if err != nil {
			problems = append(problems, fmt.Sprintf("date: %q is not a date like 2026-11-26", d))
		} else {
			f.Day = s.Cal.Day(t)
		}
	}
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"region", &f.RegionID}, {"rep", &f.RepID}} {
		if v := c.Query(p.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				problems = append(problems, fmt.Sprintf("%s: %q is not an id", p.name, v))
				continue
			}
			*p.dst = n
		}
	}
	if f.RepID != 0 && f.RegionID == 0 {
		// A rep link without its region: find the region so the crumbs work.
		_ = s.DB.QueryRowContext(c.UserContext(), `SELECT coalesce(region_id, 0) FROM reps WHERE rep_id = $1`, f.RepID).Scan(&f.RegionID)
	}
	if len(problems) > 0 {
		return f, apperr.New(apperr.BadInput, "stand-up filter", problems...)
	}
	return f, nil
}

func (s *Server) standupPage(c *fiber.Ctx, t *template.Template) error {
	f, err := s.parseStandupFilter(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	loc := s.Locale(c)
	v := standupView{Filter: f, Level: f.Level(), Now: s.Cal.Now(), Locale: loc,
		DayLabel: f.Day.From.Format("2006-01-02"), DateValue: c.Query("date")}
	if v.Regions, err = queryGroups(ctx, s.DB.DB, sqlGroups, int64(0), int64(0)); err != nil {
		return err
	}
	for _, r := range v.Regions {
		if r.ID == f.RegionID {
			v.RegionName = r.Name
		}
	}
	if f.RepID != 0 {
		if err := s.DB.QueryRowContext(ctx, `SELECT name FROM reps WHERE rep_id = $1`, f.RepID).Scan(&v.RepName); err != nil {
			return apperr.New(apperr.NotFound, fmt.Sprintf("rep %d not found", f.RepID))
		}
	}
	if v.Data, err = loadStandup(ctx, s.DB.DB, f, v.Regions); err != nil {
		return err
	}
	link := func(region, rep int64) string { return standupURL(c, region, rep) }
	v.BackURL, v.RegionURL = link(0, 0), link(f.RegionID, 0)
	if v.Level == "records" {
		if v.Records, err = loadStandupRecords(ctx, s.DB.DB, f); err != nil {
			return err
		}
	}
	if v.Charts, err = standupCharts(v.Data, f, loc, link); err != nil {
		return err
	}
	return s.render(c, t, i18n.T("晨会看板", "Morning stand-up").In(loc), v)
}

// standupURL keeps the date and language and sets the drill position.
func standupURL(c *fiber.Ctx, region, rep int64) string {
	q := url.Values{}
	for _, k := range []string{"date", "lang"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	if region != 0 {
		q.Set("region", strconv.FormatInt(region, 10))
	}
	if rep != 0 {
		q.Set("rep", strconv.FormatInt(rep, 10))
	}
	if len(q) == 0 {
		return "/dashboards/standup"
	}
	return "/dashboards/standup?" + q.Encode()
}

// standupCharts builds the board's three charts with go-echarts. The bars
// drill one level down (region → rep → records).
func standupCharts(d *standupData, f standupFilter, loc string, link func(region, rep int64) string) ([]EmbeddedChart, error) {
	tr := func(z, e string) string { return i18n.T(z, e).In(loc) }
	names := make([]string, len(d.ValidLeads))
	drill := make([]string, len(d.ValidLeads))
	leadBars := make([]opts.BarData, len(d.ValidLeads))
	visitBars := make([]opts.BarData, len(d.Visits))
	signBars := make([]opts.BarData, len(d.Signings))
	for i, g := range d.ValidLeads {
		names[i] = g.Name
		leadBars[i] = opts.BarData{Value: g.N}
		visitBars[i] = opts.BarData{Value: d.Visits[i].N}
		signBars[i] = opts.BarData{Value: d.Signings[i].N}
		if f.Level() == "region" {
			drill[i] = link(g.ID, 0)
		} else {
			drill[i] = link(f.RegionID, g.ID)
		}
	}
	if f.Level() == "records" {
		drill = nil // already at the bottom
	}
	by := tr("按区域", "by region")
	if f.Level() != "region" {
		by = tr("按业务员", "by rep")
	}
	grid := charts.WithGridOpts(opts.Grid{Left: "48", Right: "48", Bottom: "64", ContainLabel: opts.Bool(true)})
	xLabels := charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotateFor(len(names))}})

	leads := charts.NewBar()
	leads.SetGlobalOptions(LocalAssets(),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithYAxisOpts(opts.YAxis{MinInterval: 1}),
		grid, xLabels,
	)
	leads.SetXAxis(names).AddSeries(tr("有效线索", "Valid leads"), leadBars,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#2563eb"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}))

	pie := charts.NewPie()
	pie.SetGlobalOptions(LocalAssets(),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}: {c} ({d}%)"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
	)
	slices := make([]opts.PieData, len(d.Channels))
	for i, ch := range d.Channels {
		slices[i] = opts.PieData{Name: model.LabelOf(model.KindChannel, ch.Name, loc), Value: ch.N}
	}
	pie.AddSeries(tr("线索渠道", "Lead channel"), slices,
		charts.WithPieChartOpts(opts.PieChart{Radius: []string{"35%", "65%"}, Center: []string{"50%", "45%"}}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b} {d}%"}))

	vs := charts.NewBar()
	vs.SetGlobalOptions(LocalAssets(),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
		charts.WithYAxisOpts(opts.YAxis{Name: tr("拜访", "Visits"), MinInterval: 1}),
		grid, xLabels,
	)
	vs.ExtendYAxis(opts.YAxis{Name: tr("签约", "Signings"), Position: "right", MinInterval: 1, SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
	vs.SetXAxis(names).
		AddSeries(tr("拜访", "Visits"), visitBars, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#0d9488"})).
		AddSeries(tr("签约", "Signings"), signBars, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#f59e0b"}),
			charts.WithBarChartOpts(opts.BarChart{YAxisIndex: 1}))

	var out []EmbeddedChart
	for _, x := range []struct {
		id, title string
		c         Validator
		drill     []string
	}{
		{"chart-valid-leads", tr("昨日新增有效线索", "Yesterday's new valid leads") + " · " + by, leads, drill},
		{"chart-channels", tr("线索来源渠道占比", "Lead share by channel"), onePctDecimal{pie}, nil},
		{"chart-visits-signings", tr("昨日拜访与签约", "Yesterday's visits and signings") + " · " + by, vs, drill},
	} {
		e, err := Embed(x.id, x.title, x.c, x.drill)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// rotateFor tilts axis labels when many bars share the width.
func rotateFor(n int) float64 {
	if n > 8 {
		return 40
	}
	return 0
}

// onePctDecimal shows pie shares with one decimal (DESIGN.md conventions);
// go-echarts has no field for ECharts' series.percentPrecision.
type onePctDecimal struct{ *charts.Pie }

func (p onePctDecimal) JSON() map[string]interface{} {
	m := p.Pie.JSON()
	b, err := json.Marshal(m["series"])
	if err != nil {
		return m
	}
	var series []map[string]any
	if json.Unmarshal(b, &series) == nil {
		for _, s := range series {
			s["percentPrecision"] = 1
		}
		m["series"] = series
	}
	return m
}
