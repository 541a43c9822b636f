package query

import (
	"context"
	"encoding/json"
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
			if _, dup := m[k]; dup {
				t.Fatalf("group %s twice", k)
			}
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

// TestTwoPhaseEveryField builds specs over every dataset in the catalog —
// each dimension alone and beside a second one, time fields by month,
// counts, sums, averages, minimums, shares, top N with and without others,
// record listings — for a director, a manager and a rep, and requires the
// two-phase answer to equal the one-phase answer wherever the split is
// taken. It covers joins the golden cases do not (metrics datasets,
// lookups reached through a fact table, restriction joins).
func TestTwoPhaseEveryField(t *testing.T) {
	db := goldenDB(t)
	ctx := context.Background()
	compared := 0
	for _, ds := range Datasets() {
		var dims []Dimension
		var measure string
		for _, f := range ds.Fields {
			switch f.Kind {
			case KindDimension:
				if f.Type != TypeNumber { // ids: a group per row, nothing folds
					dims = append(dims, Dimension{Field: f.Name})
				}
			case KindTime:
				dims = append(dims, Dimension{Field: f.Name, Grain: "month"})
			case KindMeasure:
				if measure == "" {
					measure = f.Name
				}
			}
		}
		measures := [][]Measure{{{Agg: "count"}}, {{Agg: "share"}}}
		if measure != "" {
			measures = append(measures, []Measure{{Field: measure, Agg: "sum"}, {Field: measure, Agg: "avg"}, {Field: measure, Agg: "min"}})
		}
		var specs []Spec
		for i, d := range dims {
			for _, ms := range measures {
				specs = append(specs, Spec{Dataset: ds.Name, Dimensions: []Dimension{d}, Measures: ms})
			}
			other := dims[(i+1)%len(dims)]
			if other.Field != d.Field {
				specs = append(specs, Spec{Dataset: ds.Name, Dimensions: []Dimension{d, other}, Measures: measures[0]})
			}
			specs = append(specs, Spec{Dataset: ds.Name, Dimensions: []Dimension{d}, Measures: measures[len(measures)-1], Limit: &Limit{N: 3}})
			if d.Grain == "" {
				specs = append(specs, Spec{Dataset: ds.Name, Dimensions: []Dimension{d}, Measures: measures[0], Limit: &Limit{N: 3, Others: true}})
			}
		}
		specs = append(specs, Spec{Dataset: ds.Name, Records: true, Limit: &Limit{N: 50}})
		// Listings sorted by each record column, asc and desc in turn,
		// with the first column as a second key, one page in.
		for i, name := range ds.Records {
			specs = append(specs, Spec{Dataset: ds.Name, Records: true, Limit: &Limit{N: 20}, Offset: 10,
				Sort: []SortKey{{Column: name, Desc: i%2 == 1}, {Column: ds.Records[0], Desc: true}}})
		}
		for _, s := range specs {
			for _, id := range fuzzIdentities {
				p, err := Validate(s, id, goldenCal(), "zh-CN")
				if err != nil {
					continue // e.g. others on a numeric dimension
				}
				if _, ok := splitTwoPhase(p); !ok {
					continue
				}
				two, err := Compile(p)
				require.NoError(t, err)
				one, err := compileOnePhase(p)
				require.NoError(t, err)
				got, err := Execute(ctx, db.DB, two, goldenCal().Loc)
				require.NoError(t, err, two.SQL)
				want, err := Execute(ctx, db.DB, one, goldenCal().Loc)
				require.NoError(t, err, one.SQL)
				compared++
				js, _ := json.Marshal(s)
				name := fmt.Sprintf("%s as %s", js, id.Role)
				t.Run(name, func(t *testing.T) {
					if len(p.Records) > 0 {
						if len(want) > 0 {
							sameListing(t, want, got)
						}
						// The order is total (recordKeys' tie-break), so
						// both forms cut exactly the same page.
						require.Equal(t, want, got)
						return
					}
					sameGroups(t, want, got, len(p.Dims))
				})
			}
		}
	}
	require.Greater(t, compared, 200)
}
