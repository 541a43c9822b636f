package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"salesbi/browsertest"
	"salesbi/config"
	"salesbi/model"
)

// `salesbi sync --server URL` runs the sync inside the server that holds the
// database file and prints its runs.
func TestSyncThroughTheServer(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	csv := "工号,季度,目标金额,制定人\n11,2026-Q4,800000.00,director\n12,2026-Q4,\"1,250,000.50\",director\n"
	if err := os.WriteFile(filepath.Join(dir, "targets.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	yaml := `sources:
  plan:
    kind: csv
    path: ` + dir + `
    every: 24h
tables:
  targets:
    source: plan
    from: targets.csv
    columns: {rep_id: 工号, period: 季度, target_amount: 目标金额, set_by: 制定人}
`
	cfgPath := filepath.Join(dir, "salesbi.yaml")
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	db, err := model.Open(ctx, ":memory:", model.Options{TimeZone: "Asia/Shanghai", MemoryLimit: "1GB"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // after the server (cleanups run last first)
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Config: cfg})

	root := newRoot()
	root.SetArgs([]string{"sync", "--server", base, "--table", "targets", "--full"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	var n int
	var total string
	if err := db.QueryRowContext(ctx, `SELECT count(*), sum(target_amount)::VARCHAR FROM targets`).Scan(&n, &total); err != nil {
		t.Fatal(err)
	}
	if n != 2 || total != "2050000.50" {
		t.Fatalf("targets after the sync: %d rows, sum %s", n, total)
	}

	root.SetArgs([]string{"sync", "--server", base, "--table", "no_such_table", "--full=false"})
	err = root.Execute()
	if err == nil || !strings.Contains(err.Error(), "no_such_table") {
		t.Fatalf("syncing an unmapped table through the server gives %v", err)
	}
}
