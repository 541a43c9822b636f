package dashboards_test

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"salesbi/browsertest"
	"salesbi/model"
	"salesbi/presets"
)

// The board pages in headless Chromium against the real server: every
// ready board renders with its data in the HTML, draws every chart with
// data, loads nothing from outside 127.0.0.1 and logs no console error, at
// desktop and phone size (screenshots kept under SALESBI_SCREENSHOTS, e.g.
// docs/screenshots by scripts/screenshots.sh).

// yesterday in the fixture, as SQL literals: the test's own reading of the
// business day, independent of the page's calendar code.
const ydFrom, ydTo = "2026-11-26 00:00:00+08", "2026-11-27 00:00:00+08"

func readyBoards(t *testing.T) []presets.Board {
	t.Helper()
	bs, err := presets.Load()
	require.NoError(t, err)
	var out []presets.Board
	for _, b := range bs {
		if b.Ready {
			out = append(out, b)
		}
	}
	require.NotEmpty(t, out, "at least the stand-up is ready")
	return out
}

// Every ready board on the demo company, desktop and phone.
func TestBoardsRenderInTheBrowser(t *testing.T) {
	db, cal := demoCompany(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)
	sizes := []struct {
		name string
		w, h int64
	}{{"desktop", 1440, 900}, {"phone", 390, 844}}
	for _, board := range readyBoards(t) {
		for _, sz := range sizes {
			name := board.ID + "-" + sz.name
			require.NoError(t, chromedp.Run(b.Ctx, chromedp.EmulateViewport(sz.w, sz.h), chromedp.Navigate(base+board.Path())), name)
			waitBoard(t, b)
			var text string
			require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text("body", &text)), name)
			require.NotContains(t, text, "template:", "%s: a template error reached the page", name)
			require.Contains(t, text, board.Title.ZH, name)
			var panels, errs int
			require.NoError(t, chromedp.Run(b.Ctx,
				chromedp.Evaluate(`document.querySelectorAll('#board-grid > .panel').length`, &panels),
				chromedp.Evaluate(`document.querySelectorAll('.panel-error').length`, &errs)))
			require.Equal(t, len(board.Panels), panels, "%s: one panel per preset panel", name)
			require.Zero(t, errs, "%s: no panel failed", name)
			assertChartsHaveData(t, b, name)
			if sz.name == "phone" {
				assertFitsPhone(t, b, name)
			}
			for _, p := range board.Panels {
				var about string
				require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelector('#panel-%s .about p').textContent`, p.ID), &about)), name)
				require.Equal(t, p.About.ZH, about, "%s: panel %s has its ⓘ", name, p.ID)
			}
			b.Screenshot(t, "board-"+name)
		}
	}
	// English, desktop.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+"/dashboards/standup?lang=en")))
	waitBoard(t, b)
	var text string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text("body", &text)))
	require.Contains(t, text, "Morning stand-up")
	require.Contains(t, text, "New valid leads by region")
	require.NotContains(t, text, "小时")
	b.Screenshot(t, "board-standup-desktop-en")
	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}

// Every panel of the stand-up on the demo company equals the test's own
// SQL on the same database.
func TestStandupBoardNumbersOnTheDemoCompany(t *testing.T) {
	db, cal := demoCompany(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/standup")))
	waitBoard(t, b)

	wantLeads := wantValidLeadsByRegion(t, db)
	var total float64
	for _, n := range wantLeads {
		total += n
	}
	require.Greater(t, total, 10.0, "the demo has valid leads yesterday")
	require.Equal(t, fmtMap(wantLeads), fmtMap(barSeries(t, b, "#chart-valid_leads", 0)))
	require.Equal(t, fmtMap(wantVisitsByRegion(t, db)), fmtMap(barSeries(t, b, "#chart-visits", 0)))
	require.Equal(t, fmtMap(wantSigningsByRegion(t, db)), fmtMap(barSeries(t, b, "#chart-signings", 0)))
	wantCh := wantLeadsByChannel(t, db)
	gotCh := pieSeries(t, b, "#chart-channels")
	var sumWant, sumGot float64
	for _, n := range wantCh {
		sumWant += n
	}
	for _, n := range gotCh {
		sumGot += n
	}
	require.Equal(t, sumWant, sumGot, "the channel slices (others folded) add up to yesterday's leads")
	for code, n := range wantCh {
		if got, ok := gotCh[model.LabelOf(model.KindChannel, code, "zh-CN")]; ok {
			require.Equal(t, n, got, "channel %s", code)
		}
	}

	kpi := func(id string) string {
		var s string
		require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text("#panel-"+id+" .kpi-value", &s)))
		return strings.TrimSpace(s)
	}
	one := func(q string) float64 {
		var v float64
		require.NoError(t, db.QueryRowContext(context.Background(), q).Scan(&v))
		return v
	}
	require.Equal(t, fmt.Sprint(total), strings.ReplaceAll(kpi("kpi_valid_leads"), ",", ""))
	require.Equal(t, fmt.Sprint(one(`SELECT count(*) FROM visits WHERE visited_at >= '`+ydFrom+`' AND visited_at < '`+ydTo+`'`)),
		strings.ReplaceAll(kpi("kpi_visits"), ",", ""))
	require.Equal(t, fmt.Sprint(one(`SELECT count(*) FROM contracts WHERE signed_at >= '`+ydFrom+`' AND signed_at < '`+ydTo+`'`)),
		strings.ReplaceAll(kpi("kpi_signings"), ",", ""))
	amount := one(`SELECT coalesce(sum(amount), 0) FROM contracts WHERE signed_at >= '` + ydFrom + `' AND signed_at < '` + ydTo + `'`)
	// Money in business.currency (CNY: ¥ and 万 in zh-CN), as the charts package writes it.
	require.Equal(t, fmt.Sprintf("¥%.1f万", amount/1e4), kpi("kpi_signed_amount"))

	// The three leads waiting longest for a first follow-up.
	want := sqlColumn(t, db, `SELECT lead_id FROM leads WHERE status IN ('new','valid') AND first_followed_at IS NULL
		AND created_at >= TIMESTAMPTZ '2026-11-27 00:00:00+08' - INTERVAL 7 DAY AND created_at < '2026-11-27 00:00:00+08'`)
	var ids []string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('#panel-not_followed_up tbody tr')).map(r => r.cells[1].textContent.trim())`, &ids)))
	require.Len(t, ids, 3, "the demo always has leads waiting for a first follow-up")
	for _, id := range ids {
		require.Contains(t, want, id, "lead %s is not followed up", id)
	}
	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}

// The stand-up on the hand-made fixture: exact numbers, then a mouse click
// drills region → rep → customer → records in place, back up with the
// breadcrumb and with the browser's Back.
func TestStandupDrillsInPlace(t *testing.T) {
	db, cal := newFixture(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/standup")))
	waitBoard(t, b)

	require.Equal(t, fmtMap(map[string]float64{"华东": 3, "华南": 2}), fmtMap(barSeries(t, b, "#chart-valid_leads", 0)))
	require.Equal(t, fmtMap(nonZero(wantVisitsByRegion(t, db))), fmtMap(barSeries(t, b, "#chart-visits", 0)))
	require.Equal(t, fmtMap(nonZero(wantSigningsByRegion(t, db))), fmtMap(barSeries(t, b, "#chart-signings", 0)))
	wantCh := wantLeadsByChannel(t, db)
	gotCh := pieSeries(t, b, "#chart-channels")
	var sumGot float64
	for _, n := range gotCh {
		sumGot += n
	}
	require.Equal(t, 8.0, sumGot, "yesterday's eight leads, whatever their status")
	for code, n := range wantCh {
		if got, ok := gotCh[model.LabelOf(model.KindChannel, code, "zh-CN")]; ok {
			require.Equal(t, n, got, "channel %s", code)
		}
	}
	var kpi, pending string
	require.NoError(t, chromedp.Run(b.Ctx,
		chromedp.Text("#panel-kpi_signings .kpi-value", &kpi),
		chromedp.Text("#panel-not_followed_up tbody", &pending)))
	require.Equal(t, "2", strings.TrimSpace(kpi))
	for _, id := range []string{"1003", "1004", "1007"} {
		require.Contains(t, pending, id)
	}
	require.NotContains(t, pending, "1005", "invalid leads are not pending")

	// A marker that a full page load would lose: the drill is in place.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`window.__inPlace = 1`, nil)))
	inPlace := func() {
		t.Helper()
		var v int
		require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`window.__inPlace || 0`, &v)))
		require.Equal(t, 1, v, "the page was reloaded instead of drilled in place")
	}

	// Region → its reps.
	clickBar(t, b, "#chart-valid_leads", indexOf(t, b, "#chart-valid_leads", "华东"))
	waitPanel(t, b, "valid_leads", "华东")
	waitURL(t, b, "at="+url.QueryEscape("region:华东"))
	require.Contains(t, currentURL(t, b), "drill=valid_leads")
	inPlace()
	require.Equal(t, fmtMap(nonZero(sqlSeries(t, db, `SELECT p.name, count(l.lead_id) FROM reps p
		JOIN leads l ON l.owner_rep_id = p.rep_id AND l.region_id = 1 AND l.status IN ('valid','converted')
		 AND l.created_at >= '`+ydFrom+`' AND l.created_at < '`+ydTo+`' GROUP BY p.name`))), fmtMap(barSeries(t, b, "#chart-valid_leads", 0)))
	// The other panels stay at the top level.
	require.Equal(t, fmtMap(nonZero(wantVisitsByRegion(t, db))), fmtMap(barSeries(t, b, "#chart-visits", 0)))

	// Rep → the rep's customers (the fixture's leads have none: "(空)").
	clickBar(t, b, "#chart-valid_leads", indexOf(t, b, "#chart-valid_leads", "张伟"))
	waitPanel(t, b, "valid_leads", "张伟")
	inPlace()
	cats := barNames(t, b, "#chart-valid_leads")
	require.Len(t, cats, 1)

	// Customer → the records.
	clickBar(t, b, "#chart-valid_leads", 0)
	waitSelector(t, b, "#panel-valid_leads table.data")
	inPlace()
	var records string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text("#panel-valid_leads tbody", &records)))
	require.Contains(t, records, "1000")
	require.Contains(t, records, "1001")
	require.NotContains(t, records, "1008", "the lead a minute before midnight belongs to the day before")
	var crumbs []string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('#panel-valid_leads .crumbs a, #panel-valid_leads .crumbs .here')).map(a => a.textContent)`, &crumbs)))
	require.Len(t, crumbs, 4, "all › 华东 › 张伟 › (空): %v", crumbs)
	require.Equal(t, []string{"华东", "张伟"}, crumbs[1:3])
	var csv string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.AttributeValue("#panel-valid_leads a.csv", "href", &csv, nil)))
	require.True(t, strings.HasPrefix(csv, "/api/dashboards/standup/records.csv?"), csv)
	require.Contains(t, csv, "drill=valid_leads")
	// Sorting a column is a server request with the same drill.
	var sortHref string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.AttributeValue("#panel-valid_leads th a.sort", "href", &sortHref, nil)))
	require.Contains(t, sortHref, "sort=")
	require.Contains(t, sortHref, "drill=valid_leads")
	b.Screenshot(t, "standup-drill-records")

	// Back up with the breadcrumb: 华东's reps.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`#panel-valid_leads .crumbs a:nth-of-type(2)`, chromedp.ByQuery)))
	waitNoSelector(t, b, "#panel-valid_leads table.data")
	waitPanel(t, b, "valid_leads", "华东")
	inPlace()
	require.ElementsMatch(t, []any{"张伟", "李娜"}, barNames(t, b, "#chart-valid_leads"))

	// The browser's Back: the records again, then the rep's customers …
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.NavigateBack()))
	waitSelector(t, b, "#panel-valid_leads table.data")
	inPlace()
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.NavigateBack()))
	waitNoSelector(t, b, "#panel-valid_leads table.data")
	waitPanel(t, b, "valid_leads", "张伟")
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.NavigateBack(), chromedp.NavigateBack()))
	waitNoSelector(t, b, "#panel-valid_leads .crumbs")
	inPlace()
	require.Equal(t, fmtMap(map[string]float64{"华东": 3, "华南": 2}), fmtMap(barSeries(t, b, "#chart-valid_leads", 0)))
	require.NotContains(t, currentURL(t, b), "drill=")

	// Without JavaScript the drilled URL is a page of its own.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/standup?drill=valid_leads&at="+url.QueryEscape("region:华东"))))
	waitBoard(t, b)
	require.ElementsMatch(t, []any{"张伟", "李娜"}, barNames(t, b, "#chart-valid_leads"))

	// On a phone the drilled rep's own records come first.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/dashboards/standup?drill=valid_leads&at="+url.QueryEscape("region:华东")+"&at="+url.QueryEscape("rep:张伟")+"&at="+url.QueryEscape("customer!"))))
	waitBoard(t, b)
	var first string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('#board-grid > .panel')).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0].id`, &first)))
	require.Equal(t, "panel-valid_leads", first)
	assertFitsPhone(t, b, "phone drilled")
	b.Screenshot(t, "board-standup-phone-drilled-rep")
	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}

// A URL with period + region + rep shows the same numbers as the same
// filters chosen in the page; the filters show as removable chips.
func TestBoardFiltersURLEqualsUI(t *testing.T) {
	db, cal := newFixture(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)

	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/standup?period=this_month&region="+url.QueryEscape("华东")+"&rep="+url.QueryEscape("张伟"))))
	waitBoard(t, b)
	fromURL := boardNumbers(t, b)
	require.Equal(t, "3", fromURL["kpi_valid_leads"], "张伟's three valid leads this month (one the day before yesterday)")

	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/standup")))
	waitBoard(t, b)
	choose := func(sel, value, urlPart string) {
		t.Helper()
		// SetValue fires input and change, as a person choosing does.
		require.NoError(t, chromedp.Run(b.Ctx, chromedp.SetValue(sel, value, chromedp.ByQuery)))
		waitURL(t, b, urlPart)
		waitBoard(t, b)
	}
	choose("#f-period", "this_month", "period=this_month")
	choose("#f-region", "华东", "region="+url.QueryEscape("华东"))
	var reps []string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('#f-rep option')).map(o => o.value).filter(v => v)`, &reps)))
	sort.Strings(reps)
	require.Equal(t, []string{"张伟", "李娜", "王经理"}, reps, "the rep list is the region's")
	choose("#f-rep", "张伟", "rep="+url.QueryEscape("张伟"))
	require.Equal(t, fromURL, boardNumbers(t, b))

	var chips []string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('#filter-chips .chip span')).map(s => s.textContent)`, &chips)))
	require.Equal(t, []string{"期间：本月", "区域：华东", "业务员：张伟"}, chips)
	// A panel with its own window says so instead of ignoring the period.
	var note string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text("#panel-not_followed_up .note.skipped", &note)))
	require.Contains(t, note, "期间")
	// Removing the rep chip drops the rep and keeps the rest.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`#filter-chips .chip:nth-child(3) a`, chromedp.ByQuery)))
	waitNoURL(t, b, "rep=")
	waitBoard(t, b)
	require.Contains(t, currentURL(t, b), "region=")
	require.Equal(t, "4", boardNumbers(t, b)["kpi_valid_leads"], "华东's four this month")

	// On a phone the filters fold into a drawer.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.EmulateViewport(390, 844), chromedp.Reload()))
	waitBoard(t, b)
	var shown bool
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`getComputedStyle(document.getElementById('board-filters')).display !== 'none'`, &shown)))
	require.False(t, shown, "the filters are folded on a phone")
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`.drawer-button`, chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.getElementById('board-filters')).display !== 'none'`, &shown)))
	require.True(t, shown, "the filter button opens the drawer")
	b.Screenshot(t, "standup-phone-filters")
	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}

// CRM text is data, never markup: a rep named <script> is an axis label.
func TestBoardEscapesCRMText(t *testing.T) {
	db, cal := newFixture(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/standup?drill=valid_leads&at="+url.QueryEscape("region:华南"))))
	waitBoard(t, b)
	opt, err := browsertest.ChartOption(b.Ctx, "#chart-valid_leads")
	require.NoError(t, err)
	require.Contains(t, fmt.Sprint(opt), "<script>x</script>")
	var inline int
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('script')).filter(s => !s.src).length`, &inline)))
	require.Zero(t, inline, "no inline script: only the page's own script files")
	b.AssertNoConsoleErrors(t)
}

// Unknown boards and customers, bad filters: styled pages in the caller's
// language with the navigation and every problem named.
func TestBoardErrorPages(t *testing.T) {
	db, cal := newFixture(t)
	srv, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := srv.Web.App.Test(httpGet(path), -1)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Contains(t, resp.Header.Get("Content-Type"), "text/html", path)
		return resp.StatusCode, readAll(t, resp.Body)
	}
	nav := func(page, path string) {
		t.Helper()
		require.Contains(t, page, `href="/builder`, "%s: the page has the navigation", path)
		require.Regexp(t, `/static/app\.([0-9a-f]{10}\.)?css`, page, "%s: the page is styled", path)
	}
	for _, c := range []struct {
		path string
		code int
		want []string
	}{
		{"/dashboards/nope", 404, []string{"找不到页面", "没有名为“nope”的看板"}},
		{"/dashboards/nope?lang=en", 404, []string{"Not found", `there is no board &#34;nope&#34;`}},
		{"/dashboards/funnel-x", 404, []string{"找不到页面"}},
		{"/no-such-page", 404, []string{"找不到页面"}},
		{"/dashboards/standup?period=bogus&asof=2026-13-45&page=-1", 400, []string{"请求有误", "看板筛选条件有误", "period:", "asof:", "page:", "未知的期间"}},
		{"/dashboards/standup?from=2026-11-20&lang=en", 400, []string{"a custom range needs both from and to"}},
		{"/dashboards/standup?drill=nope", 400, []string{"drill:"}},
		{"/customers/99999999", 404, []string{"没有编号为 99999999 的客户"}},
		{"/customers/abc?lang=en", 400, []string{"bad customer id", "is not a number"}},
	} {
		code, page := get(c.path)
		require.Equal(t, c.code, code, c.path)
		nav(page, c.path)
		for _, w := range c.want {
			require.Contains(t, page, w, c.path)
		}
	}
	// A bad filter's page leads back to the board's default view.
	_, page := get("/dashboards/standup?period=bogus")
	require.Contains(t, page, `href="/dashboards/standup"`)

	// In the browser: the 400 page lists the problems, styled.
	b := browsertest.New(t)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/standup?period=bogus&region=")))
	var problems int
	var bg string
	require.NoError(t, chromedp.Run(b.Ctx,
		chromedp.Evaluate(`document.querySelectorAll('#error-problems li').length`, &problems),
		chromedp.Evaluate(`getComputedStyle(document.getElementById('error-page')).backgroundColor`, &bg)))
	require.Equal(t, 1, problems)
	require.Equal(t, "rgb(255, 255, 255)", bg, "the error page is styled")
	b.Screenshot(t, "error-400")
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/nope?lang=en")))
	var h1 string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text("h1", &h1)))
	require.Equal(t, "Not found", h1)
	b.Screenshot(t, "error-404")
	b.AssertOffline(t)
}

// --- helpers -----------------------------------------------------------

// waitBoard waits until board.js has run and every chart is drawn.
func waitBoard(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	waitJS(t, b, `document.readyState === 'complete' && !!document.getElementById('board') && document.getElementById('board').dataset.ready === '1'
		&& !document.querySelector('.panel[data-pending]')
		&& Array.from(document.querySelectorAll('.chart[data-option]')).every(el => { const c = echarts.getInstanceByDom(el); return c && c.getOption() && c.getOption().series; })`)
}

func waitJS(t *testing.T, b *browsertest.Browser, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		err := chromedp.Run(b.Ctx, chromedp.Evaluate(expr, &ok))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 20s for %s (err %v) at %s", expr, err, currentURL(t, b))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func waitPanel(t *testing.T, b *browsertest.Browser, id, crumb string) {
	t.Helper()
	waitJS(t, b, fmt.Sprintf(`(() => { const c = document.querySelector('#panel-%s .crumbs .here'); return !!c && c.textContent === %q && !document.getElementById('board').classList.contains('busy'); })()`, id, crumb))
	waitBoard(t, b)
}

func waitSelector(t *testing.T, b *browsertest.Browser, sel string) {
	t.Helper()
	waitJS(t, b, fmt.Sprintf(`!!document.querySelector(%q)`, sel))
}

func waitNoSelector(t *testing.T, b *browsertest.Browser, sel string) {
	t.Helper()
	waitJS(t, b, fmt.Sprintf(`!document.querySelector(%q)`, sel))
	waitBoard(t, b)
}

func currentURL(t *testing.T, b *browsertest.Browser) string {
	t.Helper()
	var loc string
	_ = chromedp.Run(b.Ctx, chromedp.Evaluate(`location.href`, &loc))
	return loc
}

func waitURL(t *testing.T, b *browsertest.Browser, part string) {
	t.Helper()
	waitJS(t, b, fmt.Sprintf(`location.href.includes(%q) && document.readyState === 'complete'`, part))
}

func waitNoURL(t *testing.T, b *browsertest.Browser, part string) {
	t.Helper()
	waitJS(t, b, fmt.Sprintf(`!location.href.includes(%q) && document.readyState === 'complete'`, part))
}

// assertChartsHaveData reads every chart back from its ECharts instance:
// each has a series with at least one value.
func assertChartsHaveData(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	var empty []string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('.chart[data-option]')).filter(el => {
		const o = echarts.getInstanceByDom(el).getOption();
		return !(o.series || []).some(s => (s.data || []).some(d => d !== null && d !== undefined && (typeof d !== 'object' || d.value !== undefined || Array.isArray(d))));
	}).map(el => el.id)`, &empty)))
	require.Empty(t, empty, "%s: charts without data", name)
	var n int
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`document.querySelectorAll('.chart[data-option]').length`, &n)))
	require.Positive(t, n, "%s: the board draws charts", name)
}

// assertFitsPhone: no horizontal page scroll, every chart as wide as its
// panel, no table cell wrapping one character per line.
func assertFitsPhone(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	var over int
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`document.documentElement.scrollWidth - window.innerWidth`, &over)))
	require.LessOrEqual(t, over, 0, "%s: the page scrolls sideways by %dpx", name, over)
	var narrow []string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('.chart[data-option]')).filter(el => {
		const c = echarts.getInstanceByDom(el); return Math.abs(c.getWidth() - el.clientWidth) > 2 || el.clientWidth > window.innerWidth; }).map(el => el.id)`, &narrow)))
	require.Empty(t, narrow, "%s: charts not sized to their panel", name)
	var tall []string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('table.data td')).filter(td => td.textContent.trim().length > 1 && td.getClientRects()[0] && td.getClientRects()[0].height > 48).map(td => td.textContent)`, &tall)))
	require.Empty(t, tall, "%s: table cells wrap", name)
}

// boardNumbers is every KPI and chart series of the page, by panel.
func boardNumbers(t *testing.T, b *browsertest.Browser) map[string]string {
	t.Helper()
	var out map[string]string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`(() => {
		const out = {};
		document.querySelectorAll('#board-grid > .panel').forEach(p => {
			const k = p.querySelector('.kpi-value'); const c = p.querySelector('.chart[data-option]'); const tb = p.querySelector('tbody');
			if (k) out[p.dataset.panel] = k.textContent.trim();
			else if (c) out[p.dataset.panel] = JSON.stringify({x: echarts.getInstanceByDom(c).getOption().xAxis, y: echarts.getInstanceByDom(c).getOption().yAxis, s: echarts.getInstanceByDom(c).getOption().series.map(s => s.data)});
			else if (tb) out[p.dataset.panel] = tb.textContent;
		});
		return out; })()`, &out)))
	return out
}

// categoryAxis is a bar chart's category list (X, or Y for a horizontal bar).
func categoryAxis(opt map[string]any) []any {
	for _, ax := range []string{"xAxis", "yAxis"} {
		if axes, ok := opt[ax].([]any); ok && len(axes) > 0 {
			a := axes[0].(map[string]any)
			if a["type"] == "category" {
				if d, ok := a["data"].([]any); ok {
					return d
				}
			}
		}
	}
	return nil
}

// barSeries maps a bar chart's categories to series i's values.
func barSeries(t *testing.T, b *browsertest.Browser, sel string, i int) map[string]float64 {
	t.Helper()
	opt, err := browsertest.ChartOption(b.Ctx, sel)
	require.NoError(t, err)
	names := categoryAxis(opt)
	data := opt["series"].([]any)[i].(map[string]any)["data"].([]any)
	require.Len(t, data, len(names))
	out := map[string]float64{}
	for j, n := range names {
		out[fmt.Sprint(n)] = value(data[j])
	}
	return out
}

func barNames(t *testing.T, b *browsertest.Browser, sel string) []any {
	t.Helper()
	opt, err := browsertest.ChartOption(b.Ctx, sel)
	require.NoError(t, err)
	return categoryAxis(opt)
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

// shareSuffix is the share a pie slice's name ends with (" 23.8%").
var shareSuffix = regexp.MustCompile(`\s+[0-9.]+%$`)

func indexOf(t *testing.T, b *browsertest.Browser, sel, name string) int {
	t.Helper()
	for i, n := range barNames(t, b, sel) {
		if n == name {
			return i
		}
	}
	t.Fatalf("%s has no bar %q", sel, name)
	return -1
}

// clickBar clicks with the mouse in the middle of bar idx of series 0
// (vertical or horizontal).
func clickBar(t *testing.T, b *browsertest.Browser, sel string, idx int) {
	t.Helper()
	var xy []float64
	js := fmt.Sprintf(`(() => {
		const el = document.querySelector(%q); el.scrollIntoView({block: "center"});
		const c = echarts.getInstanceByDom(el); const o = c.getOption();
		const v = o.series[0].data[%d]; const val = (v && v.value !== undefined) ? v.value : v;
		const horizontal = o.yAxis && o.yAxis[0] && o.yAxis[0].type === 'category';
		const p = c.convertToPixel({seriesIndex: 0}, horizontal ? [val / 2, %d] : [%d, val / 2]);
		const r = el.getBoundingClientRect();
		return [r.left + p[0], r.top + p[1]];
	})()`, sel, idx, idx, idx)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(js, &xy)))
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.MouseClickXY(xy[0], xy[1])))
}

func nonZero(m map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func sqlColumn(t *testing.T, db *model.DB, q string) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v any
		require.NoError(t, rows.Scan(&v))
		out = append(out, fmt.Sprint(v))
	}
	require.NoError(t, rows.Err())
	return out
}

// The board's expected series on yesterday, written as plain SQL of the
// test's own, by region name (and by channel code).

func wantValidLeadsByRegion(t *testing.T, db *model.DB) map[string]float64 {
	return nonZero(sqlSeries(t, db, `SELECT r.name, count(l.lead_id) FROM regions r
		LEFT JOIN leads l ON l.region_id = r.region_id AND l.status IN ('valid','converted')
		 AND l.created_at >= '`+ydFrom+`' AND l.created_at < '`+ydTo+`' GROUP BY r.name`))
}

func wantVisitsByRegion(t *testing.T, db *model.DB) map[string]float64 {
	return nonZero(sqlSeries(t, db, `SELECT r.name, count(v.visit_id) FROM regions r
		LEFT JOIN reps p ON p.region_id = r.region_id
		LEFT JOIN visits v ON v.rep_id = p.rep_id AND v.visited_at >= '`+ydFrom+`' AND v.visited_at < '`+ydTo+`'
		GROUP BY r.name`))
}

func wantSigningsByRegion(t *testing.T, db *model.DB) map[string]float64 {
	return nonZero(sqlSeries(t, db, `SELECT r.name, count(c.contract_id) FROM regions r
		LEFT JOIN customers cu ON cu.region_id = r.region_id
		LEFT JOIN contracts c ON c.customer_id = cu.customer_id AND c.signed_at >= '`+ydFrom+`' AND c.signed_at < '`+ydTo+`'
		GROUP BY r.name`))
}

func wantLeadsByChannel(t *testing.T, db *model.DB) map[string]float64 {
	return sqlSeries(t, db, `SELECT channel, count(*) FROM leads WHERE created_at >= '`+ydFrom+`' AND created_at < '`+ydTo+`' GROUP BY channel`)
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(b)
}

// One click on every drillable chart of every ready board (demo company)
// drills that panel one level, in place, with the clicked value as its
// filter: the crumb names it and, for a count or a sum, the next level
// adds up to the clicked value.
func TestEveryBoardChartDrillsOneLevel(t *testing.T) {
	db, cal := demoCompany(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)
	for _, board := range readyBoards(t) {
		require.NoError(t, chromedp.Run(b.Ctx, chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+board.Path())))
		waitBoard(t, b)
		var ids []string
		require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('.chart[data-drill-base]')).map(el => el.closest('.panel').dataset.panel)`, &ids)))
		require.NotEmpty(t, ids, "%s: some chart drills", board.ID)
		for _, id := range ids {
			name := board.ID + "/" + id
			var additive bool
			for _, p := range board.Panels {
				// A count or sum adds up over the level below; a value per rep
				// or per working day, or a ratio, does not. A compared panel
				// draws two periods, so its chart's series do not add up to
				// the clicked bar alone (boards' drill tests check its rows).
				if m := p.Spec.Measures; p.ID == id && len(m) == 1 && (m[0].Agg == "count" || m[0].Agg == "sum") && len(m[0].Per) == 0 && len(p.Spec.Compare) == 0 {
					additive = true
				}
			}
			require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+board.Path()), chromedp.Evaluate(`window.__inPlace = 1`, nil)))
			waitBoard(t, b)
			sel := "#chart-" + id
			click := clickPoint(t, b, sel)
			waitURL(t, b, "drill="+id)
			waitJS(t, b, fmt.Sprintf(`!!document.querySelector('#panel-%s .crumbs .here') && !document.getElementById('board').classList.contains('busy')`, id))
			waitBoard(t, b)
			var inPlace int
			var crumb string
			require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`window.__inPlace || 0`, &inPlace),
				chromedp.Text(fmt.Sprintf("#panel-%s .crumbs .here", id), &crumb)))
			require.Equal(t, 1, inPlace, "%s: drilled in place", name)
			for _, part := range click.Names {
				// A pie slice's name carries its share ("官网 23.8%"); the crumb names the value.
				part = shareSuffix.ReplaceAllString(part, "")
				require.Contains(t, crumb, part, "%s: the crumb names the clicked point", name)
			}
			u, err := url.Parse(currentURL(t, b))
			require.NoError(t, err)
			require.Len(t, u.Query()["at"], 1, "%s: one level down", name)
			if additive {
				require.InDelta(t, click.Value, levelTotal(t, b, id), 0.01, "%s: the level below adds up to the clicked %v", name, click.Names)
			}
		}
	}
	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}

type clicked struct {
	Names []string `json:"names"`
	Value float64  `json:"value"`
}

// clickPoint clicks with the mouse on the largest data point of series 0
// (not an "others" slice) of the chart at sel — a bar, slice, point or
// heatmap cell — and says which it was.
func clickPoint(t *testing.T, b *browsertest.Browser, sel string) clicked {
	t.Helper()
	var r struct {
		X, Y  float64
		Names []string
		Value float64
	}
	js := fmt.Sprintf(`(() => {
		const el = document.querySelector(%q); el.scrollIntoView({block: "center"});
		const c = echarts.getInstanceByDom(el); const o = c.getOption(); const s = o.series[0];
		const data = c.getModel().getSeriesByIndex(0).getData();
		const num = d => (d && typeof d === 'object' && !Array.isArray(d)) ? num(d.value) : (Array.isArray(d) ? Number(d[d.length - 1]) : Number(d));
		const cats = ax => (o[ax] && o[ax][0] && o[ax][0].type === 'category') ? o[ax][0].data : null;
		let best = -1, bv = -Infinity;
		s.data.forEach((d, i) => { const n = (d && d.name) || (cats('xAxis') || [])[i] || (cats('yAxis') || [])[i] || '';
			if (n === '其他' || n === 'Others' || n === 'others') return; const v = num(d); if (v > bv) { bv = v; best = i; } });
		const d = s.data[best]; let p, names = [];
		if (s.type === 'pie') {
			const l = data.getItemLayout(best); const a = (l.startAngle + l.endAngle) / 2, rm = (l.r0 + l.r) / 2;
			p = [l.cx + rm * Math.cos(a), l.cy + rm * Math.sin(a)]; names = [d.name];
		} else if (s.type === 'funnel') {
			const pts = data.getItemLayout(best).points || data.getItemLayout(best);
			p = [pts.reduce((a, q) => a + q[0], 0) / pts.length, pts.reduce((a, q) => a + q[1], 0) / pts.length]; names = [d.name];
		} else if (s.type === 'heatmap') {
			p = c.convertToPixel({seriesIndex: 0}, [d[0], d[1]]); names = [o.xAxis[0].data[d[0]], o.yAxis[0].data[d[1]]];
		} else if (s.type === 'scatter') {
			p = data.getItemLayout(best); names = [(d && d.name) || ''];
		} else if (s.type === 'bar' && data.getItemLayout(best) && data.getItemLayout(best).width !== undefined) {
			// The bar's own rectangle: beside another series (this year and
			// last) the category's centre falls between the two bars.
			const l = data.getItemLayout(best); p = [l.x + l.width / 2, l.y + l.height / 2];
			names = [(cats('yAxis') || cats('xAxis'))[best]];
		} else if (cats('yAxis')) {
			p = c.convertToPixel({seriesIndex: 0}, [num(d) / 2, best]); names = [cats('yAxis')[best]];
		} else if (s.type === 'bar') {
			p = c.convertToPixel({seriesIndex: 0}, [best, num(d) / 2]); names = [cats('xAxis')[best]];
		} else {
			p = c.convertToPixel({seriesIndex: 0}, [best, num(d)]); names = [cats('xAxis') ? cats('xAxis')[best] : (d.name || '')];
		}
		// Bring the point itself into view: a long horizontal bar chart
		// scrolls inside its panel and may be taller than the window.
		for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
			if (/(auto|scroll)/.test(getComputedStyle(a).overflowY) && a.scrollHeight > a.clientHeight) {
				const er = el.getBoundingClientRect(), ar = a.getBoundingClientRect();
				a.scrollTop += (er.top + p[1]) - (ar.top + ar.height / 2);
			}
		}
		window.scrollBy(0, (el.getBoundingClientRect().top + p[1]) - innerHeight / 2);
		const r = el.getBoundingClientRect();
		return {X: r.left + p[0], Y: r.top + p[1], Names: names.map(String), Value: bv};
	})()`, sel)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(js, &r)), sel)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.MouseClickXY(r.X, r.Y)), sel)
	return clicked{Names: r.Names, Value: r.Value}
}

// levelTotal adds up a drilled panel: its chart's first series, or its
// records' count.
func levelTotal(t *testing.T, b *browsertest.Browser, id string) float64 {
	t.Helper()
	var v float64
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(fmt.Sprintf(`(() => {
		const p = document.getElementById('panel-%s'); const el = p.querySelector('.chart[data-option]');
		if (!el) { const m = (p.querySelector('.pager span') || {}).textContent || ''; const n = m.match(/([\d,]+)\s*(条|records)/); return n ? Number(n[1].replace(/,/g, '')) : p.querySelectorAll('tbody tr').length; }
		const num = d => (d && typeof d === 'object' && !Array.isArray(d)) ? num(d.value) : (Array.isArray(d) ? Number(d[d.length - 1]) : Number(d || 0));
		return echarts.getInstanceByDom(el).getOption().series.reduce((a, s) => a + s.data.reduce((x, d) => x + num(d), 0), 0);
	})()`, id), &v)))
	return v
}
