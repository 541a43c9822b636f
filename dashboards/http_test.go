package dashboards_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/app"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
)

func httpGet(path string) *http.Request { return httptest.NewRequest(http.MethodGet, path, nil) }

// newApp composes the server as `salesbi serve` does, over the test's
// database, config, clock and bus, and starts its background loops; the
// test keeps db. Requests go through a.Web.App.Test.
func newApp(t *testing.T, db *model.DB, cfg *config.Config, cal clock.Calendar, bus *model.Bus) *app.App {
	t.Helper()
	cfg.Business.TimeZone = cal.Loc.String()
	a, err := app.New(context.Background(), app.Options{Config: cfg, DB: db, Clock: cal.Clock, Bus: bus,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	a.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = a.Shutdown(ctx)
	})
	return a
}
