package query

// The summary tables kept beside the biggest fact tables (see rollup.go).
// Each is chosen for the charts the builder and the preset boards ask most:
// a day rollup by a few low-cardinality fields for trends and yesterday's
// figures; a month rollup with more fields and the owner rep for the
// all-time and by-quarter breakdowns (and for reps' and managers' own
// views); visits by customer for the "top customers" charts. At scale 100
// they hold 0.1–0.8 M rows each against 6–15 M in their tables. They are
// checked against the datasets when the catalog is built (catalog.go).
func builtinRollups() []Rollup {
	return []Rollup{
		{Name: "leads_day", Dataset: "leads", Time: "created_at", Grain: "day",
			Keys: []string{"region", "channel", "status", "followed"}},
		{Name: "leads_month", Dataset: "leads", Time: "created_at", Grain: "month", ByOwner: true,
			Keys: []string{"region", "channel", "status", "rep", "industry", "followed"}, Sums: []string{"hours_to_follow"}},
		{Name: "visits_day", Dataset: "visits", Time: "visited_at", Grain: "day", ByOwner: true,
			Keys: []string{"rep", "region", "purpose"}},
		{Name: "visits_customer", Dataset: "visits", ByOwner: true,
			Keys: []string{"customer", "industry", "rep", "region"}},
		{Name: "stage_history_month", Dataset: "stage_history", Time: "changed_at", Grain: "month", ByOwner: true,
			Keys: []string{"from_stage", "to_stage", "rep", "region"}},
		{Name: "key_actions_month", Dataset: "key_actions", Time: "completed_at", Grain: "month", ByOwner: true,
			Keys: []string{"action", "rep", "region"}},
	}
}
