package query_test

import (
	"testing"
	"time"

	"salesbi/clock"
	"salesbi/i18n"
	"salesbi/internal/benchspecs"
	"salesbi/model"
	"salesbi/query"
)

// BenchmarkCompileReportSpecs times chart spec → validated plan → SQL for
// each of the report's ten representative specs (benchspecs.Specs, no
// database), one sub-benchmark each: `salesbi bench --only "query compile"`
// prints the same as a table. BenchmarkCompile covers every golden spec.
func BenchmarkCompileReportSpecs(b *testing.B) {
	loc, err := time.LoadLocation(clock.DefaultZone)
	if err != nil {
		b.Fatal(err)
	}
	cal, err := clock.NewCalendar(clock.NewFixed(time.Date(2026, 11, 27, 9, 0, 0, 0, loc)), loc.String())
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range benchspecs.Specs {
		id := c.Identity
		if id.Role == model.RoleManager {
			id.RepID = 2
		}
		b.Run(c.Name, func(b *testing.B) {
			for b.Loop() {
				p, err := query.Validate(c.Spec, id, cal, i18n.ZH)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := query.Compile(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
