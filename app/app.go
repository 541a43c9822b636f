// Package app is the composition root of `salesbi serve`: it builds every
// service once — database, bus, clock, the connectors' syncer and
// scheduler, metrics recompute and health scoring, alert delivery, the
// summary tables (rollups) and the query engine with its cache — and hands
// them to the web layer (package dashboards), which only routes and renders.
//
// The start and stop order is written here and nowhere else:
//
//	New:      config → calendar → database (→ demo company) → bus →
//	          rollups, cache, query engine → syncer, scheduler →
//	          metrics, alerts → web routes
//	Start:    health scores made current (before the first page), then the
//	          background loops: rollup builder, sync scheduler, metrics
//	          recompute, alert delivery
//	Shutdown: stop accepting; wait for requests in flight (until the
//	          shutdown context ends, then cancel the stragglers); stop the
//	          loops and wait for them; close the database last
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"salesbi/boards"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/connectors"
	"salesbi/dashboards"
	"salesbi/demo"
	"salesbi/metrics"
	"salesbi/metrics/alerts"
	"salesbi/model"
	"salesbi/progress"
	"salesbi/query"
)

// Options are what an App is built from. Everything may be left zero.
type Options struct {
	Config *config.Config // nil: config.Default()
	// DB is the open database; the caller keeps it and closes it after
	// Shutdown. Nil: New opens Config.Database.Path and Shutdown closes it.
	DB    *model.DB
	Clock clock.Clock  // nil: clock.System{}; the one clock of the server
	Log   *slog.Logger // nil: slog.Default()
	Bus   *model.Bus   // nil: a new bus
	// FillDemo generates the demo company into an empty database when
	// Config.Demo.FillEmpty is set (what `salesbi serve` does).
	FillDemo bool
	Progress io.Writer // where the demo generation reports; nil: silent
}

// App is the running server and its services.
type App struct {
	Config *config.Config
	Cal    clock.Calendar
	DB     *model.DB
	Bus    *model.Bus
	Log    *slog.Logger

	Syncer    *connectors.Syncer
	Scheduler *connectors.Scheduler
	Metrics   *metrics.Recomputer
	Alerts    *alerts.Sender
	Query     *query.Engine
	Boards    *boards.Service
	Web       *dashboards.Server

	ownDB bool
	// loops is the background loops' lifetime; requests is every
	// request's parent context. They end at different steps of Shutdown.
	loops, requests         context.Context
	stopLoops, stopRequests context.CancelFunc
	wg                      sync.WaitGroup

	startOnce    sync.Once
	shutdownOnce sync.Once
	shutdownErr  error
}

// New builds every service and the web routes. Nothing runs in the
// background until Start (or Serve).
func New(ctx context.Context, o Options) (*App, error) {
	a := &App{Config: o.Config, DB: o.DB, Bus: o.Bus, Log: o.Log}
	if a.Config == nil {
		a.Config = config.Default()
	}
	if a.Log == nil {
		a.Log = slog.Default()
	}
	clk := o.Clock
	if clk == nil {
		clk = clock.System{}
	}
	cal, err := clock.NewCalendar(clk, a.Config.Business.TimeZone)
	if err != nil {
		return nil, err
	}
	a.Cal = cal
	if a.DB == nil {
		db, err := model.Open(ctx, a.Config.Database.Path, model.Options{MemoryLimit: a.Config.Database.MemoryLimit,
			TimeZone: a.Config.Business.TimeZone})
		if err != nil {
			return nil, err
		}
		a.DB, a.ownDB = db, true
	}
	if err := a.build(ctx, o); err != nil {
		if a.ownDB {
			_ = a.DB.Close()
		}
		return nil, err
	}
	return a, nil
}

// build composes the services over the open database.
func (a *App) build(ctx context.Context, o Options) error {
	if o.FillDemo && a.Config.Demo.FillEmpty != nil && *a.Config.Demo.FillEmpty {
		if err := a.fillDemo(ctx, o.Progress); err != nil {
			return err
		}
	}
	if a.Bus == nil {
		a.Bus = &model.Bus{}
	}
	a.loops, a.stopLoops = context.WithCancel(context.Background())
	a.requests, a.stopRequests = context.WithCancel(context.Background())

	// The rollups hear of a change before the cache does, so no answer
	// from a stale summary table is filed under the new versions.
	rollups := query.NewRollups(a.DB.DB, a.Cal, a.Log)
	a.Bus.Subscribe(rollups.Invalidate)
	a.Query = &query.Engine{DB: a.DB, Cal: a.Cal, Rollups: rollups, Cache: query.NewCache(512, a.Bus),
		Holidays: holidays(a.Config.Business.Holidays, a.Cal.Loc)}

	a.Syncer = &connectors.Syncer{DB: a.DB, Cfg: a.Config, Log: a.Log, Bus: a.Bus, Clock: a.Cal.Clock}
	a.Scheduler = &connectors.Scheduler{Syncer: a.Syncer, Log: a.Log}

	a.Metrics = metrics.NewRecomputer(a.DB, a.Config, a.Cal, a.Bus, a.Log)
	a.Bus.Subscribe(func(d model.DataChange) { a.Metrics.OnDataChange(a.loops, d) })
	a.Alerts = &alerts.Sender{DB: a.DB.DB, Cfg: a.Config.Alerts, Clock: a.Cal.Clock, Log: a.Log}

	a.Boards = &boards.Service{Query: a.Query, Cal: a.Cal, DB: a.DB, Currency: a.Config.Business.Currency,
		StaleAfter: a.Config.Dashboards.StaleAfter, Budget: boards.DefaultBudget, Log: a.Log, Animation: !a.Config.Server.TestMode,
		Background: a.requests}
	web, err := dashboards.New(dashboards.Deps{DB: a.DB, Config: a.Config, Cal: a.Cal, Log: a.Log,
		Query: a.Query, Boards: a.Boards, Metrics: a.Metrics, Syncer: a.Syncer, Scheduler: a.Scheduler, Requests: a.requests})
	if err != nil {
		a.stopLoops()
		a.stopRequests()
		return err
	}
	a.Web = web
	return nil
}

func (a *App) fillDemo(ctx context.Context, w io.Writer) error {
	empty, err := demo.IsEmpty(ctx, a.DB)
	if err != nil || !empty {
		return err
	}
	a.Log.Info("empty database: generating the demo company", "path", a.Config.Database.Path)
	opt := demo.Options{Seed: a.Config.Demo.Seed, Scale: a.Config.Demo.Scale, Anchor: a.Cal.Today(), Loc: a.Cal.Loc,
		GeneratedAt: a.Cal.Now()} // the one clock: a test server's data is as of its own "now"
	if w != nil {
		opt.Progress = progress.New(w)
	}
	if _, err := demo.Generate(ctx, a.DB, opt); err != nil {
		return fmt.Errorf("generating the demo company: %w", err)
	}
	return nil
}

// Start makes the health scores current and starts the background loops.
// Calling it again does nothing; Serve calls it.
func (a *App) Start() {
	a.startOnce.Do(func() {
		// First run on a demo database, or nodes changed while we were
		// down: score before the first page is served.
		if err := a.Metrics.Health.EnsureScored(a.loops); err != nil {
			a.Log.Error("scoring customers on start failed; pages show the last scores", "err", err)
		}
		for _, run := range []func(context.Context){a.Query.Rollups.Run, a.Scheduler.Run, a.Metrics.Run, a.Alerts.Run} {
			a.wg.Add(1)
			go func() { defer a.wg.Done(); run(a.loops) }()
		}
	})
}

// WaitReady blocks until the first build of the summary tables and the
// first metrics recompute are done (tests and the bench time nothing
// against them). It starts the app if Start was not called.
func (a *App) WaitReady(ctx context.Context) error {
	a.Start()
	if err := a.Query.Rollups.WaitFresh(ctx); err != nil {
		return fmt.Errorf("waiting for the summary tables: %w", err)
	}
	if err := a.Metrics.WaitFirst(ctx); err != nil {
		return fmt.Errorf("waiting for the first metrics recompute: %w", err)
	}
	return nil
}

// Serve starts the app and serves HTTP on ln until Shutdown.
func (a *App) Serve(ln net.Listener) error {
	a.Start()
	return a.Web.App.Listener(ln)
}

// Listen serves on addr (host:port) until Shutdown.
func (a *App) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return a.Serve(ln)
}

// Run serves on ln until ctx ends (`salesbi serve` passes a context that
// SIGINT and SIGTERM cancel), then shuts down, giving requests in flight
// up to grace to finish.
func (a *App) Run(ctx context.Context, ln net.Listener, grace time.Duration) error {
	served := make(chan error, 1)
	go func() { served <- a.Serve(ln) }()
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	return errors.Join(serveErr, a.Shutdown(sctx))
}

// Shutdown stops the app in order: the listener closes and requests in
// flight finish (until ctx ends; then their contexts are cancelled), the
// background loops stop and are waited for, and the database — if New
// opened it — is closed last. Calling it again returns the first result.
func (a *App) Shutdown(ctx context.Context) error {
	a.shutdownOnce.Do(func() {
		var errs []error
		if err := a.Web.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("waiting for requests in flight: %w", err))
		}
		a.stopRequests() // stragglers past the grace period stop their queries
		a.Web.WaitIdle()
		a.Boards.Wait() // panels still warming the cache past their board's budget
		a.stopLoops()
		a.wg.Wait()
		if a.ownDB {
			if err := a.DB.Close(); err != nil {
				errs = append(errs, fmt.Errorf("closing the database: %w", err))
			}
		}
		a.shutdownErr = errors.Join(errs...)
	})
	return a.shutdownErr
}

// holidays are business.holidays as business-zone midnights (config has
// checked that each is a YYYY-MM-DD date).
func holidays(days []string, loc *time.Location) []time.Time {
	var out []time.Time
	for _, d := range days {
		if t, err := time.ParseInLocation("2006-01-02", d, loc); err == nil {
			out = append(out, t)
		}
	}
	return out
}
