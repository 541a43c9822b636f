package browsertest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"salesbi/app"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
)

// ServerOptions tune StartServerWith and NewApp.
type ServerOptions struct {
	Config *config.Config  // nil: defaults
	Cal    *clock.Calendar // nil: system clock in the config's zone; its Clock is the server's
	Bus    *model.Bus
}

// StartServer serves db on a random loopback port in test mode (chart
// animation off) until the test ends, and returns its base URL.
func StartServer(t testing.TB, db *model.DB) string {
	_, url := StartServerWith(t, db, ServerOptions{})
	return url
}

// StartServerWith is StartServer with a chosen config, calendar and bus:
// the real server, composed by package app, on a loopback port.
func StartServerWith(t testing.TB, db *model.DB, o ServerOptions) (*app.App, string) {
	t.Helper()
	a := NewApp(t, db, o)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Serve(ln) }()
	return a, "http://" + ln.Addr().String()
}

// NewApp composes and starts the server over db without a listener (call
// a.Web.App.Test); it shuts down when the test ends. The test keeps db.
func NewApp(t testing.TB, db *model.DB, o ServerOptions) *app.App {
	t.Helper()
	cfg := o.Config
	if cfg == nil {
		cfg = config.Default()
	}
	cfg.Server.TestMode = true
	var clk clock.Clock = clock.System{}
	if o.Cal != nil {
		clk = o.Cal.Clock
		cfg.Business.TimeZone = o.Cal.Loc.String()
	}
	a, err := app.New(context.Background(), app.Options{Config: cfg, DB: db, Clock: clk, Bus: o.Bus,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	a.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = a.Shutdown(ctx)
	})
	return a
}
