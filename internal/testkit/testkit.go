// Package testkit holds the set-ups several packages' tests share: a small
// CSV source mapped onto the targets table, and a database in memory. Only
// _test.go files import it.
package testkit

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/config"
	"salesbi/model"
)

// TargetsCSV writes a CSV of targets (header rep,quarter,amount, then
// rows) and a salesbi.yaml mapping it as source "plan", synced every
// `every`, onto the targets table; it returns the loaded config and the
// CSV's path (a test may rewrite the file to make a sync fail).
func TargetsCSV(t testing.TB, rows, every string) (*config.Config, string) {
	t.Helper()
	dir := t.TempDir()
	csv := filepath.Join(dir, "targets.csv")
	require.NoError(t, os.WriteFile(csv, []byte("rep,quarter,amount\n"+rows), 0o644))
	yaml := filepath.Join(dir, "salesbi.yaml")
	require.NoError(t, os.WriteFile(yaml, []byte(`
sources:
  plan: {kind: csv, path: `+csv+`, every: `+every+`}
tables:
  targets:
    source: plan
    columns: {rep_id: rep, period: quarter, target_amount: amount}
`), 0o644))
	cfg, err := config.Load(yaml)
	require.NoError(t, err)
	return cfg, csv
}

// MemDB opens an empty canonical model in memory in cfg's business zone,
// closed when the test ends (after cleanups registered later, such as a
// server's shutdown).
func MemDB(t testing.TB, cfg *config.Config, memoryLimit string) *model.DB {
	t.Helper()
	db, err := model.Open(context.Background(), ":memory:", model.Options{MemoryLimit: memoryLimit, TimeZone: cfg.Business.TimeZone})
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}
