// Package connectors keeps the canonical model in DuckDB in step with the
// company's CRM/ERP: MySQL/MariaDB, PostgreSQL, CSV and .xlsx sources, a
// mapping from salesbi.yaml, full loads swapped in atomically, incremental
// upserts with delete reconciliation, and a log of every run.
package connectors

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"salesbi/apperr"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
	"salesbi/progress"
)

// Syncer runs syncs of the tables the config maps. It is safe for
// concurrent use; runs of the same table never overlap.
type Syncer struct {
	DB       *model.DB
	Cfg      *config.Config
	Log      *slog.Logger
	Bus      *model.Bus        // may be nil
	Progress progress.Reporter // may be nil
	// Clock stamps the runs' started and finished times. Required: it is
	// the server's clock (Calendar.Clock), so a test that sets "now" sees it
	// in the sync log as on the boards. Durations are measured with
	// time.Since, which the clock does not affect.
	Clock clock.Clock
	// OnRows, when set, sees the count of rows in the staging table after
	// each committed batch (every FlushEvery rows) and at the end.
	OnRows func(table string, staged int64)
	// FlushEvery rows one staging INSERT commits (default 983,040).
	FlushEvery int
	// Writer chooses how rows reach the staging table: DuckDB's appender
	// where possible (the zero value), or always the stage feed.
	Writer StageWriter

	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// ErrBusy means a run of the table is already going; wait for it.
var ErrBusy = errors.New("a sync of this table is already running")

// Options of one sync call.
type Options struct {
	// Tables to sync; empty means every mapped table.
	Tables []string
	// Source restricts to the tables of one source.
	Source string
	// Full forces a full load even where a watermark exists.
	Full bool
}

// ErrNoClock means a Syncer was built without its Clock.
var ErrNoClock = errors.New("connectors.Syncer has no Clock: pass the server's clock")

func (s *Syncer) now() time.Time { return s.Clock.Now() }

func (s *Syncer) lock(table string) (*sync.Mutex, bool) {
	s.mu.Lock()
	if s.locks == nil {
		s.locks = map[string]*sync.Mutex{}
	}
	m, ok := s.locks[table]
	if !ok {
		m = &sync.Mutex{}
		s.locks[table] = m
	}
	s.mu.Unlock()
	return m, m.TryLock()
}

// Tables lists the mapped tables an Options selects, parents first.
func (s *Syncer) Tables(o Options) ([]string, error) {
	var out []string
	want := map[string]bool{}
	for _, t := range o.Tables {
		if _, ok := s.Cfg.Tables[t]; !ok {
			return nil, apperr.New(apperr.BadInput, "cannot sync", fmt.Sprintf("table %q is not mapped under tables in %s", t, s.Cfg.At(0, "tables")))
		}
		want[t] = true
	}
	for _, t := range model.CanonicalTables {
		spec, ok := s.Cfg.Tables[t]
		if !ok || (len(want) > 0 && !want[t]) || (o.Source != "" && spec.Source != o.Source) {
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

// Sync runs the selected tables, each source opened once. It returns every
// run (failed ones too) and an error joining the failures.
func (s *Syncer) Sync(ctx context.Context, o Options) ([]Run, error) {
	if s.Clock == nil {
		return nil, ErrNoClock
	}
	tables, err := s.Tables(o)
	if err != nil {
		return nil, err
	}
	sources := map[string]Source{}
	defer func() {
		for _, src := range sources {
			src.Close()
		}
	}()
	var runs []Run
	var errs []error
	for _, t := range tables {
		name := s.Cfg.Tables[t].Source
		src, ok := sources[name]
		if !ok {
			src, err = OpenSource(ctx, s.Cfg, name)
			if err != nil {
				run := s.failed(ctx, Run{Source: name, Table: t, Mode: "full", StartedAt: s.now()}, err)
				runs, errs = append(runs, run), append(errs, err)
				continue
			}
			sources[name] = src
		}
		run, err := s.SyncTable(ctx, src, t, o.Full)
		runs = append(runs, run)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return runs, errors.Join(errs...)
}

// SyncTable runs one table from an open source. A failure is logged as a
// failed run and leaves the table's data and watermark exactly as they were.
func (s *Syncer) SyncTable(ctx context.Context, src Source, table string, forceFull bool) (Run, error) {
	if s.Clock == nil {
		return Run{}, ErrNoClock
	}
	spec := s.Cfg.Tables[table]
	run := Run{Source: spec.Source, Table: table, Mode: "full", StartedAt: s.now()}
	m, ok := s.lock(table)
	if !ok {
		return run, apperr.Wrap(apperr.Conflict, "sync of "+table, ErrBusy)
	}
	defer m.Unlock()
	if d := s.Cfg.Sources[spec.Source].Timeout; d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	change, err := s.runTable(ctx, src, table, forceFull, &run)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			err = fmt.Errorf("%w (%v)", err, ctx.Err())
		}
		err = fmt.Errorf("sync of %s from %s failed; the previous data and watermark are kept: %w", table, spec.Source, err)
		return s.failed(context.WithoutCancel(ctx), run, err), err
	}
	if s.Log != nil {
		s.Log.Info("sync committed", "source", run.Source, "table", table, "mode", run.Mode,
			"read", run.RowsRead, "written", run.RowsWritten, "deleted", run.RowsDeleted,
			"took", run.FinishedAt.Sub(run.StartedAt).Round(time.Millisecond),
			"staging", run.StageTook.Round(time.Millisecond), "swap", run.SwapTook.Round(time.Millisecond))
	}
	if s.Bus != nil && change != nil {
		s.Bus.Publish(*change)
	}
	return run, nil
}

// failed records a failed run (best effort: the database may be the thing
// that failed, e.g. a full disk) and returns it.
func (s *Syncer) failed(ctx context.Context, run Run, err error) Run {
	run.Status, run.Error, run.FinishedAt = "failed", err.Error(), s.now()
	if s.Log != nil {
		s.Log.Error("sync failed", "source", run.Source, "table", run.Table, "err", err)
	}
	if id, ierr := insertRun(ctx, s.DB.DB, run); ierr == nil {
		run.RunID = id
	} else if s.Log != nil {
		s.Log.Error("could not log the failed sync run", "table", run.Table, "err", ierr)
	}
	return run
}
