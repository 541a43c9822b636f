package query

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/model"
)

var update = flag.Bool("update", false, "rewrite the golden .sql and .args.json files in testdata/")

// goldenCase is query/testdata/<case>.json: a spec, and optionally who asks
// and in which language.
type goldenCase struct {
	Spec     json.RawMessage `json:"spec"`
	Identity *model.Identity `json:"identity,omitempty"`
	Locale   string          `json:"locale,omitempty"`
	// Holidays are the business days off the engine is given (YYYY-MM-DD).
	Holidays []string `json:"holidays,omitempty"`
}

// caseHolidays reads a case's holidays as business-zone midnights.
func caseHolidays(t testing.TB, path string) []time.Time {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var gc goldenCase
	require.NoError(t, json.Unmarshal(b, &gc), path)
	var out []time.Time
	for _, h := range gc.Holidays {
		d, err := time.ParseInLocation("2006-01-02", h, goldenCal().Loc)
		require.NoError(t, err, path)
		out = append(out, d)
	}
	return out
}

func loadCase(t *testing.T, path string) (Spec, model.Identity, string) {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var gc goldenCase
	require.NoError(t, json.Unmarshal(b, &gc), path)
	spec, err := ParseSpec(gc.Spec)
	require.NoError(t, err, path)
	id := model.DemoDirector
	if gc.Identity != nil {
		id = *gc.Identity
	}
	return spec, id, gc.Locale
}

// TestGolden compiles every testdata/<case>.json and compares the SQL and
// arguments with <case>.sql and <case>.args.json; a spec that should fail
// has its problem list in <case>.sql instead. Each valid case then runs on
// the database (the demo company when it is available, else the fixture).
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	var specs []string
	for _, c := range cases {
		if !strings.HasSuffix(c, ".args.json") {
			specs = append(specs, c)
		}
	}
	require.GreaterOrEqual(t, len(specs), 30, "the issue asks for at least 30 golden cases")
	db := goldenDB(t)
	for _, path := range specs {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			spec, id, locale := loadCase(t, path)
			var gotSQL, gotArgs string
			p, q, err := (&Engine{Cal: goldenCal(), Holidays: caseHolidays(t, path)}).Prepare(spec, id, locale)
			if err != nil {
				require.Equal(t, apperr.BadInput, apperr.KindOf(err), "only bad-input errors belong in goldens: %v", err)
				gotSQL = "-- error: " + strings.Join(apperr.ProblemsOf(err), "\n-- error: ") + "\n"
			} else {
				gotSQL = q.SQL + "\n"
				a, err := json.MarshalIndent(q.Args, "", "  ")
				require.NoError(t, err)
				gotArgs = string(a) + "\n"
			}
			base := strings.TrimSuffix(path, ".json")
			compareGolden(t, base+".sql", gotSQL)
			if gotArgs != "" {
				compareGolden(t, base+".args.json", gotArgs)
				rows, err := Execute(context.Background(), db.DB, q, goldenCal().Loc)
				require.NoError(t, err, "executing %s", name)
				for _, r := range rows {
					require.Len(t, r, len(p.Columns))
				}
			}
		})
	}
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run `go test ./query -update`")
	require.Equal(t, string(want), got, "%s differs; if the change is intended run `go test ./query -update`", path)
}
