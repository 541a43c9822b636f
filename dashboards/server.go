// Package dashboards is the web layer: pages, chart rendering, drill-down,
// the builder UI and the JSON API. It only routes and renders: the services
// it calls (query engine, metrics, syncer, scheduler) are built and started
// by the composition root (package app) and handed over in Deps.
package dashboards

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"salesbi/boards"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/connectors"
	"salesbi/dashboards/clientgone"
	"salesbi/metrics"
	"salesbi/model"
	"salesbi/query"
)

// Deps are what the web layer is built from. Every field but Log and
// RequestTimeout is required.
type Deps struct {
	DB     *model.DB
	Config *config.Config
	Cal    clock.Calendar // the one clock of the server
	Log    *slog.Logger   // nil: slog.Default()

	Query     *query.Engine         // /api/query, saved charts, rollup status
	Boards    *boards.Service       // the preset boards' pages and API
	Metrics   *metrics.Recomputer   // scores, settings, derived tables
	Syncer    *connectors.Syncer    // POST /api/sync (run now)
	Scheduler *connectors.Scheduler // POST /api/sync with async

	// Requests is the parent of every request's context. The composition
	// root cancels it when the shutdown grace period ends, so requests
	// still running then stop their queries.
	Requests context.Context
	// RequestTimeout is every request's deadline (0: DefaultRequestTimeout).
	RequestTimeout time.Duration
}

// DefaultRequestTimeout bounds one request. A synchronous POST /api/sync of
// a large source is the longest request there is; a page takes well under a
// second.
const DefaultRequestTimeout = 10 * time.Minute

// Server is the web app: routes and templates over the services in Deps.
type Server struct {
	Deps
	App *fiber.App

	inflight sync.WaitGroup // requests being handled (WaitIdle)

	boardTmpl *template.Template // the board page (board_page.go)
	errorTmpl *template.Template // the error page (api.go)
}

// New builds the app and its routes (see routes for the list and order).
func New(d Deps) (*Server, error) {
	var missing []error
	for _, r := range []struct {
		name string
		nil  bool
	}{{"DB", d.DB == nil}, {"Config", d.Config == nil}, {"Cal.Clock", d.Cal.Clock == nil}, {"Query", d.Query == nil}, {"Boards", d.Boards == nil},
		{"Metrics", d.Metrics == nil}, {"Syncer", d.Syncer == nil}, {"Scheduler", d.Scheduler == nil}, {"Requests", d.Requests == nil}} {
		if r.nil {
			missing = append(missing, errors.New("dashboards.Deps."+r.name+" is required"))
		}
	}
	if len(missing) > 0 {
		return nil, errors.Join(missing...)
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.RequestTimeout == 0 {
		d.RequestTimeout = DefaultRequestTimeout
	}
	s := &Server{Deps: d}
	s.App = fiber.New(fiber.Config{
		AppName:               "salesbi",
		DisableStartupMessage: true,
		ErrorHandler:          s.errorHandler,
		BodyLimit:             64 << 20, // uploads of CSV/xlsx
	})
	s.App.Use(recover.New(recover.Config{EnableStackTrace: true}))
	s.App.Use(s.requestContext)
	if err := s.routes(); err != nil {
		return nil, err
	}
	return s, nil
}

// routes mounts every part, in this order (a prefix route such as /static
// comes before the pages).
func (s *Server) routes() error {
	parts := []struct {
		name  string
		mount func() error
	}{
		{"static", s.mountStatic},
		{"status", s.mountStatus},
		{"home", s.mountHome},
		{"query api", s.mountQueryAPI},
		{"board api", s.mountBoardAPI},
		{"boards", s.mountBoards},
		{"builder", s.mountBuilder},
		{"sync", s.mountSync},
		{"metrics", s.mountMetrics},
		{"customer", s.mountCustomer},
		{"settings-scoring", s.mountSettingsScoring},
	}
	for _, p := range parts {
		if err := p.mount(); err != nil {
			return errors.Join(errors.New("mounting "+p.name), err)
		}
	}
	return nil
}

// requestContext gives every request one context, c.UserContext(), which
// handlers pass to every query. It is cancelled when the client closes its
// connection (clientgone watches the socket, since fasthttp does not
// report it), when the request's deadline (RequestTimeout) passes, when
// the server's Requests context ends (shutdown grace over), or when the
// handler returns. DuckDB interrupts a query whose context ends.
func (s *Server) requestContext(c *fiber.Ctx) error {
	s.inflight.Add(1)
	defer s.inflight.Done()
	ctx, cancel := context.WithTimeout(s.Requests, s.RequestTimeout)
	defer cancel()
	stop := clientgone.Watch(c.Context().Conn(), cancel)
	defer stop() // before the response is written on the connection
	c.SetUserContext(ctx)
	return c.Next()
}

// WaitIdle returns when no request is being handled. After Shutdown no new
// one starts, so the composition root closes the database after it.
func (s *Server) WaitIdle() { s.inflight.Wait() }

// Shutdown stops accepting connections and waits for the requests in
// flight until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error { return s.App.ShutdownWithContext(ctx) }

// Identity is the caller. Until login exists every request runs as the
// demo director; the compiler takes identity explicitly so every role is
// covered by tests already.
func (s *Server) Identity(c *fiber.Ctx) model.Identity { return model.DemoDirector }
