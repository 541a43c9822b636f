package metrics

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func all(v float64) [6]float64 { return [6]float64{v, v, v, v, v, v} }

func TestHealthScoreFormulaAndBoundaries(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	h := defaultHealth()
	now := at("2026-11-27 09:00")
	cases := []struct {
		id    int64
		nodes [6]float64
		score float64
		grade string
	}{
		// 10 × (0.30·10 + 0.25·5 + 0.20·10 + 0.10·0 + 0.10·10 + 0.05·5) = 10 × 7.5 = 75.0
		{1, [6]float64{10, 5, 10, 0, 10, 5}, 75.0, "B"},
		// every node yes: 100
		{2, all(10), 100, "A"},
		// 8.495 on every node: 84.95 exactly in decimal → rounds to 85.0 → A
		{3, all(8.495), 85.0, "A"},
		// 8.5 → 85.0 → A (the boundary itself)
		{4, all(8.5), 85.0, "A"},
		// 8.494 → 84.94 → 84.9 → B
		{5, all(8.494), 84.9, "B"},
		// 6.99 → 69.9 → C
		{6, all(6.99), 69.9, "C"},
		// 7.0 → 70.0 → B (the boundary itself)
		{7, all(7), 70.0, "B"},
		// plan and budget pending, the rest yes: 10 × (1.5 + 1.25 + 2 + 1 + 1 + 0.5) = 72.5
		{8, [6]float64{5, 5, 10, 10, 10, 10}, 72.5, "B"},
		// plan no: 10 × (0 + 2.5 + 2 + 1 + 1 + 0.5) = 70.0 → B
		{9, [6]float64{0, 10, 10, 10, 10, 10}, 70.0, "B"},
		// plan and budget no: 45.0 → C
		{10, [6]float64{0, 0, 10, 10, 10, 10}, 45.0, "C"},
	}
	for _, c := range cases {
		addCustomer(t, db, c.id, c.nodes, now)
	}
	res, err := Rescore(ctx, db.DB, h, Scope{All: true}, "startup", now)
	require.NoError(t, err)
	require.Equal(t, len(cases), res.Scored)
	require.Equal(t, len(cases), res.Changed, "first grading is recorded from NULL")
	require.Empty(t, res.Drops, "a first grading is not a drop")
	for _, c := range cases {
		s, g := gradeOf(t, db, c.id)
		require.InDelta(t, c.score, s, 1e-9, "customer %d", c.id)
		require.Equal(t, c.grade, g, "customer %d", c.id)
		// The Go rule agrees with the SQL.
		require.InDelta(t, c.score, Score(h, c.nodes), 1e-9, "Go score of customer %d", c.id)
		require.Equal(t, c.grade, Grade(h, Score(h, c.nodes)))
	}
}

func TestRescoreAfterSyncOnlyChangedCustomers(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	h := defaultHealth()
	t0 := at("2026-11-20 09:00")
	addCustomer(t, db, 1, all(9), t0)  // 90 A
	addCustomer(t, db, 2, all(8), t0)  // 80 B
	addCustomer(t, db, 3, all(10), t0) // 100 A
	_, err := Rescore(ctx, db.DB, h, Scope{All: true}, "startup", t0)
	require.NoError(t, err)
	before := count(t, db, `SELECT count(*) FROM grade_changes`)

	// A sync moves customer 2's nodes (down to C) and touches customer 3
	// without changing its grade; customer 1 is untouched.
	t1 := at("2026-11-27 09:00")
	setNodes(t, db, 2, all(6), t1)
	setNodes(t, db, 3, all(9.5), t1)
	res, err := Rescore(ctx, db.DB, h, Scope{}, "sync", t1)
	require.NoError(t, err)
	require.Equal(t, 2, res.Scored, "only customers whose nodes moved")
	require.Equal(t, 1, res.Changed)
	require.Len(t, res.Drops, 1)
	require.Equal(t, int64(2), res.Drops[0].CustomerID)
	require.Equal(t, "B", res.Drops[0].FromGrade)
	require.Equal(t, int64(100), res.Drops[0].ManagerRepID.Int64)

	var from, to, cause string
	var score float64
	require.NoError(t, db.QueryRowContext(ctx, `SELECT from_grade, to_grade, score, cause FROM grade_changes ORDER BY change_id DESC LIMIT 1`).Scan(&from, &to, &score, &cause))
	require.Equal(t, []any{"B", "C", 60.0, "sync"}, []any{from, to, score, cause})
	require.Equal(t, before+1, count(t, db, `SELECT count(*) FROM grade_changes`))
	// Customer 1's row was not rewritten.
	require.Equal(t, 1, count(t, db, `SELECT count(*) FROM health_scores WHERE customer_id = 1 AND scored_at = $1`, t0))

	// Narrowed by CustomerIDs: only customer 1 even though nothing moved.
	res, err = Rescore(ctx, db.DB, h, Scope{CustomerIDs: []int64{1}}, "sync", t1)
	require.NoError(t, err)
	require.Equal(t, 1, res.Scored)
	require.Equal(t, 0, res.Changed)
}

func TestWeightChangeRegradesEveryone(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	h := defaultHealth()
	t0 := at("2026-11-20 09:00")
	// Plan yes, the rest no → 30 C under defaults; plan no, the rest yes → 70 B.
	addCustomer(t, db, 1, [6]float64{10, 0, 0, 0, 0, 0}, t0)
	addCustomer(t, db, 2, [6]float64{0, 10, 10, 10, 10, 10}, t0)
	_, err := Rescore(ctx, db.DB, h, Scope{All: true}, "startup", t0)
	require.NoError(t, err)

	next := h
	next.Weights.Plan, next.Weights.Budget, next.Weights.Tech = 0.9, 0.02, 0.03
	next.Weights.Competitor, next.Weights.Payment, next.Weights.Delivery = 0.02, 0.02, 0.01
	next.Version = 1
	p, err := PreviewSettings(ctx, db.DB, next)
	require.NoError(t, err)
	require.Equal(t, Preview{Customers: 2, Changing: 2, IntoC: 1,
		Moves: []Move{{From: "B", To: "C", N: 1}, {From: "C", To: "A", N: 1}}}, p)
	require.Equal(t, 2, count(t, db, `SELECT count(*) FROM grade_changes`), "a preview writes nothing")

	res, err := Rescore(ctx, db.DB, next, Scope{All: true}, "settings", at("2026-11-27 10:00"))
	require.NoError(t, err)
	require.Equal(t, 2, res.Scored)
	require.Equal(t, 2, res.Changed)
	_, g1 := gradeOf(t, db, 1)
	_, g2 := gradeOf(t, db, 2)
	require.Equal(t, "A", g1) // 90
	require.Equal(t, "C", g2) // 10 × (0.02+0.03+0.02+0.02+0.01)·10 = 10
	require.Equal(t, 2, count(t, db, `SELECT count(*) FROM grade_changes WHERE cause = 'settings' AND weights_version = 1`))
}
