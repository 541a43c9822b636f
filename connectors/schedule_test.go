package connectors_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/connectors"
	"salesbi/internal/testkit"
)

// The scheduler syncs a source on its interval, runs background syncs
// under its own lifetime, and returns from Run only once they all have;
// after that it refuses new background syncs.
func TestSchedulerRunsOnTheIntervalAndStopsWithItsContext(t *testing.T) {
	ctx := context.Background()
	cfg, _ := testkit.TargetsCSV(t, "1,2026-Q1,100\n", "100ms")
	db := testkit.MemDB(t, cfg, "512MB")
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
	err := sc.Go(connectors.Options{})
	require.True(t, errors.Is(err, connectors.ErrNotRunning), "stopped: %v", err)
}
