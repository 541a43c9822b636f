package dashboards

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/boards"
	"salesbi/clock"
	"salesbi/dashboards/charts"
	"salesbi/i18n"
	"salesbi/model"
	"salesbi/presets"
	"salesbi/query"
)

// The board page: GET /dashboards/:slug renders a preset board with its
// data in the HTML (KPI numbers and tables as HTML, charts as ECharts
// options in data attributes that static/charts.js draws). The query
// string is boards.ParseRequest's, so a link reproduces the view.
//
// board.js drills in place: it asks this same URL with fragment=1 and
// panel=ID for the panels that change, and swaps the returned panel HTML
// in, so one Go template draws a panel whether it comes with the page or
// later (a drill, a late panel, Back). Without JavaScript every link
// (crumbs, sort, pages, filters) is a plain link to the full page.

// fragmentParam asks for the panels' HTML only (board.js).
const fragmentParam = "fragment"

func (s *Server) mountBoards() error {
	t, err := s.parseBoardPage()
	if err != nil {
		return err
	}
	s.boardTmpl = t
	if s.errorTmpl, err = s.parsePage("error.html"); err != nil {
		return err
	}
	s.App.Get("/dashboards/:slug", func(c *fiber.Ctx) error {
		slug := c.Params("slug")
		b, ok := presets.ByID(slug)
		if !ok || !b.Ready {
			loc := s.Locale(c)
			return apperr.New(apperr.NotFound, fmt.Sprintf(i18n.T("没有名为“%s”的看板", "there is no board %q").In(loc), slug))
		}
		return s.renderBoard(c, b, b.Path())
	})
	return nil
}

// parseBoardPage parses the layout with the board templates.
func (s *Server) parseBoardPage() (*template.Template, error) {
	return template.New("layout").Funcs(s.pageFuncs()).ParseFS(templateFS,
		"templates/layout.html", "templates/board.html")
}

// renderBoard answers board b for the request's query string and writes
// the page (or, with ?fragment=1, only the panels' HTML). basePath is
// where the board is served (its links keep to it): /dashboards/<slug>
// for a preset, the custom dashboard's path for a copy.
func (s *Server) renderBoard(c *fiber.Ctx, b presets.Board, basePath string) error {
	loc := s.Locale(c)
	q := queryValues(c)
	req, err := s.Boards.ParseRequest(b, q, loc)
	if err != nil {
		return err
	}
	req.Identity = s.Identity(c)
	a, err := s.Boards.Answer(c.UserContext(), req)
	if err != nil {
		return err
	}
	v := s.boardView(c, b, basePath, q, req, a)
	if q.Get(fragmentParam) != "" {
		var sb strings.Builder
		for _, p := range v.Panels {
			if err := s.boardTmpl.ExecuteTemplate(&sb, "panel", p); err != nil {
				return err
			}
		}
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.SendString(sb.String())
	}
	return s.render(c, s.boardTmpl, a.Title, v)
}

// queryValues is the request's query string as url.Values (repeated keys
// kept: at=…&at=…, panel=…&panel=…).
func queryValues(c *fiber.Ctx) url.Values {
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		q = url.Values{}
		c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) { q.Add(string(k), string(v)) })
	}
	return q
}

// boardView is what board.html draws.
type boardView struct {
	Slug, Title, Description string
	Base                     string // the board's path
	Locale                   string
	PeriodText               string // 昨日 · 2026-11-26
	DataAsOf                 string
	DataAge                  string
	Stale                    bool
	Chips                    []chip
	Filters                  filterForm
	Panels                   []panelView
	State                    string // the URL's view state, for board.js
	Elapsed                  float64
}

type chip struct{ Label, Remove string }

type filterForm struct {
	Periods           []option
	Custom            bool
	From, To          string
	Region, Rep       bool
	Regions, Reps     []option
	AsOf, Lang        string
	FilterCount       int
	RegionVal, RepVal string
}

type option struct {
	Value, Label string
	Selected     bool
}

// panelView is one panel as board.html draws it.
type panelView struct {
	boards.PanelAnswer
	Locale    string
	Kind      string // kpi, chart, table, records, pending, error
	KPIValue  string
	KPINote   string
	KPIComp   []kpiCompare // the card's earlier periods (Spec.Compare)
	Option    string       // ECharts option JSON
	Drill     string       // drill targets JSON (see drillTargets)
	DrillBase string       // the URL a click appends &at= to
	Height    int          // chart height in px
	Scroll    bool         // the chart scrolls inside its panel
	Table     *tableView
	Crumbs    []crumbLink
	Skipped   string
	EmptyText string
	EmptyURL  string
	EmptyDay  string
	AsOfText  string
	AsOfAge   string
	Drilled   bool
	// PhoneOrder places the panel on a phone, where one column makes
	// order matter: the drilled panel first, and with a rep chosen the
	// rep's numbers and records before the (one-bar) charts.
	PhoneOrder int
	Pager      *pager
	CSV        string
	Self       string // the URL of this view of the panel
}

// kpiCompare is one comparison under a KPI card: 去年同期 1,234 · +56 · +4.8% ▲.
type kpiCompare struct {
	Label, Text, DeltaText, DeltaPctText string
	Direction                            string // up, down, flat
}

type crumbLink struct {
	Label, URL string
	Title      string // the crumb with its dimension (区域：华东)
	Current    bool
}

type tableView struct {
	Header []headCell
	Rows   [][]cell
}

type headCell struct {
	Label, SortURL string
	Num            bool
	Sorted, Desc   bool
}

type cell struct {
	Text, Href string
	Num        bool
}

type pager struct {
	Text       string
	Prev, Next string
}

// boardView builds the page's view of answer a.
func (s *Server) boardView(c *fiber.Ctx, b presets.Board, base string, q url.Values, req boards.Request, a *boards.Answer) boardView {
	loc := req.Locale
	tr := func(zh, en string) string { return i18n.T(zh, en).In(loc) }
	v := boardView{Slug: b.ID, Title: a.Title, Description: a.Description, Base: base, Locale: loc,
		Stale: a.Stale, Elapsed: a.Elapsed}
	view := cleanQuery(q)
	v.State = view.Encode()
	link := func(mod func(url.Values)) string {
		n := cloneValues(view)
		mod(n)
		if len(n) == 0 {
			return base
		}
		return base + "?" + n.Encode()
	}
	sel := a.Selection
	if sel.Period == "" && sel.From == "" {
		sel.Period = b.Filters.Period
	}
	v.PeriodText = s.periodText(sel, a.PeriodLabel, req.AsOf, loc)
	if !a.DataAsOf.IsZero() {
		v.DataAsOf = a.DataAsOf.In(s.Cal.Loc).Format("2006-01-02 15:04")
		v.DataAge = s.waited(a.DataAsOf, loc)
	}

	// Filters and their chips (a chip's link drops the filter, and with it
	// the drill: the clicked points belong to the old filters).
	dropView := func(n url.Values, keys ...string) {
		for _, k := range append(keys, "drill", "at", "page", "sort", "desc") {
			n.Del(k)
		}
	}
	f := filterForm{Region: b.Filters.Region, Rep: b.Filters.Rep, AsOf: req.AsOf, Lang: q.Get("lang"),
		RegionVal: sel.Region, RepVal: sel.Rep}
	for _, p := range a.Filters.Periods { // the presets, then "custom" (a from/to range)
		chosen := sel.From == "" && p.Value == sel.Period || sel.From != "" && p.Value == "custom"
		f.Periods = append(f.Periods, option{Value: p.Value, Label: p.Label, Selected: chosen})
	}
	if sel.From != "" {
		f.Custom, f.From, f.To = true, sel.From, sel.To
	}
	for _, r := range a.Filters.Regions {
		f.Regions = append(f.Regions, option{Value: r.Value, Label: r.Label, Selected: r.Value == sel.Region})
	}
	for _, r := range a.Filters.Reps {
		f.Reps = append(f.Reps, option{Value: r.Value, Label: r.Label, Selected: r.Value == sel.Rep})
	}
	if q.Get("period") != "" || sel.From != "" {
		label := boards.PeriodName(sel.Period).In(loc)
		if sel.From != "" {
			label = sel.From + " – " + sel.To
		}
		v.Chips = append(v.Chips, chip{tr("期间：", "Period: ") + label, link(func(n url.Values) { dropView(n, "period", "from", "to") })})
	}
	if sel.Region != "" {
		v.Chips = append(v.Chips, chip{tr("区域：", "Region: ") + sel.Region, link(func(n url.Values) { dropView(n, "region", "rep") })})
	}
	if sel.Rep != "" {
		v.Chips = append(v.Chips, chip{tr("业务员：", "Rep: ") + sel.Rep, link(func(n url.Values) { dropView(n, "rep") })})
	}
	if req.AsOf != "" {
		v.Chips = append(v.Chips, chip{tr("截至：", "As of: ") + req.AsOf, link(func(n url.Values) { dropView(n, "asof") })})
	}
	f.FilterCount = len(v.Chips)
	v.Filters = f

	for _, p := range a.Panels {
		pv := s.panelView(p, b, base, view, req, loc)
		pv.PhoneOrder = pv.Order
		switch {
		case pv.Drilled:
			pv.PhoneOrder -= 3000
		case sel.Rep != "" && pv.Kind == "kpi":
			pv.PhoneOrder -= 2000
		case sel.Rep != "" && (pv.Kind == "records" || pv.Kind == "table"):
			pv.PhoneOrder -= 1000
		}
		v.Panels = append(v.Panels, pv)
	}
	return v
}

// cleanQuery is the view's state: the query string without the fragment
// and panel selectors (which only say how to fetch it).
func cleanQuery(q url.Values) url.Values {
	n := cloneValues(q)
	n.Del(fragmentParam)
	n.Del("panel")
	for k, vs := range n {
		if len(vs) == 0 || (len(vs) == 1 && vs[0] == "") {
			n.Del(k)
		}
	}
	return n
}

func cloneValues(q url.Values) url.Values {
	n := url.Values{}
	for k, vs := range q {
		n[k] = append([]string(nil), vs...)
	}
	return n
}

// panelView draws one answered panel.
func (s *Server) panelView(p boards.PanelAnswer, b presets.Board, base string, view url.Values, req boards.Request, loc string) panelView {
	tr := func(zh, en string) string { return i18n.T(zh, en).In(loc) }
	pv := panelView{PanelAnswer: p, Locale: loc}
	if pv.Width < 1 || pv.Width > 12 {
		pv.Width = 12
	}
	link := func(mod func(url.Values)) string {
		n := cloneValues(view)
		mod(n)
		if len(n) == 0 {
			return base
		}
		return base + "?" + n.Encode()
	}
	drilled := req.Drill != nil && req.Drill.Panel == p.ID
	pv.Drilled = drilled && len(req.Drill.Points) > 0
	var points []map[string]any
	if drilled {
		points = req.Drill.Points
	}
	// The URL of this panel's view: its own drill kept, another panel's
	// dropped (one panel is drilled at a time).
	atPoints := func(n url.Values, depth int) {
		for _, k := range []string{"drill", "at", "page", "sort", "desc"} {
			n.Del(k)
		}
		if depth > 0 {
			n.Set("drill", p.ID)
			for _, pt := range points[:depth] {
				n.Add("at", boards.FormatPoint(pt))
			}
		}
	}
	pv.Self = link(func(n url.Values) {
		if !drilled {
			atPoints(n, 0)
		}
	})
	if len(p.Skipped) > 0 {
		var names []string
		for _, f := range p.Skipped {
			names = append(names, filterName(f).In(loc))
		}
		pv.Skipped = fmt.Sprintf(tr("本面板不按%s筛选", "This panel does not take the %s filter"), strings.Join(names, tr("、", ", ")))
	}
	if !p.DataAsOf.IsZero() {
		pv.AsOfText = p.DataAsOf.In(s.Cal.Loc).Format("01-02 15:04")
		pv.AsOfAge = s.waited(p.DataAsOf, loc)
	}
	if p.Empty != nil {
		pv.EmptyText = p.Empty.Message
		if pv.EmptyText == "" {
			pv.EmptyText = tr("所选期间没有数据", "No rows in the chosen period")
		}
		if p.Empty.AsOf != "" {
			pv.EmptyDay = p.Empty.Latest
			if pv.EmptyDay == "" {
				pv.EmptyDay = p.Empty.AsOf
			}
			pv.EmptyURL = link(func(n url.Values) {
				for _, k := range []string{"drill", "at", "page", "sort", "desc"} {
					n.Del(k)
				}
				n.Set("asof", p.Empty.AsOf)
			})
		}
	}
	// Crumbs: the engine's, else one per clicked point.
	if pv.Drilled || p.Level != "" {
		crumbs := p.Crumbs
		if len(crumbs) == 0 {
			crumbs = append(crumbs, boards.Crumb{Label: tr("全部", "All"), Depth: 0})
			for i, pt := range points {
				crumbs = append(crumbs, boards.Crumb{Label: pointLabel(pt, p, loc), Depth: i + 1})
			}
		}
		for _, cr := range crumbs {
			d := min(max(cr.Depth, 0), len(points))
			cl := crumbLink{Label: cr.Label, URL: link(func(n url.Values) { atPoints(n, d) }), Current: d == len(points)}
			if cr.Value != "" {
				cl.Label, cl.Title = cr.Value, cr.Label
			}
			pv.Crumbs = append(pv.Crumbs, cl)
		}
	}
	switch {
	case p.Pending:
		pv.Kind = "pending"
		return pv
	case p.Error != "" && len(p.Columns) == 0:
		pv.Kind = "error"
		return pv
	}
	records := p.Spec.Records || p.Level == "records"
	switch {
	case records:
		pv.Kind = "records"
		sortable := drilled && p.Level == "records"
		pv.Table = s.recordsTable(p, loc, req.Records, sortable, func(mod func(url.Values)) string { return link(mod) })
		if sortable {
			pv.Pager = s.recordsPager(p, req.Records, loc, link)
			csv := cloneValues(view)
			csv.Del("page")
			pv.CSV = strings.TrimSuffix(apiBoardPath(base), "/") + "/records.csv?" + csv.Encode()
		}
	case p.Chart == "kpi":
		pv.Kind = "kpi"
		pv.KPIValue = "–"
		if k := p.KPI; k != nil {
			if k.Text != "" {
				pv.KPIValue = k.Text
			}
			for _, c := range k.Compare {
				pv.KPIComp = append(pv.KPIComp, kpiCompare{Label: c.Label, Text: c.Text, DeltaText: c.DeltaText,
					DeltaPctText: c.DeltaPctText, Direction: c.Direction})
			}
			break
		}
		for i, col := range p.Columns {
			if col.Role == "measure" && len(p.Rows) > 0 && i < len(p.Rows[0]) {
				pv.KPIValue = s.formatValue(p.Rows[0][i], col, loc)
				break
			}
		}
	case p.Option != nil && p.Option.Table != nil:
		pv.Kind = "table"
		pv.Table = s.optionTable(p, loc)
	case p.Option != nil:
		pv.Kind = "chart"
		if b, err := json.Marshal(p.Option); err == nil {
			pv.Option = string(b)
		}
		pv.Height, pv.Scroll = chartHeight(p)
		if p.Drillable {
			if t, err := json.Marshal(drillTargets(p, loc)); err == nil {
				pv.Drill = string(t)
			}
			pv.DrillBase = link(func(n url.Values) { atPoints(n, len(points)); n.Set("drill", p.ID) })
		}
	default:
		pv.Kind = "error"
		if pv.Error == "" {
			pv.Error = tr("无法显示此面板", "This panel cannot be drawn")
		}
	}
	return pv
}

// apiBoardPath is the JSON API's path of a board page's path.
func apiBoardPath(base string) string { return "/api" + base }

// drillTargets are where a click on the chart goes: P[series][dataIndex]
// is the point as "at" writes it (the engine's Points), and K maps the
// clicked category's label — "x" or "x\x00series" or, for a heatmap,
// "x\x00y" — to it when the engine gave no Points (then the row of the
// clicked category is the point).
type drillTarget struct {
	P [][]string        `json:"p,omitempty"`
	K map[string]string `json:"k,omitempty"`
}

func drillTargets(p boards.PanelAnswer, loc string) drillTarget {
	var t drillTarget
	if len(p.Points) > 0 {
		for _, series := range p.Points {
			row := make([]string, len(series))
			for i, pt := range series {
				if pt != nil {
					row[i] = boards.FormatPoint(pt)
				}
			}
			t.P = append(t.P, row)
		}
		return t
	}
	var dims []int
	for i, c := range p.Columns {
		if c.Role != "measure" {
			dims = append(dims, i)
		}
	}
	if len(dims) == 0 {
		return t
	}
	others := map[string]bool{"其他": true, "others": true, "Others": true}
	t.K = map[string]string{}
	for _, r := range p.Rows {
		pt := map[string]any{}
		var labels []string
		skip := false
		for _, d := range dims[:min(len(dims), 2)] {
			if d >= len(r) {
				skip = true
				break
			}
			l := charts.ValueText(r[d], p.Columns[d], loc)
			if others[l] && p.Spec.Limit != nil && p.Spec.Limit.Others {
				skip = true // "others" is not a value to drill into
			}
			labels = append(labels, l)
			pt[p.Columns[d].Key] = r[d]
		}
		if skip {
			continue
		}
		key := strings.Join(labels, "\x00")
		if _, seen := t.K[key]; !seen {
			t.K[key] = boards.FormatPoint(pt)
		}
		// A two-dimension bar is clicked on its category: the first value
		// alone opens that category.
		if len(labels) == 2 {
			if _, seen := t.K[labels[0]]; !seen {
				t.K[labels[0]] = boards.FormatPoint(map[string]any{p.Columns[dims[0]].Key: r[dims[0]]})
			}
		}
	}
	return t
}

// chartHeight is a chart's height: a horizontal bar or heatmap grows with
// its categories (and then scrolls inside its panel).
func chartHeight(p boards.PanelAnswer) (int, bool) {
	h := 320
	if p.Option == nil {
		return h, false
	}
	if p.Height > 0 {
		// The renderer's height (a long horizontal bar): taller than the
		// panel's box, it scrolls inside it.
		return p.Height, p.Height > 480
	}
	if len(p.Option.YAxis) > 0 && p.Option.YAxis[0].Type == "category" {
		if data, ok := p.Option.YAxis[0].Data.([]string); ok {
			if n := 26*len(data) + 110; n > h {
				return min(n, 2400), n > 480
			}
		}
	}
	return h, false
}

// pointLabel is a clicked point as a crumb shows it (its values).
func pointLabel(pt map[string]any, p boards.PanelAnswer, loc string) string {
	keys := make([]string, 0, len(pt))
	for k := range pt {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		col := query.Column{Key: k}
		if ds, ok := query.Lookup(p.Spec.Dataset); ok {
			if f, ok := ds.Field(k); ok && f.Codes != "" {
				col.Codes = model.Labels[f.Codes]
			}
		}
		for _, c := range p.Columns {
			if c.Key == k {
				col = c
			}
		}
		parts = append(parts, charts.ValueText(pt[k], col, loc))
	}
	return strings.Join(parts, " · ")
}

// formatValue writes one cell: times in the business zone, money in the
// configured currency, counts as integers, shares as percentages.
func (s *Server) formatValue(v any, c query.Column, loc string) string {
	if v == nil {
		return "–"
	}
	switch x := v.(type) {
	case string:
		if c.Type == query.TypeTime || c.Kind == query.KindTime && c.Grain == "" {
			if t, err := time.Parse(time.RFC3339, x); err == nil {
				return t.In(s.Cal.Loc).Format("2006-01-02 15:04")
			}
		}
		return charts.ValueText(x, c, loc)
	case bool:
		return charts.ValueText(x, c, loc)
	}
	f, ok := toFloat(v)
	if !ok {
		return fmt.Sprint(v)
	}
	switch {
	case c.Agg == "share" || strings.HasSuffix(c.Key, "_pct") || c.Agg == "ratio":
		return Pct(f)
	case isMoney(c):
		return s.money(f, loc)
	case c.Role == "dimension" || c.Kind == query.KindDimension:
		return charts.ValueText(v, c, loc)
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return groupDigits(int64(f))
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	}
	return 0, false
}

// isMoney says a column holds an amount of money (the catalog's amount
// fields and their sums).
func isMoney(c query.Column) bool {
	name := c.Field
	if name == "" {
		name = c.Key
	}
	return strings.Contains(name, "amount") || strings.Contains(name, "purchase") || strings.Contains(name, "revenue")
}

// groupDigits writes 12345 as 12,345.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// money writes an amount in business.currency: zh-CN in 万/亿 past ten
// thousand, English in k/M.
func (s *Server) money(f float64, loc string) string {
	cur := s.Boards.Currency
	if cur == "" {
		cur = s.Config.Business.Currency
	}
	sym := map[string]string{"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}[cur]
	if sym == "" && cur != "" {
		sym = cur + " "
	}
	neg := ""
	if f < 0 {
		neg, f = "-", -f
	}
	if !i18n.IsEnglish(loc) && (cur == "CNY" || cur == "") {
		switch {
		case f >= 1e8:
			return fmt.Sprintf("%s%.2f亿", neg, f/1e8)
		case f >= 1e4:
			return fmt.Sprintf("%s%.1f万", neg, f/1e4)
		}
		return fmt.Sprintf("%s%s%.0f", neg, sym, f)
	}
	switch {
	case f >= 1e6:
		return fmt.Sprintf("%s%s%.2fM", neg, sym, f/1e6)
	case f >= 1e4:
		return fmt.Sprintf("%s%s%.1fk", neg, sym, f/1e3)
	}
	return fmt.Sprintf("%s%s%.0f", neg, sym, f)
}

// recordsTable lists a records level: sortable headers on a drilled
// panel, customers linked to their page.
func (s *Server) recordsTable(p boards.PanelAnswer, loc string, rp boards.RecordsPage, sortable bool, link func(func(url.Values)) string) *tableView {
	t := &tableView{}
	custID := -1
	for i, c := range p.Columns {
		if c.Key == "customer_id" {
			custID = i
		}
	}
	for _, c := range p.Columns {
		h := headCell{Label: c.Label.In(loc), Num: c.Type == query.TypeNumber && c.Kind != query.KindDimension}
		if h.Label == "" {
			h.Label = c.Key
		}
		if sortable {
			key := c.Key
			h.Sorted = rp.Sort == key
			h.Desc = h.Sorted && rp.Desc
			desc := !h.Desc && h.Sorted || !h.Sorted && (c.Type == query.TypeNumber || c.Type == query.TypeTime)
			h.SortURL = link(func(n url.Values) {
				n.Del("page")
				n.Set("sort", key)
				if desc {
					n.Set("desc", "1")
				} else {
					n.Del("desc")
				}
			})
		}
		t.Header = append(t.Header, h)
	}
	for _, r := range p.Rows {
		row := make([]cell, len(p.Columns))
		for j, c := range p.Columns {
			if j >= len(r) {
				continue
			}
			row[j] = cell{Text: s.formatValue(r[j], c, loc), Num: t.Header[j].Num}
			if custID >= 0 && custID < len(r) && r[custID] != nil && (c.Key == "customer" || c.Key == "customer_id") {
				row[j].Href = "/customers/" + fmt.Sprint(r[custID]) + langSuffix(loc, link)
			}
			if c.Key == "customer_id" || strings.HasSuffix(c.Key, "_id") {
				row[j].Num = false
				row[j].Text = "–"
				if r[j] != nil {
					row[j].Text = fmt.Sprint(r[j])
				}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// langSuffix keeps an explicit English choice on links out of the board.
func langSuffix(loc string, _ func(func(url.Values)) string) string {
	if i18n.IsEnglish(loc) {
		return "?lang=en"
	}
	return ""
}

// optionTable draws a table kind from its option: the renderer's
// formatted cells and numeric columns when it gives them (labels in place).
func (s *Server) optionTable(p boards.PanelAnswer, loc string) *tableView {
	t := &tableView{}
	ot := p.Option.Table
	for i, h := range ot.Header {
		num := i < len(p.Columns) && p.Columns[i].Role == "measure"
		if i < len(ot.Numeric) {
			num = ot.Numeric[i]
		}
		t.Header = append(t.Header, headCell{Label: h, Num: num})
	}
	if len(ot.Cells) == len(ot.Rows) && len(ot.Cells) > 0 {
		for _, r := range ot.Cells {
			row := make([]cell, len(r))
			for j, v := range r {
				row[j] = cell{Text: v, Num: j < len(t.Header) && t.Header[j].Num}
			}
			t.Rows = append(t.Rows, row)
		}
		return t
	}
	for _, r := range ot.Rows {
		row := make([]cell, len(r))
		for j, v := range r {
			col := query.Column{}
			if j < len(p.Columns) {
				col = p.Columns[j]
			}
			row[j] = cell{Text: s.formatValue(v, col, loc), Num: j < len(t.Header) && t.Header[j].Num}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// recordsPager pages a records level on the server.
func (s *Server) recordsPager(p boards.PanelAnswer, rp boards.RecordsPage, loc string, link func(func(url.Values)) string) *pager {
	size := rp.Size
	if size <= 0 {
		size = boards.DefaultPageSize
	}
	total := p.Total
	if total == 0 {
		total = int64(len(p.Rows))
	}
	page := p.Page
	if page == 0 {
		page = max(rp.Page, 1)
	}
	pages := int((total + int64(size) - 1) / int64(size))
	pages = max(pages, 1)
	pg := &pager{Text: fmt.Sprintf(i18n.T("第 %d / %d 页，共 %s 条", "page %d of %d, %s records").In(loc), page, pages, groupDigits(total))}
	if page > 1 {
		pg.Prev = link(func(n url.Values) { n.Set("page", strconv.Itoa(page-1)) })
	}
	if page < pages {
		pg.Next = link(func(n url.Values) { n.Set("page", strconv.Itoa(page+1)) })
	}
	return pg
}

// periodText is the chosen period in words with its days.
func (s *Server) periodText(sel presets.Selection, label, asof, loc string) string {
	if sel.From != "" {
		return sel.From + " – " + sel.To
	}
	name := label
	if name == "" {
		name = boards.PeriodName(sel.Period).In(loc)
	}
	cal := s.Cal
	if asof != "" {
		if d, err := time.ParseInLocation("2006-01-02", asof, s.Cal.Loc); err == nil {
			cal.Clock = clock.NewFixed(d.AddDate(0, 0, 1).Add(-time.Second))
		}
	}
	r, err := boards.PeriodRange(sel.Period, cal)
	if err != nil {
		return name
	}
	days := r.From.Format("2006-01-02")
	if last := r.To.AddDate(0, 0, -1); !last.Equal(r.From) {
		days += " – " + last.Format("2006-01-02")
	}
	if label != "" && strings.Contains(label, days) {
		return label
	}
	return name + " · " + days
}

func filterName(f string) i18n.Text {
	switch f {
	case "period":
		return i18n.T("期间", "period")
	case "region":
		return i18n.T("区域", "region")
	case "rep":
		return i18n.T("业务员", "rep")
	}
	return i18n.T(f, f)
}
