package connectors

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// RetryBase is the first wait after a failed scheduled run; it doubles per
// failure up to the source's interval.
const RetryBase = 10 * time.Second

// Scheduler syncs each source's tables on the source's own interval
// (sources[name].every in salesbi.yaml), retrying failures sooner with
// backoff, and runs the syncs asked for in the background (POST /api/sync
// with async). Run owns every goroutine it starts: when its context ends it
// returns only after they all have, so the database may be closed after.
type Scheduler struct {
	Syncer *Syncer
	Log    *slog.Logger
	// FirstWait is how long after Run the first scheduled syncs start
	// (default one second: the server answers its first page first).
	FirstWait time.Duration

	mu      sync.Mutex
	ctx     context.Context // Run's; nil before Run and after it returns
	pending sync.WaitGroup  // background syncs started by Go
}

// ErrNotRunning means the scheduler is not running (not yet started, or
// shutting down), so a background sync was not started.
var ErrNotRunning = errors.New("the sync scheduler is not running")

// Run starts one loop per source that has mapped tables and blocks until
// ctx ends and every loop and background sync has returned.
func (sc *Scheduler) Run(ctx context.Context) {
	sc.mu.Lock()
	sc.ctx = ctx
	sc.mu.Unlock()
	var loops sync.WaitGroup
	for name, src := range sc.Syncer.Cfg.Sources {
		if tables, _ := sc.Syncer.Tables(Options{Source: name}); len(tables) == 0 {
			continue
		}
		loops.Add(1)
		go func() { defer loops.Done(); sc.loop(ctx, name, src.Every) }()
	}
	<-ctx.Done()
	sc.mu.Lock()
	sc.ctx = nil // no new background syncs from here on
	sc.mu.Unlock()
	loops.Wait()
	sc.pending.Wait()
}

// Go runs one sync in the background under Run's context; its runs land
// in the sync log (GET /api/sync/runs).
func (sc *Scheduler) Go(o Options) error {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.ctx == nil {
		return ErrNotRunning
	}
	ctx := sc.ctx
	sc.pending.Add(1)
	go func() {
		defer sc.pending.Done()
		if _, err := sc.Syncer.Sync(ctx, o); err != nil && ctx.Err() == nil {
			sc.log().Warn("background sync failed", "err", err)
		}
	}()
	return nil
}

// loop syncs one source every interval; after a failure it retries sooner,
// doubling the wait (10s, 20s, 40s …) up to the interval.
func (sc *Scheduler) loop(ctx context.Context, source string, every time.Duration) {
	wait := sc.FirstWait
	if wait == 0 {
		wait = time.Second
	}
	failures := 0
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		_, err := sc.Syncer.Sync(ctx, Options{Source: source})
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && !errors.Is(err, ErrBusy):
			failures++
			wait = RetryBase << min(failures-1, 16)
			if wait > every {
				wait = every
			}
			sc.log().Warn("scheduled sync failed; retrying", "source", source, "in", wait, "err", err)
		default:
			failures, wait = 0, every
		}
	}
}

func (sc *Scheduler) log() *slog.Logger {
	if sc.Log != nil {
		return sc.Log
	}
	return slog.Default()
}
