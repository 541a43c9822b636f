package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stretchr/testify/require"

	"salesbi/app"
	"salesbi/config"
	"salesbi/model"
)

// A request still running when the shutdown grace ends has its context
// cancelled, and Shutdown returns only after it has returned, so the
// database is never closed under a query. Every request has a deadline.
func TestShutdownCancelsRequestsPastTheGrace(t *testing.T) {
	ctx := context.Background()
	db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "512MB"})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	a, err := app.New(ctx, app.Options{Config: config.Default(), DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	started, returned := make(chan bool, 1), make(chan error, 1)
	a.Web.App.Get("/test/wait", func(c *fiber.Ctx) error {
		_, hasDeadline := c.UserContext().Deadline()
		started <- hasDeadline
		<-c.UserContext().Done()
		time.Sleep(100 * time.Millisecond) // a query noticing the cancel
		returned <- c.UserContext().Err()
		return c.UserContext().Err()
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = a.Serve(ln) }()
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/test/wait")
		if err == nil {
			resp.Body.Close()
		}
	}()
	require.True(t, <-started, "the request context has a deadline")

	sctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	err = a.Shutdown(sctx)
	require.Error(t, err, "the grace period ran out")
	select {
	case herr := <-returned:
		require.ErrorIs(t, herr, context.Canceled)
	default:
		t.Fatal("Shutdown returned before the request did")
	}
}
