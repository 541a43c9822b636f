package crmdemo

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/config"
	"salesbi/model"
)

var update = flag.Bool("update", false, "rewrite examples/crm-*.yaml from MappingYAML")

// The shipped examples are exactly the mapping of this schema, and they load.
func TestExamplesAreCurrent(t *testing.T) {
	for _, d := range []Dialect{MySQL, Postgres} {
		path := filepath.Join("..", "..", "examples", "crm-"+string(d)+".yaml")
		want := MappingYAML(d, "crm", "SALESBI_CRM_DSN", "Asia/Shanghai")
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err, "run go test ./demo/crmdemo -update")
		require.Equal(t, want, string(got), "%s is stale: run go test ./demo/crmdemo -update", path)
		cfg, err := config.Load(path)
		require.NoError(t, err)
		require.Len(t, cfg.Tables, len(Schema))
	}
}

// Every CRM table feeds a canonical table and every canonical column but
// updated_at is named once.
func TestSchemaCoversCanonicalTables(t *testing.T) {
	seen := map[string]bool{}
	for _, tb := range Schema {
		require.Contains(t, model.CanonicalTables, tb.Canon)
		require.False(t, seen[tb.Canon], tb.Canon)
		seen[tb.Canon] = true
		cols := map[string]bool{}
		for _, c := range tb.Cols {
			require.False(t, cols[c.Canon], "%s.%s twice", tb.Canon, c.Canon)
			cols[c.Canon] = true
		}
	}
}
