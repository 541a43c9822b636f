// Package benchspecs holds the representative chart specs that the speed
// measurements run: the query package's Go benchmarks (compile) and the
// printed report's query sections (compile, and /api/query against the
// same SQL run directly). One list, so the figures of both speak of the
// same work.
package benchspecs

import (
	"context"

	"salesbi/model"
	"salesbi/query"
)

// Case is one spec, compiled as Identity.
type Case struct {
	Name     string
	Spec     query.Spec
	Identity model.Identity // a manager's RepID is set by the caller (see Manager)
}

// Specs are ten representative builder specs: the article's trend and
// heatmap, the stand-up's yesterday-by-region, a top N with others, a
// median, a share, a manager's restricted view, a join chain and a record
// listing.
var Specs = []Case{
	{"leads daily × region, valid", query.Spec{Dataset: "leads", Dimensions: []query.Dimension{{Field: "created_at", Grain: "day"}, {Field: "region"}},
		Measures: []query.Measure{{Agg: "count"}}, Filters: []query.Filter{{Field: "status", Op: "eq", Values: []any{"valid"}}}, Chart: "line"}, model.DemoDirector},
	{"leads industry × region", query.Spec{Dataset: "leads", Dimensions: []query.Dimension{{Field: "industry"}, {Field: "region"}},
		Measures: []query.Measure{{Agg: "count"}}, Chart: "heatmap"}, model.DemoDirector},
	{"visits by month", query.Spec{Dataset: "visits", Dimensions: []query.Dimension{{Field: "visited_at", Grain: "month"}},
		Measures: []query.Measure{{Agg: "count"}}, Chart: "line"}, model.DemoDirector},
	{"visits top 10 customers + others", query.Spec{Dataset: "visits", Dimensions: []query.Dimension{{Field: "customer"}},
		Measures: []query.Measure{{Agg: "count"}}, Limit: &query.Limit{N: 10, Others: true}, Chart: "pie"}, model.DemoDirector},
	{"visits entry latency median by rep, last 30 days", query.Spec{Dataset: "visits", Dimensions: []query.Dimension{{Field: "rep"}},
		Measures: []query.Measure{{Field: "entry_hours", Agg: "median"}}, Filters: []query.Filter{{Field: "visited_at", Op: "relative", Period: "last_30_days"}}, Chart: "bar"}, model.DemoDirector},
	{"yesterday's valid leads by region", query.Spec{Dataset: "leads", Dimensions: []query.Dimension{{Field: "region"}}, Measures: []query.Measure{{Agg: "count"}},
		Filters: []query.Filter{{Field: "created_at", Op: "relative", Period: "yesterday"}, {Field: "status", Op: "eq", Values: []any{"valid"}}}, Chart: "bar"}, model.DemoDirector},
	{"opportunity amount by stage, this quarter", query.Spec{Dataset: "opportunities", Dimensions: []query.Dimension{{Field: "stage"}},
		Measures: []query.Measure{{Field: "amount", Agg: "sum"}}, Filters: []query.Filter{{Field: "created_at", Op: "relative", Period: "this_quarter"}}, Chart: "funnel"}, model.DemoDirector},
	{"contract share by industry (compiled as a manager)", query.Spec{Dataset: "contracts", Dimensions: []query.Dimension{{Field: "industry"}},
		Measures: []query.Measure{{Field: "amount", Agg: "share"}}, Chart: "pie"}, model.Identity{UserID: 2, Login: "bench-manager", Role: model.RoleManager}},
	{"stage changes region × stage", query.Spec{Dataset: "stage_history", Dimensions: []query.Dimension{{Field: "region"}, {Field: "to_stage"}},
		Measures: []query.Measure{{Agg: "count"}}, Chart: "stacked_bar"}, model.DemoDirector},
	{"lead records, last 7 days", query.Spec{Dataset: "leads", Records: true, Limit: &query.Limit{N: 200},
		Filters: []query.Filter{{Field: "created_at", Op: "relative", Period: "last_7_days"}}}, model.DemoDirector},
}

// Manager finds a manager rep (the one with the most reports) for the
// restricted spec.
func Manager(ctx context.Context, db *model.DB) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, `SELECT manager_id FROM reps WHERE manager_id IS NOT NULL
		GROUP BY manager_id ORDER BY count(*) DESC, manager_id LIMIT 1`).Scan(&id)
	return id, err
}
