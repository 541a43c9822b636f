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
	// The derived forms: running, ratio (also across datasets), per rep and
	// working day, measure filters; histogram bins.
	f.Add([]byte(`{"dataset":"leads","dimensions":[{"field":"created_at","grain":"week"},{"field":"channel"}],"measures":[{"agg":"count","running":true}],"filters":[{"field":"created_at","op":"relative","period":"this_quarter"}]}`))
	f.Add([]byte(`{"dataset":"leads","dimensions":[{"field":"created_at","grain":"week"}],"measures":[{"agg":"ratio","key":"conversion","num":{"agg":"count","dataset":"contracts","fields":{"created_at":"signed_at"},"filters":[{"field":"customer","op":"contains","values":["x'--"]}]},"den":{"agg":"count","filters":[{"field":"status","op":"in","values":["valid","converted"]}]}}],"filters":[{"field":"region","op":"eq","values":["华东"]}]}`))
	f.Add([]byte(`{"dataset":"visits","dimensions":[{"field":"visited_at","grain":"month"}],"measures":[{"agg":"count","per":["rep","working_day"]}],"filters":[{"field":"visited_at","op":"relative","period":"this_year"}]}`))
	f.Add([]byte(`{"dataset":"health_scores","dimensions":[{"field":"score","bin":5}],"measures":[{"agg":"count","key":"n","filters":[{"field":"grade","op":"eq","values":["C"]}]}]}`))
	f.Add([]byte(`{"dataset":"contracts","dimensions":[{"field":"signed_at","grain":"week"},{"field":"region"}],"measures":[{"field":"amount","agg":"sum"},{"agg":"count","running":true}],"filters":[{"field":"signed_at","op":"relative","period":"this_quarter"},{"field":"rep","op":"ne","values":["x"]}],"compare":["previous","year_ago"]}`))
	// Record listings sorted by several keys (one a joined field), paged;
	// the ge/le operators a histogram bin drills into.
	f.Add([]byte(`{"dataset":"opportunities","records":true,"sort":[{"column":"rep","desc":true},{"column":"amount"}],"limit":{"n":10},"offset":20,"filters":[{"field":"customer","op":"contains","values":["a'b"]}]}`))
	f.Add([]byte(`{"dataset":"leads","records":true,"sort":[{"column":"created_at"}],"limit":{"n":3},"filters":[{"field":"followed","op":"eq","values":[false]},{"field":"created_at","op":"ge","values":["2026-01-01"]}]}`))
	f.Add([]byte(`{"dataset":"health_scores","dimensions":[{"field":"grade"}],"measures":[{"agg":"count"}],"filters":[{"field":"score","op":"ge","values":[70]},{"field":"score","op":"lt","values":[75]}]}`))
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
	var measure func(m Measure)
	measure = func(m Measure) {
		out = append(out, m.Field, m.Agg, m.Key, m.Dataset)
		out = append(out, m.Per...)
		for k, v := range m.Fields {
			out = append(out, k, v)
		}
		out = append(out, filterStrings(m.Filters)...)
		for _, side := range []*Measure{m.Num, m.Den} {
			if side != nil {
				measure(*side)
			}
		}
	}
	for _, m := range s.Measures {
		measure(m)
	}
	out = append(out, filterStrings(s.Filters)...)
	out = append(out, s.Compare...)
	for _, k := range s.Sort {
		out = append(out, k.Column)
	}
	return append(out, s.Drill...)
}

func filterStrings(fs []Filter) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Field, f.Op, f.Period)
		for _, v := range f.Values {
			if str, ok := v.(string); ok {
				out = append(out, str)
			}
		}
	}
	return out
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
	for _, list := range [][]string{Grains, Aggregates, {Ratio}, Pers, Comparisons, Operators, ChartKinds, RelativePeriods()} {
		if contains(list, s) {
			return true
		}
	}
	return false
}

// rotateSpec changes every filter value string, the spec's and its
// measures' own (letters shifted by one; digits too unless the string is
// a date, which must stay valid).
func rotateSpec(s Spec) Spec {
	out := s
	out.Filters = rotateFilters(s.Filters)
	out.Measures = make([]Measure, len(s.Measures))
	for i, m := range s.Measures {
		out.Measures[i] = rotateMeasure(m)
	}
	return out
}

func rotateMeasure(m Measure) Measure {
	m.Filters = rotateFilters(m.Filters)
	if m.Num != nil {
		n := rotateMeasure(*m.Num)
		m.Num = &n
	}
	if m.Den != nil {
		d := rotateMeasure(*m.Den)
		m.Den = &d
	}
	return m
}

func rotateFilters(fs []Filter) []Filter {
	if fs == nil {
		return nil
	}
	out := make([]Filter, len(fs))
	for i, f := range fs {
		f.Values = append([]any{}, f.Values...)
		for j, v := range f.Values {
			if str, ok := v.(string); ok {
				f.Values[j] = rotate(str)
			}
		}
		out[i] = f
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
