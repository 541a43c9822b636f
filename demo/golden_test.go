package demo

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The demo company of seed 1 at 2026-11-27, table by table (rows and an
// order-free hash of every row). Any change to the generated data shows up
// here; when it is intended, rewrite with `go test ./demo -run Golden -update`
// and say so in the commit, since other parts' figures move with it.
func TestGoldenChecksums(t *testing.T) {
	type entry struct {
		Rows uint64 `json:"rows"`
		Hash uint64 `json:"hash"`
	}
	got := map[string]entry{}
	for tb, c := range checksums(t, generated(t, 1, "2026-11-27")) {
		got[tb] = entry{Rows: c[0], Hash: c[1]}
	}
	path := filepath.Join("testdata", "checksums_seed1_2026-11-27.json")
	if *update {
		b, err := json.MarshalIndent(got, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, append(b, '\n'), 0o644))
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file: run go test ./demo -run Golden -update")
	want := map[string]entry{}
	require.NoError(t, json.Unmarshal(b, &want))
	require.Equal(t, want, got)
}
