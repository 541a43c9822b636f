package dashboards

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/boards"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/i18n"
	"salesbi/presets"
	"salesbi/query"
)

// The panel views the engine's newer fields drive (records pages, empty
// periods, skipped filters, late panels, points), without a database.

func testServer(t *testing.T) *Server {
	t.Helper()
	now := time.Date(2026, 11, 27, 8, 30, 0, 0, mustLoc(t))
	cal, err := clock.NewCalendar(clock.NewFixed(now), "Asia/Shanghai")
	require.NoError(t, err)
	s := &Server{Deps: Deps{Cal: cal, Config: config.Default(), Boards: &boards.Service{Currency: "CNY"}}}
	s.boardTmpl, err = s.parseBoardPage()
	require.NoError(t, err)
	return s
}

func mustLoc(t *testing.T) *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	return l
}

func TestRecordsPanelView(t *testing.T) {
	s := testServer(t)
	b, ok := presets.ByID("standup")
	require.True(t, ok)
	view := url.Values{"drill": {"signings"}, "at": {"region:华东", "rep:张伟", "customer:杭州云帆科技"}, "page": {"2"}, "sort": {"amount"}, "desc": {"1"}}
	req := boards.Request{Board: b, Locale: "zh-CN", Records: boards.RecordsPage{Page: 2, Sort: "amount", Desc: true},
		Drill: &boards.Drill{Panel: "signings", Points: []map[string]any{{"region": "华东"}, {"rep": "张伟"}, {"customer": "杭州云帆科技"}}}}
	p := boards.PanelAnswer{ID: "signings", Title: "签约", Width: 6, Level: "records", Spec: query.Spec{Dataset: "contracts", Records: true},
		Columns: []query.Column{
			{Key: "signed_at", Label: i18n.T("签约时间", "Signed"), Type: query.TypeTime, Kind: query.KindTime},
			{Key: "customer_id", Label: i18n.T("客户编号", "Customer ID"), Type: query.TypeNumber, Kind: query.KindDimension},
			{Key: "customer", Label: i18n.T("客户", "Customer"), Type: query.TypeString, Kind: query.KindDimension},
			{Key: "amount", Label: i18n.T("金额", "Amount"), Type: query.TypeNumber, Kind: query.KindMeasure, Field: "amount"},
		},
		Rows:  [][]any{{"2026-11-26T09:00:00Z", int64(100), "杭州云帆科技", 850000.0}, {"2026-11-26T10:00:00Z", int64(101), "广州明德学校", 1200.0}},
		Total: 120, Page: 2}
	pv := s.panelView(p, b, "/dashboards/standup", view, req, "zh-CN")
	require.Equal(t, "records", pv.Kind)
	require.Equal(t, "/customers/100", pv.Table.Rows[0][2].Href, "each customer links to its page")
	require.Equal(t, "2026-11-26 17:00", pv.Table.Rows[0][0].Text, "times in the business zone")
	require.Equal(t, "85.0万", pv.Table.Rows[0][3].Text)
	require.Equal(t, "¥1200", pv.Table.Rows[1][3].Text)
	amount := pv.Table.Header[3]
	require.True(t, amount.Sorted && amount.Desc)
	require.NotContains(t, amount.SortURL, "desc=", "a second click sorts ascending")
	require.NotContains(t, amount.SortURL, "page=", "a new order starts at page 1")
	require.Contains(t, amount.SortURL, "drill=signings")
	require.Equal(t, "第 2 / 3 页，共 120 条", pv.Pager.Text)
	require.Contains(t, pv.Pager.Prev, "page=1")
	require.Contains(t, pv.Pager.Next, "page=3")
	require.True(t, strings.HasPrefix(pv.CSV, "/api/dashboards/standup/records.csv?"), pv.CSV)
	require.NotContains(t, pv.CSV, "page=")
	require.Contains(t, pv.CSV, "sort=amount")
	require.Len(t, pv.Crumbs, 4)
	require.Equal(t, "/dashboards/standup", pv.Crumbs[0].URL, "the first crumb is the top level")
	require.True(t, pv.Crumbs[3].Current)
	require.Contains(t, pv.Crumbs[1].URL, "at="+url.QueryEscape("region:华东"))
	require.NotContains(t, pv.Crumbs[1].URL, "rep%3A")

	en := s.panelView(p, b, "/dashboards/standup", view, req, "en")
	require.Equal(t, "page 2 of 3, 120 records", en.Pager.Text)
	require.Equal(t, "/customers/100?lang=en", en.Table.Rows[0][2].Href)
	require.Equal(t, "¥850.0k", en.Table.Rows[0][3].Text)
}

func TestPanelNotes(t *testing.T) {
	s := testServer(t)
	b, _ := presets.ByID("standup")
	req := boards.Request{Board: b, Locale: "zh-CN"}
	view := url.Values{"period": {"this_month"}, "region": {"华东"}}
	p := boards.PanelAnswer{ID: "kpi_visits", Title: "拜访", Width: 3, Chart: "kpi",
		Columns: []query.Column{{Key: "count", Role: "measure", Agg: "count", Type: query.TypeNumber, Kind: query.KindMeasure}},
		Rows:    [][]any{{int64(12345)}}, Skipped: []string{"region", "rep"},
		Empty:    &boards.Empty{Message: "本月没有拜访", Latest: "2026-10-31", AsOf: "2026-10-31"},
		DataAsOf: time.Date(2026, 11, 25, 8, 30, 0, 0, time.UTC), Stale: true}
	pv := s.panelView(p, b, "/dashboards/standup", view, req, "zh-CN")
	require.Equal(t, "kpi", pv.Kind)
	require.Equal(t, "12,345", pv.KPIValue)
	require.Equal(t, "本面板不按区域、业务员筛选", pv.Skipped)
	require.Contains(t, pv.EmptyURL, "asof=2026-10-31")
	require.Contains(t, pv.EmptyURL, "period=this_month", "the link keeps the filters")
	var sb strings.Builder
	require.NoError(t, s.boardTmpl.ExecuteTemplate(&sb, "panel", pv))
	html := sb.String()
	require.Contains(t, html, "查看有数据的 2026-10-31")
	require.Contains(t, html, "stale-mark")
	require.Contains(t, html, "数据截至 11-25 16:30")

	pending := s.panelView(boards.PanelAnswer{ID: "visits", Title: "拜访", Width: 6, Pending: true}, b, "/dashboards/standup", view, req, "zh-CN")
	sb.Reset()
	require.NoError(t, s.boardTmpl.ExecuteTemplate(&sb, "panel", pending))
	require.Contains(t, sb.String(), `data-pending="1"`, "board.js fills it in")
}

func TestDrillTargets(t *testing.T) {
	cols := []query.Column{
		{Key: "industry", Role: "dimension", Codes: map[string]i18n.Text{"software": i18n.T("软件", "Software")}},
		{Key: "region", Role: "dimension"},
		{Key: "count", Role: "measure"},
	}
	p := boards.PanelAnswer{Columns: cols, Rows: [][]any{{"software", "华东", int64(3)}, {"software", nil, int64(1)}}}
	dt := drillTargets(p, "zh-CN")
	require.Equal(t, "industry:software|region:华东", dt.K["软件\x00华东"])
	require.Equal(t, "industry:software|region!", dt.K["软件\x00(空)"], "a null is drilled as a null")
	require.Equal(t, "industry:software", dt.K["软件"], "a click on the category alone")
	p.Points = [][]map[string]any{{{"industry": "software"}, nil}}
	dt = drillTargets(p, "zh-CN")
	require.Equal(t, [][]string{{"industry:software", ""}}, dt.P, "the engine's points win")
}

func TestWaitedIsLocalized(t *testing.T) {
	s := testServer(t)
	now := s.Cal.Now()
	require.Equal(t, "5.0 小时", s.waited(now.Add(-5*time.Hour), "zh-CN"))
	require.Equal(t, "5.0 h", s.waited(now.Add(-5*time.Hour), "en"))
	require.Equal(t, "3.0 天", s.waited(now.Add(-72*time.Hour), "zh-CN"))
	require.Equal(t, "3.0 d", s.waited(now.Add(-72*time.Hour), "en"))
}

func TestPeriodText(t *testing.T) {
	s := testServer(t)
	require.Equal(t, "昨日 · 2026-11-26", s.periodText(presets.Selection{Period: "yesterday"}, "", "", "zh-CN"))
	require.Equal(t, "Last month · 2026-10-01 – 2026-10-31", s.periodText(presets.Selection{Period: "last_month"}, "", "", "en"))
	require.Equal(t, "本周 · 2026-11-09 – 2026-11-15", s.periodText(presets.Selection{Period: "this_week"}, "", "2026-11-12", "zh-CN"), "as of a past day")
	require.Equal(t, "2026-11-01 – 2026-11-15", s.periodText(presets.Selection{From: "2026-11-01", To: "2026-11-15"}, "", "", "zh-CN"))
}
