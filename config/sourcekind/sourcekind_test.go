package sourcekind_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/config/sourcekind"
)

// documentedKinds collects the kinds README.md's "Connecting your CRM"
// section and the example mappings name: every `kind: x` line and the
// `# mysql | postgres | …` list beside the first one.
func documentedKinds(t *testing.T) map[string][]string {
	t.Helper()
	where := map[string][]string{}
	kindLine := regexp.MustCompile(`(?m)^\s*kind:\s*([a-z0-9_]+)\s*(?:#\s*(.*))?$`)
	add := func(doc, text string) {
		for _, m := range kindLine.FindAllStringSubmatch(text, -1) {
			where[m[1]] = append(where[m[1]], doc)
			if strings.Contains(m[2], "|") {
				for _, k := range strings.Split(m[2], "|") {
					where[strings.TrimSpace(k)] = append(where[strings.TrimSpace(k)], doc+" (kind list)")
				}
			}
		}
	}
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	section := string(readme)
	start := strings.Index(section, "\n## Connecting your CRM")
	require.GreaterOrEqual(t, start, 0, `README.md has no "## Connecting your CRM" section`)
	section = section[start+1:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	add("README.md", section)
	examples, err := filepath.Glob("../../examples/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, examples)
	for _, p := range examples {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		add(filepath.Base(p), string(b))
	}
	return where
}

func TestEveryDocumentedKindIsRegisteredAndEveryRegisteredKindDocumented(t *testing.T) {
	docs := documentedKinds(t)
	for k, where := range docs {
		_, ok := sourcekind.Lookup(k)
		require.True(t, ok, "%v names source kind %q, which is not in sourcekind.All (%v)", where, k, sourcekind.Names())
	}
	for _, k := range sourcekind.Names() {
		require.Contains(t, docs, k, "source kind %q is registered but README.md's \"Connecting your CRM\" never names it", k)
	}
}

func TestSpecsAreWellFormed(t *testing.T) {
	names := sourcekind.Names()
	require.True(t, slices.IsSorted(names), "All is sorted by name")
	require.Len(t, slices.Compact(slices.Clone(names)), len(names), "no kind registered twice")
	for _, s := range sourcekind.All() {
		require.NotEmpty(t, s.Summary, s.Name)
		seen := map[string]bool{}
		for _, f := range s.AllFields() {
			require.False(t, seen[f.Name], "%s declares %s twice", s.Name, f.Name)
			seen[f.Name] = true
			require.NotEmpty(t, f.Type, "%s.%s", s.Name, f.Name)
			require.NotEmpty(t, f.Description, "%s.%s", s.Name, f.Name)
			require.NotEmpty(t, f.Example, "%s.%s", s.Name, f.Name)
		}
	}
}

func TestValidateReportsMissingRequiredFieldsAndTheKindsOwnCheck(t *testing.T) {
	mysql, ok := sourcekind.Lookup("mysql")
	require.True(t, ok)
	require.Equal(t, []sourcekind.Problem{{Field: "dsn_env",
		Message: "a mysql source needs dsn_env: the environment variable holding the DSN (never the DSN itself)"}},
		mysql.Validate(sourcekind.Values{"kind": "mysql"}))
	require.Empty(t, mysql.Validate(sourcekind.Values{"kind": "mysql", "dsn_env": "CRM_DSN"}))

	xlsx, _ := sourcekind.Lookup("xlsx")
	require.Equal(t, "path", xlsx.Validate(sourcekind.Values{"kind": "xlsx", "path": "/data/old.xls"})[0].Field)
	require.Empty(t, xlsx.Validate(sourcekind.Values{"kind": "xlsx", "path": "/data/Targets.XLSX"}))

	_, ok = sourcekind.Lookup("oracle")
	require.False(t, ok)
	require.Equal(t, `"oracle" is not a source kind (one of csv, mysql, postgres, xlsx)`, sourcekind.UnknownKind("oracle"))
}

var update = flag.Bool("update", false, "rewrite README.md's table of source kinds")

const (
	tableStart = "<!-- source kinds: generated from config/sourcekind (go test ./config/sourcekind -update) -->\n"
	tableEnd   = "<!-- end of source kinds -->"
)

func TestREADMEListsEveryKindsSettingsAsDeclared(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	readme := string(b)
	i := strings.Index(readme, tableStart)
	j := strings.Index(readme, tableEnd)
	require.True(t, i >= 0 && j > i, "README.md has no generated table of source kinds between %q and %q", tableStart, tableEnd)
	want := readme[:i+len(tableStart)] + sourcekind.Markdown() + readme[j:]
	if *update && want != readme {
		require.NoError(t, os.WriteFile("../../README.md", []byte(want), 0o644))
		return
	}
	require.Equal(t, want, readme, "README.md's table of source kinds is stale: go test ./config/sourcekind -update")
}
