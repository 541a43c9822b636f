package dashboards_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"salesbi/browsertest"
)

// The stand-up board on the demo company, as `make run` shows it: every
// chart's series equals a direct SQL query on the same database.
func TestStandupOnTheDemoCompany(t *testing.T) {
	db, cal := demoCompany(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)

	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+"/dashboards/standup")))
	require.NoError(t, browsertest.WaitCharts(b.Ctx, ".chart", 3))

	wantLeads := wantValidLeadsByRegion(t, db)
	var total float64
	for _, n := range wantLeads {
		total += n
	}
	require.Greater(t, total, 10.0, "the demo has valid leads yesterday")
	require.Equal(t, fmtMap(wantLeads), fmtMap(barSeries(t, b, "#chart-valid-leads", 0)))

	wantVisits := wantVisitsByRegion(t, db)
	require.Equal(t, fmtMap(wantVisits), fmtMap(barSeries(t, b, "#chart-visits-signings", 0)))
	wantSign := wantSigningsByRegion(t, db)
	require.Equal(t, fmtMap(wantSign), fmtMap(barSeries(t, b, "#chart-visits-signings", 1)))
	wantCh := wantLeadsByChannel(t, db)
	gotCh := pieSeries(t, b, "#chart-channels")
	require.Len(t, gotCh, len(wantCh))
	var sumWant, sumGot float64
	for _, n := range wantCh {
		sumWant += n
	}
	for _, n := range gotCh {
		sumGot += n
	}
	require.Equal(t, sumWant, sumGot)
	var pendingRows int
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Evaluate(`document.querySelectorAll('#pending-leads tbody tr').length`, &pendingRows)))
	require.Equal(t, 3, pendingRows, "the demo always has leads waiting for a first follow-up")
	b.Screenshot(t, "standup-demo")

	// Drill into the first region: its reps' visit bars add up to its bar.
	regionName := barNames(t, b)[0].(string)
	regionVisits := barSeries(t, b, "#chart-visits-signings", 0)[regionName]
	clickBar(t, b, "#chart-valid-leads", 0)
	waitURL(t, b, "region=")
	require.NoError(t, browsertest.WaitCharts(b.Ctx, ".chart", 3))
	reps := barSeries(t, b, "#chart-visits-signings", 0)
	var repSum float64
	for _, n := range reps {
		repSum += n
	}
	require.Equal(t, regionVisits, repSum, "rep bars of %s add up to its region bar", regionName)
	var crumbs string
	require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text(".crumbs", &crumbs)))
	require.Contains(t, crumbs, regionName)
	b.Screenshot(t, "standup-demo-region")
	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}

func barNames(t *testing.T, b *browsertest.Browser) []any {
	t.Helper()
	opt, err := browsertest.ChartOption(b.Ctx, "#chart-valid-leads")
	require.NoError(t, err)
	return opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
}
