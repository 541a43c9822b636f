package dashboards_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/app"
	"salesbi/config"
	"salesbi/dashboards"
	"salesbi/model"
)

func apiServer(t *testing.T) (*app.App, *model.Bus, *model.DB) {
	db, cal := builderFixture(t)
	bus := &model.Bus{}
	cfg := config.Default()
	cfg.Server.TestMode = true
	srv := newApp(t, db, cfg, cal, bus)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, srv.Query.Rollups.WaitFresh(ctx), "the server's first build of the summary tables")
	return srv, bus, db
}

func call(t *testing.T, srv *app.App, method, path, body string) (int, dashboards.Envelope, map[string]any) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Web.App.Test(req, -1)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var env dashboards.Envelope
	require.NoError(t, json.Unmarshal(b, &env), string(b))
	data, _ := env.Data.(map[string]any)
	return resp.StatusCode, env, data
}

func TestQueryAPI(t *testing.T) {
	srv, bus, db := apiServer(t)
	spec := `{"dataset":"leads","dimensions":[{"field":"region"}],"measures":[{"agg":"count"}],"filters":[{"field":"status","op":"eq","values":["valid"]}],"chart":"bar"}`

	code, env, data := call(t, srv, "POST", "/api/query", spec)
	require.Equal(t, 200, code, env.Error)
	require.Len(t, data["columns"], 2)
	require.NotNil(t, data["option"])
	require.NotEmpty(t, data["as_of"])
	require.Equal(t, false, data["cached"])
	require.Contains(t, []any{"leads_day", "leads_month"}, data["rollup"], "answered from a leads summary table")
	var want float64
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM leads WHERE status = 'valid'`).Scan(&want))
	var got float64
	for _, r := range data["rows"].([]any) {
		got += r.([]any)[1].(float64)
	}
	require.Equal(t, want, got)
	_, _, data = call(t, srv, "POST", "/api/query", spec)
	require.Equal(t, true, data["cached"])
	bus.Publish(model.DataChange{Tables: []string{"leads"}, Cause: "sync"})
	_, _, data = call(t, srv, "POST", "/api/query", spec)
	require.Equal(t, false, data["cached"], "a sync of leads drops the cached answer")
	code, _, _ = call(t, srv, "GET", "/api/rollups", "")
	require.Equal(t, 200, code)

	// One envelope for a bad spec: 400 with every problem and its path.
	code, env, _ = call(t, srv, "POST", "/api/query", `{"dataset":"leads","measures":[{"agg":"count"},{"field":"revnue","agg":"sum"}],"dimensions":[{"field":"regoin"}]}`)
	require.Equal(t, 400, code)
	require.Equal(t, "bad_input", env.ErrorType)
	require.Equal(t, []string{`dimensions[0]: unknown field "regoin"`, `measures[1]: unknown field "revnue"`}, env.Problems)
	code, env, _ = call(t, srv, "POST", "/api/query", `{"dataset":"leads","colour":"red"}`)
	require.Equal(t, 400, code)
	require.Contains(t, env.Problems[0], `unknown field "colour"`)

	code, _, data = call(t, srv, "POST", "/api/query/sql", spec)
	require.Equal(t, 200, code)
	require.Regexp(t, `\b(l\.status|ru\.k_status) = \$1`, data["sql"]) // the fact table or a summary table
	require.Equal(t, []any{"valid"}, data["args"])

	code, env, data = call(t, srv, "POST", "/api/query/drill", `{"spec":`+spec+`,"point":{"region":"华东"}}`)
	require.Equal(t, 200, code, env.Error)
	require.Equal(t, "rep", data["level"])

	code, _, data = call(t, srv, "GET", "/api/catalog", "")
	require.Equal(t, 200, code)
	require.Contains(t, data["chart_kinds"], "heatmap")
	require.NotEmpty(t, data["datasets"])

	code, env, _ = call(t, srv, "GET", "/api/charts/abc", "")
	require.Equal(t, 400, code, env.Error)
	code, _, _ = call(t, srv, "GET", "/api/charts/999", "")
	require.Equal(t, 404, code)
}

// A cache hit writes the stored encoding: the same answer as the cold call
// but for elapsed_ms and cached; a spec differing only in chart kind shares
// the cached rows yet gets its own option.
func TestQueryAPICachedAnswerIsTheColdOne(t *testing.T) {
	srv, _, _ := apiServer(t)
	bar := `{"dataset":"leads","dimensions":[{"field":"region"}],"measures":[{"agg":"count"}],"chart":"bar"}`
	pie := strings.Replace(bar, `"bar"`, `"pie"`, 1)
	_, _, cold := call(t, srv, "POST", "/api/query", bar)
	_, _, hit := call(t, srv, "POST", "/api/query", bar)
	require.Equal(t, false, cold["cached"])
	require.Equal(t, true, hit["cached"])
	var keys []string
	for k := range hit {
		keys = append(keys, k)
	}
	require.ElementsMatch(t, []string{"columns", "rows", "sql", "args", "rollup", "elapsed_ms", "as_of", "cached", "option"}, keys)
	require.Contains(t, []any{"leads_day", "leads_month"}, hit["rollup"], "the summary table read instead of leads")
	require.IsType(t, float64(0), hit["elapsed_ms"])
	for _, k := range []string{"elapsed_ms", "cached"} {
		delete(cold, k)
		delete(hit, k)
	}
	require.Equal(t, cold, hit)

	_, _, p := call(t, srv, "POST", "/api/query", pie)
	require.Equal(t, true, p["cached"], "same SQL as the bar chart")
	require.Equal(t, cold["rows"], p["rows"])
	require.NotEqual(t, cold["option"], p["option"], "a pie is not drawn as a bar")
}
