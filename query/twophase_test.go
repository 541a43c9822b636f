package query

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
)

// TestTwoPhaseSameResults runs every golden case that compiles to the
// two-phase form on the shared database, and the same plan in the plain
// one-phase form, and requires the same answer: the same groups with the
// same values (floating sums to 1e-9 relative, since they add in another
// order), or for a listing the same newest rows.
func TestTwoPhaseSameResults(t *testing.T) {
	db := goldenDB(t)
	cases, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	ran, withData := 0, 0
	for _, path := range cases {
		if strings.HasSuffix(path, ".args.json") {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		spec, id, locale := loadCase(t, path)
		p, err := Validate(spec, id, goldenCal(), locale)
		if err != nil {
			require.Equal(t, apperr.BadInput, apperr.KindOf(err), name)
			continue
		}
		if _, ok := splitTwoPhase(p); !ok {
			continue
		}
		ran++
		t.Run(name, func(t *testing.T) {
			two, err := Compile(p)
			require.NoError(t, err)
			one, err := compileOnePhase(p)
			require.NoError(t, err)
			require.NotEqual(t, one.SQL, two.SQL)
			ctx := context.Background()
			got, err := Execute(ctx, db.DB, two, goldenCal().Loc)
			require.NoError(t, err, two.SQL)
			want, err := Execute(ctx, db.DB, one, goldenCal().Loc)
			require.NoError(t, err, one.SQL)
			if len(want) > 0 {
				withData++
			}
			if len(p.Records) > 0 {
				sameListing(t, want, got)
				return
			}
			sameGroups(t, want, got, len(p.Dims))
		})
	}
	require.GreaterOrEqual(t, ran, 20, "most golden cases should take the two-phase form")
	require.GreaterOrEqual(t, withData, 20, "most compared cases should find data")
}

// sameGroups compares aggregated rows keyed by their dimension values.
func sameGroups(t *testing.T, want, got [][]any, dims int) {
	t.Helper()
	require.Len(t, got, len(want))
	index := func(rows [][]any) map[string][]any {
		m := map[string][]any{}
		for _, r := range rows {
			k := fmt.Sprint(r[:dims]...)
			require.NotContains(t, m, k, "group %s twice", k)
			m[k] = r[dims:]
		}
		return m
	}
	w, g := index(want), index(got)
	for k, wv := range w {
		gv, ok := g[k]
		require.True(t, ok, "group %s missing", k)
		for i := range wv {
			sameValue(t, wv[i], gv[i], k)
		}
	}
	// The order is the same too, except among equal sort keys.
	for i := range want {
		if fmt.Sprint(want[i][:dims]...) != fmt.Sprint(got[i][:dims]...) {
			sameValue(t, want[i][dims], got[i][dims], "row "+fmt.Sprint(i))
		}
	}
}

func sameValue(t *testing.T, want, got any, where string) {
	t.Helper()
	wf, wok := want.(float64)
	gf, gok := got.(float64)
	if wok && gok {
		require.InDelta(t, wf, gf, 1e-9*math.Max(1, math.Abs(wf)), where)
		return
	}
	require.Equal(t, want, got, where)
}

// sameListing: the newest-first times are identical, and so is every row
// except among those tied on the oldest time (the cut may pick any of them).
func sameListing(t *testing.T, want, got [][]any) {
	t.Helper()
	require.Len(t, got, len(want))
	times := func(rows [][]any) []string {
		var out []string
		for _, r := range rows {
			out = append(out, fmt.Sprint(r[0]))
		}
		return out
	}
	require.Equal(t, times(want), times(got))
	last := fmt.Sprint(want[len(want)-1][0])
	rows := func(rows [][]any) []string {
		var out []string
		for _, r := range rows {
			if fmt.Sprint(r[0]) != last {
				out = append(out, fmt.Sprint(r...))
			}
		}
		sort.Strings(out)
		return out
	}
	require.Equal(t, rows(want), rows(got))
}
