package clientgone

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stretchr/testify/require"
)

// pair is a real loopback TCP connection: the server's end and the client's.
func pair(t *testing.T) (server, client net.Conn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	client, err = net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	server, err = ln.Accept()
	require.NoError(t, err)
	t.Cleanup(func() { server.Close(); client.Close() })
	return server, client
}

func TestClosedClientCancels(t *testing.T) {
	server, client := pair(t)
	ctx, cancel := context.WithCancel(context.Background())
	stop := Watch(server, cancel)
	defer stop()
	require.NoError(t, client.Close())
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the peer closed its end, but the context was not cancelled")
	}
}

// A client that is still there is not cancelled, and after stop the
// connection reads and writes as before: nothing was consumed.
func TestStopLeavesTheConnectionAsItWas(t *testing.T) {
	server, client := pair(t)
	ctx, cancel := context.WithCancel(context.Background())
	stop := Watch(server, cancel)
	time.Sleep(100 * time.Millisecond)
	stop()
	require.NoError(t, ctx.Err(), "a live client must not cancel")

	_, err := client.Write([]byte("next"))
	require.NoError(t, err)
	buf := make([]byte, 4)
	require.NoError(t, server.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, err = io.ReadFull(server, buf)
	require.NoError(t, err)
	require.Equal(t, "next", string(buf))
}

// Bytes already waiting (a pipelined request) are left for the server to
// read, and do not cancel.
func TestPendingBytesAreNotConsumed(t *testing.T) {
	server, client := pair(t)
	_, err := client.Write([]byte("GET"))
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	stop := Watch(server, cancel)
	time.Sleep(50 * time.Millisecond)
	stop()
	require.NoError(t, ctx.Err())
	buf := make([]byte, 3)
	require.NoError(t, server.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, err = io.ReadFull(server, buf)
	require.NoError(t, err)
	require.Equal(t, "GET", string(buf))
}

// Through fiber on a real listener: a client that hangs up mid-request
// cancels the handler's context, and a kept-alive connection serves the
// next request after a watched one.
func TestFiberHandlerSeesTheClientGo(t *testing.T) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Use(func(c *fiber.Ctx) error {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stop := Watch(c.Context().Conn(), cancel)
		defer stop()
		c.SetUserContext(ctx)
		return c.Next()
	})
	gone := make(chan error, 1)
	app.Get("/slow", func(c *fiber.Ctx) error {
		select {
		case <-c.UserContext().Done():
			gone <- c.UserContext().Err()
		case <-time.After(10 * time.Second):
			gone <- errors.New("handler ran to its end: the client's leaving was not noticed")
		}
		return nil
	})
	app.Get("/fast", func(c *fiber.Ctx) error { return c.SendString("ok") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = app.Listener(ln) }()
	defer func() { _ = app.Shutdown() }()

	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	fmt.Fprintf(conn, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
	time.Sleep(200 * time.Millisecond)
	require.NoError(t, conn.Close())
	select {
	case err := <-gone:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(10 * time.Second):
		t.Fatal("handler did not return")
	}

	keep, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer keep.Close()
	r := bufio.NewReader(keep)
	for i := 0; i < 3; i++ {
		fmt.Fprintf(keep, "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(r, nil)
		require.NoError(t, err, "request %d on the kept-alive connection", i+1)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, "ok", string(body))
	}
}
