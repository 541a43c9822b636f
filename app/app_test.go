package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stretchr/testify/require"

	"salesbi/app"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
)

// TestMain lets the test binary play `salesbi serve` in a second process,
// so the tests can send it a real SIGTERM.
func TestMain(m *testing.M) {
	if path := os.Getenv("SALESBI_APP_TEST_SERVE"); path != "" {
		os.Exit(serveForTest(path))
	}
	os.Exit(m.Run())
}

// serveForTest is what `salesbi serve` does (app.New with the demo fill,
// signal.NotifyContext, Run), plus one slow route that the parent keeps in
// flight across the SIGTERM. It reports on stdout, one line per event.
func serveForTest(path string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := config.Default()
	cfg.Database.Path = path
	cfg.Database.MemoryLimit = "1GB"
	cfg.Server.TestMode = true
	a, err := app.New(ctx, app.Options{Config: cfg, Clock: clock.System{}, FillDemo: true,
		Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		fmt.Println("new failed:", err)
		return 1
	}
	a.Web.App.Get("/test/slow", func(c *fiber.Ctx) error {
		fmt.Println("slow started")
		time.Sleep(1500 * time.Millisecond)
		if err := c.UserContext().Err(); err != nil {
			return err // the request's context must outlive the SIGTERM
		}
		return c.SendString("finished")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen failed:", err)
		return 1
	}
	fmt.Println("listening", ln.Addr().String())
	if err := a.Run(ctx, ln, 30*time.Second); err != nil {
		fmt.Println("run failed:", err)
		return 1
	}
	if err := a.DB.PingContext(context.Background()); err == nil {
		fmt.Println("database still open")
		return 1
	}
	fmt.Println("stopped cleanly")
	return 0
}

// server is one `serve` process of the test.
type server struct {
	t     *testing.T
	cmd   *exec.Cmd
	lines chan string
	base  string
}

func startServer(t *testing.T, path string) *server {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SALESBI_APP_TEST_SERVE="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	s := &server{t: t, cmd: cmd, lines: make(chan string, 16)}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	line := s.next(3 * time.Minute) // the first start generates the demo company
	addr, ok := strings.CutPrefix(line, "listening ")
	require.True(t, ok, "server did not start: %q", line)
	s.base = "http://" + addr
	return s
}

func (s *server) next(within time.Duration) string {
	s.t.Helper()
	select {
	case l, ok := <-s.lines:
		if !ok {
			return "(process ended)"
		}
		return l
	case <-time.After(within):
		s.t.Fatalf("no line from the server within %s", within)
		return ""
	}
}

func (s *server) do(method, path, body string) (int, string) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.base+path, strings.NewReader(body))
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// data decodes the envelope's data of a 200 answer.
func (s *server) data(method, path, body string) json.RawMessage {
	s.t.Helper()
	code, b := s.do(method, path, body)
	require.Equal(s.t, 200, code, b)
	var env struct{ Data json.RawMessage }
	require.NoError(s.t, json.Unmarshal([]byte(b), &env))
	return env.Data
}

// stop sends SIGTERM with a slow request in flight: the request finishes
// with its answer and the process exits 0 after closing the database.
func (s *server) stop() {
	s.t.Helper()
	slow := make(chan string, 1)
	go func() {
		resp, err := http.Get(s.base + "/test/slow")
		if err != nil {
			slow <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		slow <- fmt.Sprintf("%d %s", resp.StatusCode, b)
	}()
	require.Equal(s.t, "slow started", s.next(30*time.Second))
	require.NoError(s.t, s.cmd.Process.Signal(syscall.SIGTERM))
	require.Equal(s.t, "200 finished", <-slow, "the request in flight at SIGTERM finishes")
	require.Equal(s.t, "stopped cleanly", s.next(time.Minute))
	require.NoError(s.t, s.cmd.Wait(), "exit status 0")
}

// The server starts on a new file (filling it with the demo company),
// serves a page, takes a saved chart and new scoring settings, and stops on
// SIGTERM; started again on the same file it has every row, the settings
// and the chart.
func TestServeStopsCleanlyOnSIGTERMAndRestartsWithNothingLost(t *testing.T) {
	path := filepath.Join(t.TempDir(), "salesbi.duckdb")
	s := startServer(t, path)
	code, page := s.do("GET", "/dashboards/standup", "")
	require.Equal(t, 200, code, page)
	require.Contains(t, page, "晨会看板")
	status := s.data("GET", "/api/status", "")
	chart := s.data("POST", "/api/charts", `{"name":"leads by region","spec":{"dataset":"leads","dimensions":[{"field":"region"}],"measures":[{"agg":"count"}],"chart":"bar"}}`)
	var saved struct{ ID int64 }
	require.NoError(t, json.Unmarshal(chart, &saved))
	s.data("PUT", "/api/settings/scoring", `{"weights":{"plan":0.25,"budget":0.25,"tech":0.2,"competitor":0.1,"payment":0.1,"delivery":0.1},"grade_a":88,"grade_b":72}`)
	settings := s.data("GET", "/api/settings/scoring", "")
	s.stop()

	var rows struct{ Rows map[string]int64 }
	require.NoError(t, json.Unmarshal(status, &rows))
	require.Positive(t, rows.Rows["visits"], "the demo company was written")
	db, err := model.Open(context.Background(), path, model.Options{MemoryLimit: "256MB"})
	require.NoError(t, err, "the stopped server released the file")
	var n int64
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM visits`).Scan(&n))
	require.Equal(t, rows.Rows["visits"], n)
	require.NoError(t, db.Close())

	s = startServer(t, path)
	var again struct{ Rows map[string]int64 }
	require.NoError(t, json.Unmarshal(s.data("GET", "/api/status", ""), &again))
	require.Equal(t, rows.Rows, again.Rows, "every canonical table has its rows")
	require.JSONEq(t, string(settings), string(s.data("GET", "/api/settings/scoring", "")), "the scoring settings and their audit")
	require.JSONEq(t, string(chart), string(s.data("GET", fmt.Sprintf("/api/charts/%d", saved.ID), "")), "the saved chart")
	s.stop()
}
