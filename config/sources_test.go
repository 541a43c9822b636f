package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/config/sourcekind"
)

// Every setting a kind's spec declares must be a key of Source and reach
// the spec through values(); otherwise a required field could never be met.
func TestEveryDeclaredSourceFieldIsAYAMLKeyOfSource(t *testing.T) {
	keys := map[string]bool{}
	st := reflect.TypeOf(Source{})
	for i := 0; i < st.NumField(); i++ {
		if k, _, _ := strings.Cut(st.Field(i).Tag.Get("yaml"), ","); k != "" && k != "-" {
			keys[k] = true
		}
	}
	full := Source{Kind: "k", DSNEnv: "d", Path: "p", Every: 1, TimeZone: "z", Timeout: 1}
	for _, s := range sourcekind.All() {
		for _, f := range s.AllFields() {
			require.True(t, keys[f.Name], "%s declares %q, which is not a yaml key of config.Source", s.Name, f.Name)
			require.NotEmpty(t, full.values()[f.Name], "Source.values() does not carry %q", f.Name)
		}
	}
}

func TestSourceValidationAsksTheRegistry(t *testing.T) {
	p := filepath.Join(t.TempDir(), "salesbi.yaml")
	require.NoError(t, os.WriteFile(p, []byte(`sources:
  crm: {kind: oracle, dsn_env: X}
  db: {kind: postgres}
  files: {kind: csv}
  book: {kind: xlsx, path: /data/plan.xls}
tables:
  customers: {source: db, columns: {customer_id: id}}
  reps: {source: files, columns: {rep_id: id}}
`), 0o644))
	_, err := Load(p)
	require.Error(t, err)
	for _, want := range []string{
		`sources.crm.kind: "oracle" is not a source kind (one of csv, mysql, postgres, xlsx)`,
		`sources.db.dsn_env: a postgres source needs dsn_env`,
		`sources.files.path: a csv source needs path`,
		`sources.book.path: "/data/plan.xls" is not an .xlsx (or .xlsm) workbook`,
		`tables.customers: give exactly one of from or select`,
	} {
		require.ErrorContains(t, err, want)
	}
	require.NotContains(t, err.Error(), "tables.reps: give exactly one", "a file kind's table needs neither from nor select")
}
