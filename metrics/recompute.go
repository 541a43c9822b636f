package metrics

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
)

// DerivedTables are the tables Recompute writes for a period, in the order
// it writes them; the last one is announced last.
var DerivedTables = []string{"metric_grading_accuracy", "metric_compliance_opps", "metric_compliance_violations",
	"metric_deal_attribution", "metric_calibration", "metric_freshness", "metric_scorecard"}

// Recomputer keeps the derived tables and the health scores in step with
// the data: after a sync it re-scores the customers whose nodes changed and
// rebuilds the current quarter's tables in the background (bursts of syncs
// coalesce into one rebuild). One recompute runs at a time, since each one
// replaces its period's rows.
type Recomputer struct {
	DB     *model.DB
	Cfg    *config.Config
	Cal    clock.Calendar
	Bus    *model.Bus // may be nil
	Log    *slog.Logger
	Health *Health

	mu        sync.Mutex // one recompute at a time
	dirty     chan struct{}
	firstOnce sync.Once
	first     chan struct{} // closed when Run's first rebuild has ended
}

// NewRecomputer builds the recomputer and its health service from the same
// database, config, clock and bus.
func NewRecomputer(db *model.DB, cfg *config.Config, cal clock.Calendar, bus *model.Bus, log *slog.Logger) *Recomputer {
	if log == nil {
		log = slog.Default()
	}
	return &Recomputer{DB: db, Cfg: cfg, Cal: cal, Bus: bus, Log: log,
		Health: &Health{DB: db, Cfg: cfg, Cal: cal, Bus: bus, Log: log},
		dirty:  make(chan struct{}, 1), first: make(chan struct{})}
}

// Report recomputes the period's derived tables ("" is the current
// quarter) and returns them, then announces the change with cause
// "scoring".
func (r *Recomputer) Report(ctx context.Context, period string) (Report, error) {
	p, err := QuarterPeriod(r.Cal, period)
	if err != nil {
		return Report{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	rep, err := Recompute(ctx, r.DB.DB, p, r.Cfg)
	if err != nil {
		return rep, err
	}
	if r.Bus != nil {
		r.Bus.Publish(model.DataChange{Cause: "scoring", Tables: DerivedTables})
	}
	return rep, nil
}

// OnDataChange is the bus subscriber: a sync re-scores at once (ctx is the
// server's lifetime) and marks the quarter's tables for rebuilding.
func (r *Recomputer) OnDataChange(ctx context.Context, d model.DataChange) {
	if d.Cause != "sync" {
		return
	}
	if err := r.Health.OnDataChange(ctx, d); err != nil && ctx.Err() == nil {
		r.Log.Error("re-scoring after sync failed", "err", err)
	}
	r.markDirty()
}

func (r *Recomputer) markDirty() {
	select {
	case r.dirty <- struct{}{}:
	default: // a rebuild is already due
	}
}

// Run rebuilds the current quarter once at start and again after each
// sync, until ctx ends.
func (r *Recomputer) Run(ctx context.Context) {
	defer r.firstOnce.Do(func() { close(r.first) }) // never leave WaitFirst hanging
	r.markDirty()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.dirty:
		}
		start := time.Now()
		_, err := r.Report(ctx, "")
		r.firstOnce.Do(func() { close(r.first) })
		if err != nil {
			if ctx.Err() == nil {
				r.Log.Error("recomputing metrics", "err", err)
			}
			continue
		}
		r.Log.Info("metrics recomputed", "took", time.Since(start).Round(time.Millisecond))
	}
}

// WaitFirst blocks until Run's first rebuild has ended (or Run stopped),
// so tests and the bench time nothing against it.
func (r *Recomputer) WaitFirst(ctx context.Context) error {
	select {
	case <-r.first:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
