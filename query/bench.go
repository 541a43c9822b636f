package query

import (
	"context"
	"fmt"
	"time"

	"salesbi/clock"
	bench "salesbi/internal/benchreport"
	"salesbi/model"
)

// BenchSpecs are ten representative builder specs: the article's trend
// and heatmap, the stand-up's yesterday-by-region, a top N with others, a
// median, a share, a manager's restricted view, a join chain and a record
// listing. Both the compile bench here and the /api/query bench in
// dashboards run them.
var BenchSpecs = []struct {
	Name     string
	Spec     Spec
	Identity model.Identity
}{
	{"leads daily × region, valid", Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "created_at", Grain: "day"}, {Field: "region"}},
		Measures: []Measure{{Agg: "count"}}, Filters: []Filter{{Field: "status", Op: "eq", Values: []any{"valid"}}}, Chart: "line"}, model.DemoDirector},
	{"leads industry × region", Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "industry"}, {Field: "region"}},
		Measures: []Measure{{Agg: "count"}}, Chart: "heatmap"}, model.DemoDirector},
	{"visits by month", Spec{Dataset: "visits", Dimensions: []Dimension{{Field: "visited_at", Grain: "month"}},
		Measures: []Measure{{Agg: "count"}}, Chart: "line"}, model.DemoDirector},
	{"visits top 10 customers + others", Spec{Dataset: "visits", Dimensions: []Dimension{{Field: "customer"}},
		Measures: []Measure{{Agg: "count"}}, Limit: &Limit{N: 10, Others: true}, Chart: "pie"}, model.DemoDirector},
	{"visits entry latency median by rep, last 30 days", Spec{Dataset: "visits", Dimensions: []Dimension{{Field: "rep"}},
		Measures: []Measure{{Field: "entry_hours", Agg: "median"}}, Filters: []Filter{{Field: "visited_at", Op: "relative", Period: "last_30_days"}}, Chart: "bar"}, model.DemoDirector},
	{"yesterday's valid leads by region", Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count"}},
		Filters: []Filter{{Field: "created_at", Op: "relative", Period: "yesterday"}, {Field: "status", Op: "eq", Values: []any{"valid"}}}, Chart: "bar"}, model.DemoDirector},
	{"opportunity amount by stage, this quarter", Spec{Dataset: "opportunities", Dimensions: []Dimension{{Field: "stage"}},
		Measures: []Measure{{Field: "amount", Agg: "sum"}}, Filters: []Filter{{Field: "created_at", Op: "relative", Period: "this_quarter"}}, Chart: "funnel"}, model.DemoDirector},
	{"contract share by industry (compiled as a manager)", Spec{Dataset: "contracts", Dimensions: []Dimension{{Field: "industry"}},
		Measures: []Measure{{Field: "amount", Agg: "share"}}, Chart: "pie"}, model.Identity{UserID: 2, Login: "bench-manager", Role: model.RoleManager}},
	{"stage changes region × stage", Spec{Dataset: "stage_history", Dimensions: []Dimension{{Field: "region"}, {Field: "to_stage"}},
		Measures: []Measure{{Agg: "count"}}, Chart: "stacked_bar"}, model.DemoDirector},
	{"lead records, last 7 days", Spec{Dataset: "leads", Records: true, Limit: &Limit{N: 200},
		Filters: []Filter{{Field: "created_at", Op: "relative", Period: "last_7_days"}}}, model.DemoDirector},
}

// BenchManager finds a manager rep (one with reports) for the restricted spec.
func BenchManager(ctx context.Context, db *model.DB) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, `SELECT manager_id FROM reps WHERE manager_id IS NOT NULL
		GROUP BY manager_id ORDER BY count(*) DESC, manager_id LIMIT 1`).Scan(&id)
	return id, err
}

func init() {
	bench.Register(bench.Section{Name: "query compile", Order: 40, Run: func(ctx context.Context, e *bench.Env) error {
		cal, _ := clock.NewCalendar(clock.NewFixed(e.Anchor.Add(9*time.Hour)), e.Loc.String())
		var rows [][]string
		const n = 2000
		for _, b := range BenchSpecs {
			id := b.Identity
			if id.Role == model.RoleManager {
				id.RepID = 2
			}
			start := time.Now()
			for i := 0; i < n; i++ {
				p, err := Validate(b.Spec, id, cal, "zh-CN")
				if err != nil {
					return fmt.Errorf("%s: %w", b.Name, err)
				}
				if _, err := Compile(p); err != nil {
					return fmt.Errorf("%s: %w", b.Name, err)
				}
			}
			rows = append(rows, []string{b.Name, fmt.Sprintf("%.1f", float64(time.Since(start).Nanoseconds())/n/1000)})
		}
		e.Table(fmt.Sprintf("Chart spec → validated plan → SQL (mean of %d, no database)", n), []string{"spec", "µs per compile"}, rows)
		return nil
	}})
}
