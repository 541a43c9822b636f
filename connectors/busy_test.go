package connectors

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/clock"
	"salesbi/config"
)

// A second run of a table that is already syncing is refused (HTTP 409),
// never run alongside; the table's lock is released afterwards.
func TestRunsOfOneTableNeverOverlap(t *testing.T) {
	s := &Syncer{Clock: clock.System{}, Cfg: &config.Config{Tables: map[string]config.Table{"targets": {Source: "plan"}}}}
	m, ok := s.lock("targets")
	require.True(t, ok)
	_, err := s.SyncTable(context.Background(), nil, "targets", false)
	require.True(t, errors.Is(err, ErrBusy))
	require.Equal(t, apperr.Conflict, apperr.KindOf(err))
	m.Unlock()
	m2, ok := s.lock("targets")
	require.True(t, ok, "the lock is free again")
	m2.Unlock()
	_, ok = s.lock("visits")
	require.True(t, ok, "other tables are not held up")
}
