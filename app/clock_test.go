package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/app"
	"salesbi/clock"
	"salesbi/internal/testkit"
)

// One clock: the "now" a test sets is the sync log's started and finished
// times, the stand-up board's yesterday, and the status page's now.
func TestOneClockForTheSyncLogAndTheBoards(t *testing.T) {
	ctx := context.Background()
	cfg, _ := testkit.TargetsCSV(t, "1,2026-Q1,100000\n", "1h")
	cfg.Server.TestMode = true
	db := testkit.MemDB(t, cfg, "1GB")

	loc, err := time.LoadLocation(cfg.Business.TimeZone)
	require.NoError(t, err)
	now := time.Date(2031, 3, 4, 8, 30, 0, 0, loc) // far from the wall clock
	fixed := clock.NewFixed(now)
	a, err := app.New(ctx, app.Options{Config: cfg, DB: db, Clock: fixed, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.Shutdown(context.Background()) })
	a.Start()

	get := func(method, path, body string) string {
		t.Helper()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := a.Web.App.Test(req, -1)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		require.Equal(t, 200, resp.StatusCode, string(b))
		return string(b)
	}
	var synced struct {
		Data struct{ Runs []json.RawMessage }
	}
	require.NoError(t, json.Unmarshal([]byte(get("POST", "/api/sync", `{"tables":["targets"]}`)), &synced))
	require.Len(t, synced.Data.Runs, 1)

	var log struct {
		Data []struct {
			Table      string
			Status     string
			StartedAt  time.Time `json:"started_at"`
			FinishedAt time.Time `json:"finished_at"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(get("GET", "/api/sync/runs?table=targets", "")), &log))
	require.NotEmpty(t, log.Data)
	run := log.Data[0]
	require.Equal(t, "ok", run.Status)
	require.True(t, run.StartedAt.Equal(now), "started_at %s is the clock's now %s", run.StartedAt, now)
	require.True(t, run.FinishedAt.Equal(now), "finished_at %s is the clock's now %s", run.FinishedAt, now)

	page := get("GET", "/dashboards/standup", "")
	require.Contains(t, page, "2031-03-03", "the board's yesterday comes from the same clock")
	require.Contains(t, get("GET", "/api/status", ""), `"now":"2031-03-04T08:30:00+08:00"`)

	fixed.Advance(24 * time.Hour)
	require.Contains(t, get("GET", "/dashboards/standup", ""), "2031-03-04", "moving the clock moves the board")
}
