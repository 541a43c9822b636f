package dashboards_test

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/dashboards"
	"salesbi/internal/testkit"
	"salesbi/model"
)

// POST /api/sync runs the mapped tables now, announces the change on the
// bus, and GET /api/sync/runs shows the log; a bad file is a failed run
// with its location, not a server error.
func TestSyncAPI(t *testing.T) {
	cfg, csv := testkit.TargetsCSV(t, "1,2026-Q1,100000\n2,2026-Q1,\"250,000.50\"\n", "1h")
	db := testkit.MemDB(t, cfg, "1GB") // closed after the server (cleanups run last first)
	bus := &model.Bus{}
	var changes []model.DataChange
	bus.Subscribe(func(d model.DataChange) {
		if d.Cause == "sync" {
			changes = append(changes, d)
		}
	})
	cal, err := clock.NewCalendar(clock.System{}, cfg.Business.TimeZone)
	require.NoError(t, err)
	s := newApp(t, db, cfg, cal, bus)

	call := func(method, path, body string) (int, dashboards.Envelope, string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := s.Web.App.Test(req, -1)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var env dashboards.Envelope
		require.NoError(t, json.Unmarshal(b, &env), string(b))
		return resp.StatusCode, env, string(b)
	}
	code, _, body := call("POST", "/api/sync", `{"tables":["targets"]}`)
	require.Equal(t, 200, code, body)
	require.Contains(t, body, `"status":"ok"`)
	var sum string
	require.NoError(t, db.QueryRow(`SELECT CAST(sum(target_amount) AS VARCHAR) FROM targets`).Scan(&sum))
	require.Equal(t, "350000.50", sum)
	require.NotEmpty(t, changes)
	require.Equal(t, []string{"targets"}, changes[len(changes)-1].Tables)

	code, _, body = call("POST", "/api/sync", `{"tables":["visits"]}`)
	require.Equal(t, 400, code, body)
	require.Contains(t, body, `table \"visits\" is not mapped`)

	require.NoError(t, os.WriteFile(csv, []byte("rep,quarter,amount\n1,2026-Q1,abc\n"), 0o644))
	code, _, body = call("POST", "/api/sync", `{}`)
	require.Equal(t, 200, code, body)
	require.Contains(t, body, `"failed":true`)
	require.Contains(t, body, `row 2, column target_amount (source column amount): \"abc\" is not a number`)

	code, env, body := call("GET", "/api/sync/runs?table=targets", "")
	require.Equal(t, 200, code, body)
	runs := env.Data.([]any)
	require.GreaterOrEqual(t, len(runs), 2)
	require.Equal(t, "failed", runs[0].(map[string]any)["status"])
}
