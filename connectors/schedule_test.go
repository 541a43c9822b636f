package connectors_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/connectors"
	"salesbi/model"
)

// The scheduler syncs a source on its interval, runs background syncs
// under its own lifetime, and returns from Run only once they all have;
// after that it refuses new background syncs.
func TestSchedulerRunsOnTheIntervalAndStopsWithItsContext(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	csv := filepath.Join(dir, "targets.csv")
	require.NoError(t, os.WriteFile(csv, []byte("rep,quarter,amount\n1,2026-Q1,100\n"), 0o644))
	yaml := filepath.Join(dir, "salesbi.yaml")
	require.NoError(t, os.WriteFile(yaml, []byte(`
sources:
  plan: {kind: csv, path: `+csv+`, every: 100ms}
tables:
  targets:
    source: plan
    columns: {rep_id: rep, period: quarter, target_amount: amount}
`), 0o644))
	cfg, err := config.Load(yaml)
	require.NoError(t, err)
	db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "512MB"})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	sc := &connectors.Scheduler{Syncer: &connectors.Syncer{DB: db, Cfg: cfg, Clock: clock.System{}}, FirstWait: 10 * time.Millisecond}
	require.ErrorIs(t, sc.Go(connectors.Options{}), connectors.ErrNotRunning, "not started yet")

	runCtx, stop := context.WithCancel(ctx)
	returned := make(chan struct{})
	go func() { sc.Run(runCtx); close(returned) }()
	require.Eventually(t, func() bool {
		runs, err := connectors.ListRuns(ctx, db.DB, connectors.RunFilter{Table: "targets"})
		return err == nil && len(runs) >= 3
	}, 30*time.Second, 20*time.Millisecond, "the first run and two more on the 100ms interval")
	for sc.Go(connectors.Options{Full: true}) != nil { // Run may not have stored its context yet
		time.Sleep(time.Millisecond)
	}
	stop()
	select {
	case <-returned:
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	err = sc.Go(connectors.Options{})
	require.True(t, errors.Is(err, connectors.ErrNotRunning), "stopped: %v", err)
}
