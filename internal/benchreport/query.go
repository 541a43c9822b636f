package benchreport

import (
	"context"
	"fmt"
	"time"

	"salesbi/clock"
	"salesbi/internal/benchspecs"
	"salesbi/model"
	"salesbi/query"
)

// queryCompile times chart spec → validated plan → SQL for the
// representative specs, no database. (query's BenchmarkCompile measures
// the same with go test.)
func queryCompile(ctx context.Context, e *Env) error {
	cal, _ := clock.NewCalendar(clock.NewFixed(e.Anchor.Add(9*time.Hour)), e.Loc.String())
	var rows [][]string
	const n = 2000
	for _, b := range benchspecs.Specs {
		id := b.Identity
		if id.Role == model.RoleManager {
			id.RepID = 2
		}
		start := time.Now()
		for i := 0; i < n; i++ {
			p, err := query.Validate(b.Spec, id, cal, "zh-CN")
			if err != nil {
				return fmt.Errorf("%s: %w", b.Name, err)
			}
			if _, err := query.Compile(p); err != nil {
				return fmt.Errorf("%s: %w", b.Name, err)
			}
		}
		rows = append(rows, []string{b.Name, fmt.Sprintf("%.1f", float64(time.Since(start).Nanoseconds())/n/1000)})
	}
	e.Table(fmt.Sprintf("Chart spec → validated plan → SQL (mean of %d, no database)", n), []string{"spec", "µs per compile"}, rows)
	return nil
}
