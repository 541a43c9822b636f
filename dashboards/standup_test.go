package dashboards_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"salesbi/browsertest"
	"salesbi/model"
)

// yesterday in the fixture, as SQL literals: the test's own reading of the
// business day, independent of the page's calendar code.
const ydFrom, ydTo = "2026-11-26 00:00:00+08", "2026-11-27 00:00:00+08"

func TestStandupBoardInBrowser(t *testing.T) {
	db, cal := newFixture(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)

	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/standup")))
	require.NoError(t, browsertest.WaitCharts(b.Ctx, ".chart", 3))

	// Valid leads by region: the page's bars against plain SQL and by hand.
	wantLeads := wantValidLeadsByRegion(t, db)
	require.Equal(t, map[string]float64{"华东": 3, "华南": 2, "西南": 0}, wantLeads, "fixture sanity")
	require.Equal(t, fmtMap(wantLeads), fmtMap(barSeries(t, b, "#chart-valid-leads", 0)))

	wantVisits := wantVisitsByRegion(t, db)
	require.Equal(t, map[string]float64{"华东": 3, "华南": 1, "西南": 1}, wantVisits, "fixture sanity")
	require.Equal(t, fmtMap(wantVisits), fmtMap(barSeries(t, b, "#chart-visits-signings", 0)))
	wantSign := wantSigningsByRegion(t, db)
	require.Equal(t, fmtMap(wantSign), fmtMap(barSeries(t, b, "#chart-visits-signings", 1)))

	// Channel share: all of yesterday's new leads by channel (zh-CN labels).
	wantCh := wantLeadsByChannel(t, db)
	gotCh := pieSeries(t, b, "#chart-channels")
	require.Len(t, gotCh, len(wantCh))
	for code, n := range wantCh {
		label := model.LabelOf(model.KindChannel, code, "zh-CN")
		require.NotEqual(t, code, label, "channel %s has a zh-CN label", code)
		require.Equal(t, n, gotCh[label], "channel %s", code)
	}

	// KPI cards and the pending list (leads not followed up, oldest first).
	var kpi, pending string
	require.NoError(t, chromedp.Run(b.Ctx,
		chromedp.Text("#kpi-signings .value", &kpi),
		chromedp.Text("#pending-leads tbody", &pending)))
	require.Equal(t, "2", strings.TrimSpace(kpi))
	require.Contains(t, pending, "#1003")
	require.Contains(t, pending, "#1004")
	require.Contains(t, pending, "#1007")
	require.NotContains(t, pending, "#1005", "invalid leads are not pending")
	b.Screenshot(t, "standup-region")

	// Drill: a real mouse click on 华东's bar opens the rep level of 华东.
	clickBar(t, b, "#chart-valid-leads", 0)
	waitURL(t, b, "region=1")
	require.NoError(t, browsertest.WaitCharts(b.Ctx, ".chart", 3))
	wantRep := sqlSeries(t, db, `SELECT p.name, count(l.lead_id) FROM reps p
		LEFT JOIN leads l ON l.owner_rep_id = p.rep_id AND l.region_id = 1 AND l.status IN ('valid','converted')
		 AND l.created_at >= '`+ydFrom+`' AND l.created_at < '`+ydTo+`' WHERE p.region_id = 1 GROUP BY p.name`)
	require.Equal(t, fmtMap(wantRep), fmtMap(barSeries(t, b, "#chart-valid-leads", 0)))

	// Drill again: 张伟 (two valid leads) → the records themselves.
	idx := indexOf(t, b, "#chart-valid-leads", "张伟")
	clickBar(t, b, "#chart-valid-leads", idx)
	waitURL(t, b, "rep=11")
	var records string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text("#records-leads", &records), chromedp.Text(".crumbs", new(string))))
	require.Contains(t, records, "1000")
	require.Contains(t, records, "1001")
	require.NotContains(t, records, "1008", "the lead a minute before midnight belongs to the day before")
	b.Screenshot(t, "standup-records")

	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}

func TestStandupEscapesCRMText(t *testing.T) {
	db, cal := newFixture(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/standup?region=2")))
	require.NoError(t, browsertest.WaitCharts(b.Ctx, ".chart", 3))
	// The rep named "<script>x</script>" is an axis label, not markup.
	opt, err := browsertest.ChartOption(b.Ctx, "#chart-valid-leads")
	require.NoError(t, err)
	require.Contains(t, fmt.Sprint(opt["xAxis"]), "<script>x</script>")
	var scripts int
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`document.querySelectorAll('script').length`, &scripts)))
	require.Equal(t, 2, scripts, "only the page's own two scripts")
	b.AssertNoConsoleErrors(t)
}

func TestStandupBadFilter(t *testing.T) {
	db, cal := newFixture(t)
	srv, _ := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	for _, q := range []string{"date=2026-13-45", "region=abc", "rep=-1"} {
		resp, err := srv.Web.App.Test(httpGet("/dashboards/standup?" + q))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, 400, resp.StatusCode, q)
	}
}

// barSeries maps the x-axis names of a bar chart to series i's values.
func barSeries(t *testing.T, b *browsertest.Browser, sel string, i int) map[string]float64 {
	t.Helper()
	opt, err := browsertest.ChartOption(b.Ctx, sel)
	require.NoError(t, err)
	names := opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	data := opt["series"].([]any)[i].(map[string]any)["data"].([]any)
	require.Len(t, data, len(names))
	out := map[string]float64{}
	for j, n := range names {
		out[fmt.Sprint(n)] = value(data[j])
	}
	return out
}

func pieSeries(t *testing.T, b *browsertest.Browser, sel string) map[string]float64 {
	t.Helper()
	opt, err := browsertest.ChartOption(b.Ctx, sel)
	require.NoError(t, err)
	out := map[string]float64{}
	for _, d := range opt["series"].([]any)[0].(map[string]any)["data"].([]any) {
		m := d.(map[string]any)
		out[fmt.Sprint(m["name"])] = value(m)
	}
	return out
}

func value(d any) float64 {
	switch v := d.(type) {
	case float64:
		return v
	case map[string]any:
		return value(v["value"])
	}
	return -1
}

func indexOf(t *testing.T, b *browsertest.Browser, sel, name string) int {
	t.Helper()
	opt, err := browsertest.ChartOption(b.Ctx, sel)
	require.NoError(t, err)
	for i, n := range opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any) {
		if n == name {
			return i
		}
	}
	t.Fatalf("%s has no bar %q", sel, name)
	return -1
}

// clickBar clicks with the mouse in the middle of bar idx of series 0.
func clickBar(t *testing.T, b *browsertest.Browser, sel string, idx int) {
	t.Helper()
	var xy []float64
	js := fmt.Sprintf(`(() => {
		const el = document.querySelector(%q); el.scrollIntoView({block: "center"});
		const c = echarts.getInstanceByDom(el);
		const v = c.getOption().series[0].data[%d]; const val = (v && v.value !== undefined) ? v.value : v;
		const p = c.convertToPixel({seriesIndex: 0}, [%d, val / 2]);
		const r = el.getBoundingClientRect();
		return [r.left + p[0], r.top + p[1]];
	})()`, sel, idx, idx)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(js, &xy)))
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.MouseClickXY(xy[0], xy[1])))
}

func waitURL(t *testing.T, b *browsertest.Browser, part string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var loc string
		_ = chromedp.Run(b.Ctx, chromedp.Evaluate(`location.href`, &loc))
		if strings.Contains(loc, part) {
			var ready string
			_ = chromedp.Run(b.Ctx, chromedp.Evaluate(`document.readyState`, &ready))
			if ready == "complete" {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited for a URL with %q, still at %s", part, loc)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// The board's expected series on yesterday, written as plain SQL of the
// test's own, by region name (and by channel code).

func wantValidLeadsByRegion(t *testing.T, db *model.DB) map[string]float64 {
	return sqlSeries(t, db, `SELECT r.name, count(l.lead_id) FROM regions r
		LEFT JOIN leads l ON l.region_id = r.region_id AND l.status IN ('valid','converted')
		 AND l.created_at >= '`+ydFrom+`' AND l.created_at < '`+ydTo+`' GROUP BY r.name`)
}

func wantVisitsByRegion(t *testing.T, db *model.DB) map[string]float64 {
	return sqlSeries(t, db, `SELECT r.name, count(v.visit_id) FROM regions r
		LEFT JOIN reps p ON p.region_id = r.region_id
		LEFT JOIN visits v ON v.rep_id = p.rep_id AND v.visited_at >= '`+ydFrom+`' AND v.visited_at < '`+ydTo+`'
		GROUP BY r.name`)
}

func wantSigningsByRegion(t *testing.T, db *model.DB) map[string]float64 {
	return sqlSeries(t, db, `SELECT r.name, count(c.contract_id) FROM regions r
		LEFT JOIN customers cu ON cu.region_id = r.region_id
		LEFT JOIN contracts c ON c.customer_id = cu.customer_id AND c.signed_at >= '`+ydFrom+`' AND c.signed_at < '`+ydTo+`'
		GROUP BY r.name`)
}

func wantLeadsByChannel(t *testing.T, db *model.DB) map[string]float64 {
	return sqlSeries(t, db, `SELECT channel, count(*) FROM leads WHERE created_at >= '`+ydFrom+`' AND created_at < '`+ydTo+`' GROUP BY channel`)
}
