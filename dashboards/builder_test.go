package dashboards_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"salesbi/browsertest"
	"salesbi/clock"
	"salesbi/model"
)

// builderFixture: two weeks of leads over three regions and two
// industries, with a mix of statuses, so the article's chart has real
// shape (some days without valid leads in some regions).
func builderFixture(t *testing.T) (*model.DB, clock.Calendar) {
	ctx := context.Background()
	db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "1GB", Threads: 1, TimeZone: "Asia/Shanghai"})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	loc, _ := time.LoadLocation("Asia/Shanghai")
	anchor := time.Date(2026, 11, 27, 9, 0, 0, 0, loc)
	cal, err := clock.NewCalendar(clock.NewFixed(anchor), "Asia/Shanghai")
	require.NoError(t, err)
	exec := func(q string, args ...any) {
		_, err := db.ExecContext(ctx, q, args...)
		require.NoError(t, err, q)
	}
	exec(`INSERT INTO regions (region_id, name) VALUES (1,'华东'),(2,'华北'),(3,'华南')`)
	exec(`INSERT INTO reps (rep_id, name, region_id) VALUES (1,'张三',1),(2,'李四',2),(3,'王五',3)`)
	exec(`INSERT INTO customers (customer_id, name, industry, region_id, owner_rep_id) VALUES
		(1,'华东大学','higher_ed',1,1),(2,'北方医院','hospital',2,2),(3,'南方制造','manufacturing',3,3)`)
	statuses := []string{"valid", "new", "valid", "invalid", "converted", "valid"}
	for i := 1; i <= 90; i++ {
		// Late-evening instants: 23:30 Shanghai is 15:30 UTC the same day,
		// but 00:30 would be the previous UTC day — both must bucket by the
		// business day.
		at := time.Date(2026, 11, 13+i%14, []int{0, 9, 23}[i%3], 30, 0, 0, loc)
		exec(`INSERT INTO leads (lead_id, created_at, region_id, channel, status, owner_rep_id, customer_id)
			VALUES (?, ?, ?, 'website', ?, ?, ?)`, i, at, i%3+1, statuses[i%len(statuses)], i%3+1, (i/3)%3+1)
	}
	return db, cal
}

// sqlCounts runs a direct query of (x, series, n) rows into "x|series" → n.
func sqlCounts(t *testing.T, db *model.DB, q string) map[string]float64 {
	rows, err := db.Query(q)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var x, s string
		var n float64
		require.NoError(t, rows.Scan(&x, &s, &n))
		out[x+"|"+s] = n
	}
	return out
}

const dragJS = `(() => {
	window.__drag = function (src, dst) {
		const a = document.querySelector(src), b = document.querySelector(dst);
		if (!a || !b) return "missing " + (a ? dst : src);
		const dt = new DataTransfer();
		const ev = (type, target) => target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt}));
		ev("dragstart", a); ev("dragenter", b); ev("dragover", b); ev("drop", b); ev("dragend", a);
		return "ok";
	};
	return true;
})()`

func drag(t *testing.T, b *browsertest.Browser, src, dst string) {
	var res string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(fmt.Sprintf(`window.__drag(%q, %q)`, src, dst), &res)))
	require.Equal(t, "ok", res)
}

// waitFor polls a JS expression until it is true.
func waitFor(t *testing.T, b *browsertest.Browser, expr string) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		err := chromedp.Run(b.Ctx, chromedp.Evaluate(expr, &ok))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 20s for %s (err %v)", expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBuilderArticleExampleInBrowser performs the article's example with
// real drag-and-drop events: leads' created date to X (day), region to
// the series, filter status = valid; reads the chart's series back from
// ECharts and compares them with a direct SQL query. Then industry to X
// and the heatmap kind give the industry × region heatmap.
func TestBuilderArticleExampleInBrowser(t *testing.T) {
	db, cal := builderFixture(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/builder")))
	waitFor(t, b, `document.querySelector("#builder.ready") !== null`)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(dragJS, new(bool))))

	leads := `.b-field[data-dataset="leads"]`
	drag(t, b, leads+`[data-field="created_at"]`, `.b-shelf[data-shelf="x"]`)
	drag(t, b, leads+`[data-field="region"]`, `.b-shelf[data-shelf="series"]`)
	drag(t, b, leads+`[data-field="status"]`, `.b-shelf[data-shelf="filters"]`)
	// The grain picker defaults to day; pick it explicitly as a user would.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.SetValue(`.b-shelf[data-shelf="x"] select.b-grain`, "day")))
	// The filter's value list is filled from the data; choose "valid".
	waitFor(t, b, `!!document.querySelector('.b-shelf[data-shelf="filters"] select.b-value option[value="valid"]')`)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`(() => {
		const s = document.querySelector('.b-shelf[data-shelf="filters"] select.b-value');
		s.value = "valid"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, new(bool))))
	waitFor(t, b, `(() => { const l = window.__builder.last(); return !!l && !!l.spec.filters && l.spec.dimensions.length === 2 })()`)
	require.NoError(t, browsertest.WaitCharts(b.Ctx, "#b-preview", 1))

	opt, err := browsertest.ChartOption(b.Ctx, "#b-preview")
	require.NoError(t, err)
	got := map[string]float64{}
	days := opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	for _, s := range opt["series"].([]any) {
		sr := s.(map[string]any)
		for i, v := range sr["data"].([]any) {
			if v != nil {
				got[days[i].(string)+"|"+sr["name"].(string)] = v.(float64)
			}
		}
	}
	want := sqlCounts(t, db, `SELECT strftime(CAST(l.created_at AS DATE), '%Y-%m-%d'), r.name, count(*)
		FROM leads l JOIN regions r ON r.region_id = l.region_id WHERE l.status = 'valid' GROUP BY ALL`)
	require.NotEmpty(t, want)
	require.Equal(t, want, got, "the chart's series against a direct SQL query")
	b.Screenshot(t, "builder-article-trend")

	// Industry × region heatmap: industry onto X, pick the heatmap kind.
	drag(t, b, leads+`[data-field="industry"]`, `.b-shelf[data-shelf="x"]`)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`.b-kindbtn[data-kind="heatmap"]`)))
	waitFor(t, b, `(() => { const l = window.__builder.last(); return !!l && l.spec.chart === "heatmap" && l.spec.dimensions[0].field === "industry" })()`)
	opt, err = browsertest.ChartOption(b.Ctx, "#b-preview")
	require.NoError(t, err)
	xs := opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	ys := opt["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
	heat := map[string]float64{}
	for _, p := range opt["series"].([]any)[0].(map[string]any)["data"].([]any) {
		v := p.([]any)
		heat[xs[int(v[0].(float64))].(string)+"|"+ys[int(v[1].(float64))].(string)] = v[2].(float64)
	}
	wantHeat := sqlCounts(t, db, `SELECT c.industry, r.name, count(*) FROM leads l
		JOIN regions r ON r.region_id = l.region_id JOIN customers c ON c.customer_id = l.customer_id
		WHERE l.status = 'valid' GROUP BY ALL`)
	labelled := map[string]float64{}
	for k, n := range wantHeat {
		code, region, _ := strings.Cut(k, "|")
		labelled[model.LabelOf(model.KindIndustry, code, "zh-CN")+"|"+region] = n
	}
	require.Equal(t, labelled, heat, "heatmap cells (industry labels) against a direct SQL query")

	// Show SQL: the statement has placeholders, never the value.
	var sqlText string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`#b-show-sql`)))
	waitFor(t, b, `!document.querySelector("#b-sql").hidden`)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text(`#b-sql`, &sqlText)))
	require.Regexp(t, `\b(l\.status|ru\.k_status) = \$1`, sqlText) // the fact table or a summary table
	require.Contains(t, sqlText, `-- ["valid"]`)

	// Save it and put it on a new dashboard; the dashboard page draws it.
	require.NoError(t, chromedp.Run(b.Ctx,
		chromedp.SendKeys(`#b-name`, "行业×区域有效线索"),
		chromedp.Click(`#b-save`)))
	waitFor(t, b, `document.querySelector("#b-save-msg").textContent.indexOf("#") >= 0`)
	require.NoError(t, chromedp.Run(b.Ctx,
		chromedp.SendKeys(`#b-dashboard-name`, "周会看板"),
		chromedp.Click(`#b-add`)))
	waitFor(t, b, `!!document.querySelector("#b-save-msg a")`)
	b.Screenshot(t, "builder-heatmap")
	var href string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`document.querySelector("#b-save-msg a").getAttribute("href")`, &href)))
	require.True(t, strings.HasPrefix(href, "/custom-dashboards/"), href)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+href)))
	require.NoError(t, browsertest.WaitCharts(b.Ctx, "#cd-charts .chart", 1))
	var title string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text(`#cd-title`, &title)))
	require.Equal(t, "周会看板", title)

	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}
