package browsertest

import (
	"io"
	"log/slog"
	"net"
	"testing"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/dashboards"
	"salesbi/model"
)

// ServerOptions tune StartServerWith.
type ServerOptions struct {
	Config *config.Config  // nil: defaults
	Cal    *clock.Calendar // nil: system clock in the config's zone
	Bus    *model.Bus
}

// StartServer serves db on a random loopback port in test mode (chart
// animation off) until the test ends, and returns its base URL.
func StartServer(t testing.TB, db *model.DB) string {
	_, url := StartServerWith(t, db, ServerOptions{})
	return url
}

// StartServerWith is StartServer with a chosen config, calendar and bus.
func StartServerWith(t testing.TB, db *model.DB, o ServerOptions) (*dashboards.Server, string) {
	t.Helper()
	cfg := o.Config
	if cfg == nil {
		cfg = config.Default()
	}
	cfg.Server.TestMode = true
	var cal clock.Calendar
	if o.Cal != nil {
		cal = *o.Cal
	} else {
		c, err := clock.NewCalendar(clock.System{}, cfg.Business.TimeZone)
		if err != nil {
			t.Fatal(err)
		}
		cal = c
	}
	srv, err := dashboards.New(dashboards.Deps{DB: db, Config: cfg, Cal: cal, Bus: o.Bus,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.App.Listener(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	return srv, "http://" + ln.Addr().String()
}
