package dashboards_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"salesbi/browsertest"
)

// Every page of the server, on the demo company, in both languages: it
// renders, its charts draw, it loads nothing from outside the server and the
// browser logs no error. The customer page of a customer under 70 shows the
// "act now" box with the three suggested actions; one at 85 or more does not.
func TestEveryPageRendersOfflineInTheBrowser(t *testing.T) {
	db, cal := demoCompany(t)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})
	b := browsertest.New(t)

	// Health grades straight from the nodes with the default weights: the
	// test's own formula, not the metrics package.
	score := `10 * (0.30*plan_approved + 0.25*budget_approved + 0.20*tech_connected + 0.10*competitor_status + 0.10*payment_terms + 0.05*delivery_buffer)`
	var low, high int64
	ctx := context.Background()
	require.NoError(t, db.QueryRowContext(ctx, `SELECT customer_id FROM customer_health_nodes WHERE round(`+score+`, 1) < 70 ORDER BY customer_id LIMIT 1`).Scan(&low))
	require.NoError(t, db.QueryRowContext(ctx, `SELECT customer_id FROM customer_health_nodes WHERE round(`+score+`, 1) >= 85 ORDER BY customer_id LIMIT 1`).Scan(&high))

	pages := []struct {
		name, path string
		charts     int
		mustHave   string
	}{
		{"home", "/", 0, "晨会看板"},
		{"home-en", "/?lang=en", 0, "Morning stand-up"},
		{"standup-en", "/dashboards/standup?lang=en", 4, "New valid leads by region"},
		{"builder", "/builder", 0, ""},
		{"customer-low", fmt.Sprintf("/customers/%d", low), 0, "需立即行动"},
		{"customer-high", fmt.Sprintf("/customers/%d", high), 0, ""},
		{"settings-scoring", "/settings/scoring", 0, ""},
	}
	for _, p := range pages {
		require.NoError(t, chromedp.Run(b.Ctx, chromedp.Navigate(base+p.path)), p.name)
		if p.charts > 0 {
			require.NoError(t, browsertest.WaitCharts(b.Ctx, ".chart", p.charts), p.name)
		}
		var text string
		require.NoError(t, chromedp.Run(b.Ctx, chromedp.Text("body", &text)), p.name)
		require.NotContains(t, text, "template:", "%s: a template error reached the page", p.name)
		if p.mustHave != "" {
			require.Contains(t, text, p.mustHave, p.name)
		}
		if p.name == "customer-low" {
			for _, action := range []string{"重新确认采购计划", "联系财务核实预算", "预约技术二次对接"} {
				require.Contains(t, text, action)
			}
			require.NotContains(t, text, "tech_exchange", "visit purposes show as labels, not codes")
		}
		if p.name == "customer-high" {
			require.False(t, strings.Contains(text, "需立即行动"), "a healthy customer has no act-now box")
		}
		b.Screenshot(t, "page-"+p.name)
	}
	b.AssertOffline(t)
	b.AssertNoConsoleErrors(t)
}
