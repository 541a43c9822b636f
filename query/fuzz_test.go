package query

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/model"
)

var fuzzIdentities = []model.Identity{
	model.DemoDirector,
	{UserID: 2, Login: "m", Role: model.RoleManager, RepID: 5},
	{UserID: 3, Login: "r", Role: model.RoleRep, RepID: 3},
}

var placeholder = regexp.MustCompile(`\$[0-9]+`)

// FuzzCompile feeds arbitrary bytes to the spec parser, validator and
// compiler (seed corpus in testdata/fuzz/FuzzCompile). It must never
// panic, every placeholder must match an argument, and no string value
// from the spec may reach the SQL text: the spec is compiled a second time
// with every free string changed (letters and digits rotated) and the SQL
// text must come out identical, and any spec string of three or more bytes
// found in the SQL must be found there in the second run too (coincidence
// with catalog text, e.g. the value "ORDER"), never only in the first.
func FuzzCompile(f *testing.F) {
	f.Add([]byte(`{"dataset":"leads","dimensions":[{"field":"region"}],"measures":[{"agg":"count"}],"filters":[{"field":"status","op":"eq","values":["valid'; DROP TABLE leads; --"]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := ParseSpec(data)
		if err != nil {
			return
		}
		for _, id := range fuzzIdentities {
			p, err := Validate(spec, id, testCal, "zh-CN")
			if err != nil {
				require.Equal(t, apperr.BadInput, apperr.KindOf(err), "validation errors are bad input: %v", err)
				continue
			}
			q, err := Compile(p)
			require.NoError(t, err)
			checkPlaceholders(t, q)
			rotated := rotateSpec(spec)
			p2, err := Validate(rotated, id, testCal, "zh-CN")
			if err != nil {
				t.Fatalf("the spec with rotated values no longer validates: %v", err)
			}
			q2, err := Compile(p2)
			require.NoError(t, err)
			require.Equal(t, q.SQL, q2.SQL, "changing only values changed the SQL text: a value reached the SQL")
			for _, s := range specStrings(spec) {
				if len(s) >= 3 && !isCatalogWord(s) && strings.Contains(q.SQL, s) {
					require.Contains(t, q2.SQL, s, "spec string %q appears in the SQL text", s)
				}
			}
		}
	})
}

func checkPlaceholders(t *testing.T, q Compiled) {
	seen := map[int]bool{}
	for _, m := range placeholder.FindAllString(q.SQL, -1) {
		n, _ := strconv.Atoi(m[1:])
		require.True(t, n >= 1 && n <= len(q.Args), "placeholder %s without an argument (%d args)", m, len(q.Args))
		seen[n] = true
	}
	require.Equal(t, len(q.Args), len(seen), "every argument is used by a placeholder")
}

// specStrings lists every string in a spec.
func specStrings(s Spec) []string {
	out := []string{s.Dataset, s.Chart}
	for _, d := range s.Dimensions {
		out = append(out, d.Field, d.Grain)
	}
	for _, m := range s.Measures {
		out = append(out, m.Field, m.Agg)
	}
	for _, f := range s.Filters {
		out = append(out, f.Field, f.Op, f.Period)
		for _, v := range f.Values {
			if str, ok := v.(string); ok {
				out = append(out, str)
			}
		}
	}
	for _, k := range s.Sort {
		out = append(out, k.Column)
	}
	return append(out, s.Drill...)
}

// isCatalogWord: names the spec must use to mean anything (datasets,
// fields, vocabularies, column keys) are looked up, and the catalog's own
// text for them is emitted; they are not free strings.
func isCatalogWord(s string) bool {
	if _, ok := Lookup(s); ok {
		return true
	}
	for _, d := range Datasets() {
		if _, ok := d.Field(s); ok {
			return true
		}
		for _, f := range d.Fields {
			for _, g := range Grains {
				if s == f.Name+"_"+g {
					return true
				}
			}
			for _, a := range Aggregates {
				if s == a+"_"+f.Name {
					return true
				}
			}
		}
	}
	for _, list := range [][]string{Grains, Aggregates, Operators, ChartKinds, RelativePeriods()} {
		if contains(list, s) {
			return true
		}
	}
	return false
}

// rotateSpec changes every filter value string (letters shifted by one;
// digits too unless the string is a date, which must stay valid).
func rotateSpec(s Spec) Spec {
	out := s
	out.Filters = make([]Filter, len(s.Filters))
	for i, f := range s.Filters {
		f.Values = append([]any{}, f.Values...)
		for j, v := range f.Values {
			if str, ok := v.(string); ok {
				f.Values[j] = rotate(str)
			}
		}
		out.Filters[i] = f
	}
	return out
}

func rotate(s string) string {
	_, dateErr := time.Parse("2006-01-02", s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == 'z':
			return 'a'
		case r == 'Z':
			return 'A'
		case r >= 'a' && r < 'z', r >= 'A' && r < 'Z':
			return r + 1
		case r >= '0' && r <= '9' && dateErr != nil:
			return '0' + (r-'0'+1)%10
		case r > unicode.MaxASCII && r < unicode.MaxRune-1:
			return r + 1
		}
		return r
	}, s)
}
