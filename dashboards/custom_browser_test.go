package dashboards_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"salesbi/browsertest"
	"salesbi/i18n"
	"salesbi/model"
	"salesbi/presets"
	"salesbi/query"
)

// evalJS runs a JS expression and decodes its value into out.
func evalJS(t *testing.T, b *browsertest.Browser, expr string, out any) {
	t.Helper()
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(expr, out)), expr)
}

// reloaded runs act (which makes the page reload itself) and waits until
// the new page is there.
func reloaded(t *testing.T, b *browsertest.Browser, act func()) {
	t.Helper()
	evalJS(t, b, `window.__stale = true`, new(bool))
	act()
	waitFor(t, b, `window.__stale === undefined && document.readyState === "complete" && !!window.__custom`)
}

// panelOrder is the page's panels as "id:width", top to bottom.
func panelOrder(t *testing.T, b *browsertest.Browser) []string {
	t.Helper()
	var got []string
	evalJS(t, b, `[...document.querySelectorAll("#cd-charts .cd-panel")].map(p => p.dataset.panelId + ":" + p.dataset.width)`, &got)
	return got
}

func storedOrder(t *testing.T, db *model.DB, id int64) ([]string, query.CustomDashboard) {
	t.Helper()
	d, err := query.LoadDashboard(context.Background(), db, id, i18n.ZH)
	require.NoError(t, err)
	var out []string
	for _, p := range d.Panels {
		out = append(out, fmt.Sprintf("%d:%d", p.ID, p.Width))
	}
	return out, d
}

// On a phone (390×844): copy the stand-up from the home page, edit the
// copy with taps (resize, move up, remove with a second tap, add a saved
// chart), reload: the page shows exactly the edits, as stored; the view
// page draws the added chart; reset gives the preset's panels back.
func TestCustomDashboardCopyEditReloadInBrowser(t *testing.T) {
	db, cal := builderFixture(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	standup, _ := presets.ByID("standup")

	// A saved chart to put on the copy, saved as the builder saves it.
	body := `{"name":"渠道线索","spec":{"dataset":"leads","dimensions":[{"field":"channel"}],"measures":[{"agg":"count"}],"chart":"bar"}}`
	resp, err := http.Post(base+"/api/charts", "application/json", bytes.NewReader([]byte(body)))
	require.NoError(t, err)
	var saved struct {
		Data query.SavedChart `json:"data"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&saved))
	resp.Body.Close()
	require.NotZero(t, saved.Data.ID)

	b := browsertest.New(t)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)))
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/")))
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`button.copy-btn[data-slug="standup"]`)))
	waitURL(t, b, "/custom-dashboards/")
	var path string
	evalJS(t, b, `location.pathname`, &path)
	var id int64
	_, err = fmt.Sscanf(path, "/custom-dashboards/%d", &id)
	require.NoError(t, err, path)
	charts := 0
	for _, p := range standup.Panels {
		if !p.Spec.Records && p.Spec.Chart != "table" {
			charts++
		}
	}
	require.NoError(t, browsertest.WaitCharts(b.Ctx, "#cd-charts .chart", charts))
	var title string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text(`#cd-title`, &title)))
	require.Equal(t, standup.Title.ZH, title)

	_, d := storedOrder(t, db, id)
	require.Len(t, d.Panels, len(standup.Panels))
	key := map[string]int64{}
	for _, p := range d.Panels {
		key[p.PresetPanel] = p.ID
	}
	sel := func(preset, what string) string { return fmt.Sprintf(`#panel-p%d %s`, key[preset], what) }

	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`#cd-edit`)))
	waitURL(t, b, "/edit")
	waitFor(t, b, `!!window.__custom`)
	// Tap targets on the phone: every edit control at least 40 px tall;
	// one column of panels, no sideways scroll.
	var small int
	evalJS(t, b, `[...document.querySelectorAll(".cd-tools button, .cd-tools select, #cd-add, #cd-add-chart, #cd-reset")].filter(e => e.getBoundingClientRect().height < 40).length`, &small)
	require.Zero(t, small, "edit controls are tap-sized")
	var widths []float64
	evalJS(t, b, `[...new Set([...document.querySelectorAll("#cd-charts .cd-panel")].map(p => Math.round(p.getBoundingClientRect().width)))]`, &widths)
	require.Len(t, widths, 1, "panels stack in one column on a phone: %v", widths)
	var sideways bool
	evalJS(t, b, `document.documentElement.scrollWidth > window.innerWidth`, &sideways)
	require.False(t, sideways, "no horizontal page scroll")
	b.Screenshot(t, "custom-dashboard-edit-phone")

	// Resize the regions bar to the full width.
	reloaded(t, b, func() {
		// SetValue fires input and change, as a tap on an option does.
		require.NoError(t, chromedp.Run(b.Ctx, chromedp.SetValue(sel("valid_leads", "select.cd-width"), "12")))
	})
	// Move the channel pie up one (before the regions bar).
	reloaded(t, b, func() { require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(sel("channels", "button.cd-up")))) })
	// Remove the visits KPI: the first tap only arms the button.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(sel("kpi_visits", "button.cd-remove"))))
	time.Sleep(300 * time.Millisecond)
	var still bool
	evalJS(t, b, fmt.Sprintf(`!!document.querySelector(%q)`, sel("kpi_visits", "")), &still)
	require.True(t, still, "one tap does not remove")
	reloaded(t, b, func() { require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(sel("kpi_visits", "button.cd-remove")))) })
	// Add the saved chart.
	waitFor(t, b, `document.querySelector("#cd-add-chart").dataset.loaded === "true"`)
	reloaded(t, b, func() {
		require.NoError(t, chromedp.Run(b.Ctx, chromedp.SetValue(`#cd-add-chart`, fmt.Sprint(saved.Data.ID))))
		require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`#cd-add`)))
	})

	// What the edits should have made, from the preset's order.
	var want []string
	for _, p := range standup.Panels {
		w := p.Width
		switch p.ID {
		case "kpi_visits":
			continue
		case "valid_leads":
			w = 12
		}
		want = append(want, fmt.Sprintf("%d:%d", key[p.ID], w))
	}
	// channels (after valid_leads in the preset) moved up one.
	for i := range want {
		if strings.HasPrefix(want[i], fmt.Sprintf("%d:", key["channels"])) {
			want[i-1], want[i] = want[i], want[i-1]
			break
		}
	}
	_, d = storedOrder(t, db, id)
	added := d.Panels[len(d.Panels)-1]
	require.Equal(t, saved.Data.ID, added.ChartID)
	want = append(want, fmt.Sprintf("%d:6", added.ID))

	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Reload()))
	waitFor(t, b, `document.readyState === "complete" && !!window.__custom`)
	require.Equal(t, want, panelOrder(t, b), "after a reload the page shows the edits")
	var stored []string
	for _, p := range d.Panels {
		stored = append(stored, fmt.Sprintf("%d:%d", p.ID, p.Width))
	}
	require.Equal(t, want, stored, "and they are what is stored")

	// The view page (no controls) draws the added chart with the data.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(fmt.Sprintf("%s/custom-dashboards/%d", base, id))))
	require.NoError(t, browsertest.WaitCharts(b.Ctx, fmt.Sprintf("#panel-p%d .chart", added.ID), 1))
	require.Equal(t, want, panelOrder(t, b))
	opt, err := browsertest.ChartOption(b.Ctx, fmt.Sprintf("#panel-p%d .chart", added.ID))
	require.NoError(t, err)
	var total float64
	for _, v := range opt["series"].([]any)[0].(map[string]any)["data"].([]any) {
		total += value(v)
	}
	var n float64
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM leads`).Scan(&n))
	require.Equal(t, n, total, "the added chart's bars sum to every lead")
	var tools int
	evalJS(t, b, `document.querySelectorAll(".cd-tools").length`, &tools)
	require.Zero(t, tools)
	b.Screenshot(t, "custom-dashboard-phone")

	// Reset to the preset: two taps, the preset's panels in its order.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`#cd-edit`)))
	waitURL(t, b, "/edit")
	waitFor(t, b, `!!window.__custom`)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`#cd-reset`)))
	reloaded(t, b, func() { require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(`#cd-reset`))) })
	_, d = storedOrder(t, db, id)
	want = want[:0]
	for i, p := range d.Panels {
		require.Equal(t, standup.Panels[i].ID, p.PresetPanel)
		require.Equal(t, standup.Panels[i].Width, p.Width)
		want = append(want, fmt.Sprintf("%d:%d", p.ID, p.Width))
	}
	require.Equal(t, want, panelOrder(t, b))

	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}

// builderURLSpec reads the spec the builder's URL holds.
func builderURLSpec(t *testing.T, b *browsertest.Browser) map[string]any {
	t.Helper()
	var search string
	evalJS(t, b, `location.search`, &search)
	q, err := url.ParseQuery(strings.TrimPrefix(search, "?"))
	require.NoError(t, err)
	raw := q.Get("spec")
	require.NotEmpty(t, raw, "the URL holds the spec: %s", search)
	var spec map[string]any
	require.NoError(t, json.Unmarshal([]byte(raw), &spec), raw)
	return spec
}

func lastSpec(t *testing.T, b *browsertest.Browser) map[string]any {
	t.Helper()
	var s string
	evalJS(t, b, `JSON.stringify(window.__builder.last().spec)`, &s)
	var spec map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &spec))
	return spec
}

// barsByName reads series 0 of a bar chart as x label → value.
func barsByName(t *testing.T, b *browsertest.Browser, sel string) map[string]float64 {
	t.Helper()
	opt, err := browsertest.ChartOption(b.Ctx, sel)
	require.NoError(t, err)
	xs := opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	out := map[string]float64{}
	for i, v := range opt["series"].([]any)[0].(map[string]any)["data"].([]any) {
		if v != nil {
			out[xs[i].(string)] = value(v)
		}
	}
	return out
}

// The builder on a phone, by taps: region to the X axis, status to the
// filters as "in" with two values ticked on its checklist. The URL holds
// the spec; opening that URL afresh gives the same chart, the same ticks;
// Back undoes an edit (the chart kind) and a drill.
func TestBuilderURLRoundTripAndChecklistInBrowser(t *testing.T) {
	db, cal := builderFixture(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)))
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/builder")))
	waitFor(t, b, `document.querySelector("#builder.ready") !== null`)

	leads := `.b-field[data-dataset="leads"]`
	tap := func(sel string) { t.Helper(); require.NoError(t, chromedp.Run(b.Ctx, chromedp.Click(sel)), sel) }
	tap(leads + `[data-field="region"]`)
	tap(`.b-shelf[data-shelf="x"]`)
	tap(leads + `[data-field="status"]`)
	tap(`.b-shelf[data-shelf="filters"]`)
	waitFor(t, b, `!!document.querySelector('.b-shelf[data-shelf="filters"] select.b-op')`)
	evalJS(t, b, `(() => { const s = document.querySelector('.b-shelf[data-shelf="filters"] select.b-op');
		s.value = "in"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, new(bool))
	waitFor(t, b, `!!document.querySelector('.b-checklist input[value="valid"]')`)
	var selects int
	evalJS(t, b, `document.querySelectorAll('.b-shelf[data-shelf="filters"] select[multiple]').length`, &selects)
	require.Zero(t, selects, "no Ctrl-click select box")
	var small int
	evalJS(t, b, `[...document.querySelectorAll(".b-check")].filter(e => e.getBoundingClientRect().height < 32).length`, &small)
	require.Zero(t, small, "checklist items are tap-sized")
	var offered []string
	evalJS(t, b, `[...document.querySelectorAll(".b-check input")].map(x => x.value)`, &offered)
	require.Equal(t, []string{"converted", "invalid", "new", "valid"}, offered, "the field's values, from the data")
	tap(`.b-check input[value="valid"]`)
	tap(`.b-check input[value="converted"]`)
	waitFor(t, b, `(() => { const l = window.__builder.last(); return !!l && !!l.spec.filters && l.spec.filters[0].values.length === 2 })()`)
	require.NoError(t, browsertest.WaitCharts(b.Ctx, "#b-preview", 1))

	want := map[string]float64{}
	for k, v := range sqlCounts(t, db, `SELECT r.name, '', count(*) FROM leads l JOIN regions r ON r.region_id = l.region_id
		WHERE l.status IN ('valid', 'converted') GROUP BY ALL`) {
		want[strings.TrimSuffix(k, "|")] = v
	}
	require.NotEmpty(t, want)
	require.Equal(t, want, barsByName(t, b, "#b-preview"), "the chart against a direct SQL query")
	spec := lastSpec(t, b)
	require.Equal(t, spec, builderURLSpec(t, b), "the URL holds the spec that was run")
	require.Equal(t, []any{map[string]any{"field": "status", "op": "in", "values": []any{"converted", "valid"}}}, spec["filters"])
	var link string
	evalJS(t, b, `location.href`, &link)

	// The link, opened afresh, reproduces the chart and the ticks.
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/")))
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(link)))
	waitFor(t, b, `document.querySelector("#builder.ready") !== null && !!window.__builder.last()`)
	require.NoError(t, browsertest.WaitCharts(b.Ctx, "#b-preview", 1))
	require.Equal(t, spec, lastSpec(t, b))
	require.Equal(t, want, barsByName(t, b, "#b-preview"))
	waitFor(t, b, `!!document.querySelector('.b-checklist input[value="valid"]')`)
	var ticked []string
	evalJS(t, b, `[...document.querySelectorAll(".b-check input:checked")].map(x => x.value)`, &ticked)
	require.Equal(t, []string{"converted", "valid"}, ticked)
	b.Screenshot(t, "builder-checklist-phone")

	// An edit is a history entry: pie, then Back gives the bar again.
	tap(`.b-kindbtn[data-kind="pie"]`)
	waitFor(t, b, `window.__builder.last().spec.chart === "pie" && location.search.indexOf("pie") > 0`)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.NavigateBack()))
	waitFor(t, b, `window.__builder.last().spec.chart === "bar" && document.querySelector('.b-kindbtn.on').dataset.kind === "bar"`)
	require.Equal(t, spec, builderURLSpec(t, b))

	// A drill is one too: tap a bar (one region's reps), Back goes up.
	clickBar(t, b, "#b-preview", 0)
	waitFor(t, b, `(() => { const l = window.__builder.last(); return l.spec.dimensions[0].field === "rep" })()`)
	drilled := builderURLSpec(t, b)
	require.Equal(t, "rep", drilled["dimensions"].([]any)[0].(map[string]any)["field"], "the URL follows the drill")
	var back bool
	evalJS(t, b, `!document.querySelector("#b-back").hidden`, &back)
	require.True(t, back)
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.NavigateBack()))
	waitFor(t, b, `window.__builder.last().spec.dimensions[0].field === "region"`)
	require.Equal(t, spec, builderURLSpec(t, b))
	evalJS(t, b, `!document.querySelector("#b-back").hidden`, &back)
	require.False(t, back)

	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}
