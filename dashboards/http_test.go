package dashboards_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"salesbi/app"
	"salesbi/browsertest"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
)

func httpGet(path string) *http.Request { return httptest.NewRequest(http.MethodGet, path, nil) }

// newApp composes the server as `salesbi serve` does (browsertest.NewApp:
// test mode, loops started, shut down when the test ends) over the test's
// database, config, clock and bus; the test keeps db. Requests go through
// a.Web.App.Test.
func newApp(t *testing.T, db *model.DB, cfg *config.Config, cal clock.Calendar, bus *model.Bus) *app.App {
	t.Helper()
	return browsertest.NewApp(t, db, browsertest.ServerOptions{Config: cfg, Cal: &cal, Bus: bus})
}
