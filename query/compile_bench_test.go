package query

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"salesbi/model"
)

// BenchmarkCompile validates and compiles every golden spec for the
// identity and locale the case names (no database): the compile-time cost
// per chart spec.
func BenchmarkCompile(b *testing.B) {
	cases, err := filepath.Glob("testdata/*.json")
	if err != nil {
		b.Fatal(err)
	}
	type one struct {
		spec   Spec
		id     model.Identity
		locale string
	}
	var all []one
	for _, path := range cases {
		if strings.HasSuffix(path, ".args.json") {
			continue
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		var gc goldenCase
		if err := json.Unmarshal(raw, &gc); err != nil {
			b.Fatal(err)
		}
		s, err := ParseSpec(gc.Spec)
		if err != nil {
			b.Fatal(err)
		}
		id := model.DemoDirector
		if gc.Identity != nil {
			id = *gc.Identity
		}
		all = append(all, one{s, id, gc.Locale})
	}
	e := &Engine{Cal: goldenCal()}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range all {
			_, _, _ = e.Prepare(c.spec, c.id, c.locale) // error cases are part of the cost
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(all))/1000, "µs/spec")
}
