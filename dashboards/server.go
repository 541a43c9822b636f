// Package dashboards is the fiber app: pages, chart rendering, drill-down,
// the builder UI, xlsx export and the JSON API. Each part mounts its routes
// from its own file (see Mount), so the server file stays small.
package dashboards

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
	"salesbi/query"
)

// Deps are what the server is built from.
type Deps struct {
	DB     *model.DB
	Config *config.Config
	Cal    clock.Calendar
	Log    *slog.Logger
	Bus    *model.Bus
}

// Server is the running web app. Parts keep their own state in the closures
// their Mount creates; Ctx lives as long as the server and stops background
// work (scheduled syncs, alert delivery) on shutdown.
type Server struct {
	Deps
	App *fiber.App
	Ctx context.Context

	cancel context.CancelFunc
	wg     sync.WaitGroup
	// queryEngine answers /api/query (set by the query API's mount).
	queryEngine *query.Engine
}

// Mount adds one part's routes and background work to the server.
type Mount struct {
	Name  string
	Order int // lower first; pages that others link to mount early
	Fn    func(s *Server) error
}

var (
	mountsMu sync.Mutex
	mounts   []Mount
)

// RegisterMount is called from an init function in the part's own file.
func RegisterMount(m Mount) {
	mountsMu.Lock()
	mounts = append(mounts, m)
	mountsMu.Unlock()
}

// New builds the app and mounts every registered part.
func New(d Deps) (*Server, error) {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Bus == nil {
		d.Bus = &model.Bus{}
	}
	if d.Config == nil {
		d.Config = config.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{Deps: d, Ctx: ctx, cancel: cancel}
	s.App = fiber.New(fiber.Config{
		AppName:               "salesbi",
		DisableStartupMessage: true,
		ErrorHandler:          s.errorHandler,
		BodyLimit:             64 << 20, // uploads of CSV/xlsx
	})
	s.App.Use(recover.New(recover.Config{EnableStackTrace: true}))
	mountsMu.Lock()
	ms := append([]Mount{}, mounts...)
	mountsMu.Unlock()
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Order < ms[j].Order })
	for _, m := range ms {
		if err := m.Fn(s); err != nil {
			cancel()
			return nil, errors.Join(errors.New("mounting "+m.Name), err)
		}
	}
	return s, nil
}

// Go runs f in the background until the server shuts down.
func (s *Server) Go(f func(ctx context.Context)) {
	s.wg.Add(1)
	go func() { defer s.wg.Done(); f(s.Ctx) }()
}

// Listen serves on addr until Shutdown.
func (s *Server) Listen(addr string) error { return s.App.Listen(addr) }

// Shutdown stops background work and the listener.
func (s *Server) Shutdown() error {
	s.cancel()
	err := s.App.Shutdown()
	s.wg.Wait()
	return err
}

// Identity is the caller. Until login exists every request runs as the
// demo director; the compiler takes identity explicitly so every role is
// covered by tests already.
func (s *Server) Identity(c *fiber.Ctx) model.Identity { return model.DemoDirector }
