package dashboards_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/app"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/dashboards"
	"salesbi/model"
)

// metricsServer is a server over a hand-made company: customer 1 at 60.0
// (C), customer 2 at 90.0 (A), customer 3 at 75.0 (B); reps 11 (manager 10).
func metricsServer(t *testing.T) (*app.App, *model.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := model.Open(ctx, ":memory:", model.Options{TimeZone: "Asia/Shanghai", MemoryLimit: "1GB", Threads: 1})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	cal, err := clock.NewCalendar(clock.NewFixed(fixtureNow), "Asia/Shanghai")
	require.NoError(t, err)
	for _, q := range []string{
		`INSERT INTO reps (rep_id, name, manager_id) VALUES (10, '王经理', NULL), (11, '张伟', 10)`,
		`INSERT INTO customers (customer_id, name, owner_rep_id, static_tier) VALUES (1, '杭州云帆科技', 11, 'A'), (2, '广州明德学校', 11, 'B'), (3, '成都锦城医院', 11, 'C')`,
		`INSERT INTO customer_health_nodes (customer_id, plan_approved, budget_approved, tech_connected, competitor_status, payment_terms, delivery_buffer, updated_at) VALUES
			(1, 6, 6, 6, 6, 6, 6, '2026-11-20 09:00:00+08'), (2, 9, 9, 9, 9, 9, 9, '2026-11-20 09:00:00+08'), (3, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5, '2026-11-20 09:00:00+08')`,
		`INSERT INTO visits (visit_id, rep_id, customer_id, visited_at, recorded_at, purpose) VALUES
			(1, 11, 1, '2026-11-01 10:00:00+08', '2026-11-01 12:00:00+08', '初次拜访'), (2, 11, 1, '2026-11-10 10:00:00+08', '2026-11-10 11:00:00+08', '方案交流'),
			(3, 11, 1, '2026-11-20 10:00:00+08', '2026-11-20 10:30:00+08', '技术对接'), (4, 11, 1, '2026-11-25 10:00:00+08', '2026-11-25 10:10:00+08', '预算确认')`,
	} {
		_, err := db.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	cfg := config.Default()
	cfg.Alerts.PollEvery = time.Hour // no delivery during the test: no URL anyway
	return newApp(t, db, cfg, cal, &model.Bus{}), db
}

func do(t *testing.T, srv *app.App, req *http.Request) (int, string) {
	t.Helper()
	resp, err := srv.Web.App.Test(req, 10000)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func postForm(path string, v url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func scoringForm(action string, w [6]string, a, b string) url.Values {
	v := url.Values{"action": {action}, "grade_a": {a}, "grade_b": {b}}
	for i, n := range []string{"w_plan", "w_budget", "w_tech", "w_competitor", "w_payment", "w_delivery"} {
		v.Set(n, w[i])
	}
	return v
}

var defaultW = [6]string{"0.30", "0.25", "0.20", "0.10", "0.10", "0.05"}

func one(t *testing.T, db *model.DB, q string) int {
	var n int
	require.NoError(t, db.QueryRowContext(context.Background(), q).Scan(&n), q)
	return n
}

func TestCustomerPageActNowUnderThreshold(t *testing.T) {
	srv, db := metricsServer(t)
	require.Equal(t, 3, one(t, db, `SELECT count(*) FROM health_scores`), "scored on start")

	code, body := do(t, srv, httpGet("/customers/1"))
	require.Equal(t, 200, code)
	require.Contains(t, body, `id="health-score">60.0<`)
	require.Contains(t, body, `id="health-grade">C<`)
	require.Contains(t, body, "需立即行动")
	for _, a := range []string{"重新确认采购计划", "联系财务核实预算", "预约技术二次对接"} {
		require.Contains(t, body, a)
	}
	// The last three visits, newest first; the oldest of four is not shown.
	require.Contains(t, body, "预算确认")
	require.NotContains(t, body, "初次拜访")

	_, body = do(t, srv, httpGet("/customers/2?lang=en"))
	require.Contains(t, body, `id="health-grade">A<`)
	require.NotContains(t, body, "act-now")

	code, _ = do(t, srv, httpGet("/customers/999"))
	require.Equal(t, 404, code)
}

func TestScoringSettingsPagePreviewSaveAndRefuse(t *testing.T) {
	srv, db := metricsServer(t)
	code, body := do(t, srv, httpGet("/settings/scoring"))
	require.Equal(t, 200, code)
	require.Contains(t, body, `name="w_plan" value="0.3"`)

	// Preview: B from 80 puts customer 3 (75.0) into C; nothing is saved.
	code, body = do(t, srv, postForm("/settings/scoring", scoringForm("preview", defaultW, "85", "80")))
	require.Equal(t, 200, code)
	require.Contains(t, body, `id="preview-changing">1<`)
	require.Contains(t, body, `id="preview-into-c">1<`)
	require.Equal(t, 0, one(t, db, `SELECT count(*) FROM settings`))

	// Bad settings: refused with a message, nothing changed.
	bad := defaultW
	bad[0] = "0.5"
	code, body = do(t, srv, postForm("/settings/scoring", scoringForm("save", bad, "85", "70")))
	require.Equal(t, 400, code)
	require.Contains(t, body, "they must sum to 1")
	code, body = do(t, srv, postForm("/settings/scoring", scoringForm("save", defaultW, "70", "85")))
	require.Equal(t, 400, code)
	require.Contains(t, body, "must be below grade_a")
	code, body = do(t, srv, postForm("/settings/scoring", scoringForm("save", defaultW, "abc", "70")))
	require.Equal(t, 400, code)
	require.Contains(t, body, `grade_a: &#34;abc&#34; is not a number`)
	require.Equal(t, 0, one(t, db, `SELECT count(*) FROM settings`))
	require.Equal(t, 0, one(t, db, `SELECT count(*) FROM settings_audit`))

	// Save: takes effect at once, audited, one summary alert.
	code, body = do(t, srv, postForm("/settings/scoring", scoringForm("save", defaultW, "85", "80")))
	require.Equal(t, 200, code, body)
	require.Contains(t, body, `id="saved"`)
	require.Contains(t, body, `id="audit"`)
	require.Equal(t, 1, one(t, db, `SELECT count(*) FROM settings_audit`))
	require.Equal(t, 1, one(t, db, `SELECT count(*) FROM health_scores WHERE customer_id = 3 AND grade = 'C'`))
	require.Equal(t, 1, one(t, db, `SELECT count(*) FROM alerts WHERE kind = 'summary'`))

	// The JSON API refuses bad settings too.
	req := httptest.NewRequest(http.MethodPut, "/api/settings/scoring", strings.NewReader(`{"weights":{"plan":-0.1,"budget":0.65,"tech":0.2,"competitor":0.1,"payment":0.1,"delivery":0.05},"grade_a":85,"grade_b":70}`))
	code, body = do(t, srv, req)
	require.Equal(t, 400, code)
	var env dashboards.Envelope
	require.NoError(t, json.Unmarshal([]byte(body), &env))
	require.Equal(t, "bad_input", env.ErrorType)
	require.Contains(t, env.Problems, "health.weights.plan: -0.1 is negative; weights are shares between 0 and 1")
	require.Equal(t, 1, one(t, db, `SELECT count(*) FROM settings_audit`))
}

func TestSyncDropAlertsManagerAndAPIs(t *testing.T) {
	srv, db := metricsServer(t)
	// A sync lowers customer 2 from A to C: one alert to manager 10.
	_, err := db.ExecContext(context.Background(), `UPDATE customer_health_nodes SET plan_approved = 0, budget_approved = 0, updated_at = '2026-11-27 08:00:00+08' WHERE customer_id = 2`)
	require.NoError(t, err)
	srv.Bus.Publish(model.DataChange{Cause: "sync", Tables: []string{"customer_health_nodes"}})
	srv.Bus.Publish(model.DataChange{Cause: "sync", Tables: []string{"customer_health_nodes"}})
	code, body := do(t, srv, httpGet("/api/alerts"))
	require.Equal(t, 200, code)
	var env struct {
		Data []struct {
			Kind         string `json:"kind"`
			CustomerID   int64  `json:"customer_id"`
			ManagerRepID int64  `json:"manager_rep_id"`
			Status       string `json:"status"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &env))
	require.Len(t, env.Data, 1)
	require.Equal(t, "drop", env.Data[0].Kind)
	require.Equal(t, int64(2), env.Data[0].CustomerID)
	require.Equal(t, int64(10), env.Data[0].ManagerRepID)
	require.Equal(t, "pending", env.Data[0].Status)

	code, body = do(t, srv, httpGet("/api/metrics/scorecard?period=2026-Q4"))
	require.Equal(t, 200, code, body)
	require.Contains(t, body, `"compliance_rate"`)
	require.Contains(t, body, `"freshness_hours"`)
	code, body = do(t, srv, httpGet("/api/metrics/scorecard?period=2026-Q9"))
	require.Equal(t, 400, code, body)
	code, body = do(t, srv, httpGet("/api/customers/2/health"))
	require.Equal(t, 200, code)
	require.Contains(t, body, `"grade":"C"`)
}
