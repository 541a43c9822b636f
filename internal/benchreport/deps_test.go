package benchreport

import (
	"os/exec"
	"strings"
	"testing"
)

// No production package links the report or the demo generator: the
// report measures them from outside, and the demo company is written by
// the demo command and the tests only.
func TestProductionPackagesImportNoBenchCode(t *testing.T) {
	for _, pkg := range []string{"salesbi/connectors", "salesbi/query", "salesbi/metrics", "salesbi/dashboards", "salesbi/model"} {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		var bad []string
		for _, dep := range strings.Fields(string(out)) {
			if dep == "salesbi/internal/benchreport" || dep == "salesbi/internal/benchspecs" || dep == "salesbi/demo" || strings.HasPrefix(dep, "salesbi/demo/") {
				bad = append(bad, dep)
			}
		}
		if len(bad) > 0 {
			t.Errorf("%s imports %s (only its _test.go files may)", pkg, strings.Join(bad, ", "))
		}
	}
}

// Every section has a name of its own, so --only can pick it.
func TestSectionsNamedOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range sections {
		if s.Name == "" || s.Run == nil || seen[s.Name] {
			t.Errorf("section %q: empty, without Run, or listed twice", s.Name)
		}
		seen[s.Name] = true
	}
}
