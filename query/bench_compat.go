package query

import (
	"context"

	"salesbi/model"
)

// TEMPORARY: dashboards/bench_query_api.go (the /api/query section, which
// another branch moves into internal/benchreport as queryAPI) still reads
// these two. Their home is now salesbi/internal/benchspecs (Specs, Manager),
// which the compile benchmark and the report read; when that branch is
// merged, point queryAPI at benchspecs and delete this file.

// BenchSpecs are ten representative builder specs: the article's trend
// and heatmap, the stand-up's yesterday-by-region, a top N with others, a
// median, a share, a manager's restricted view, a join chain and a record
// listing (a copy of benchspecs.Specs).
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

// BenchManager is benchspecs.Manager.
func BenchManager(ctx context.Context, db *model.DB) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, `SELECT manager_id FROM reps WHERE manager_id IS NOT NULL
		GROUP BY manager_id ORDER BY count(*) DESC, manager_id LIMIT 1`).Scan(&id)
	return id, err
}
