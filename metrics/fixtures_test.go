package metrics

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
)

// Hand-made fixtures: small tables written row by row in each test, never
// the demo company.

var shanghai = func() *time.Location { l, _ := time.LoadLocation("Asia/Shanghai"); return l }()

// at is an instant in the business zone.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func openDB(t *testing.T) *model.DB {
	t.Helper()
	db, err := model.Open(context.Background(), ":memory:", model.Options{MemoryLimit: "1GB", Threads: 1})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

func exec(t *testing.T, db *model.DB, q string, args ...any) {
	t.Helper()
	_, err := db.ExecContext(context.Background(), q, args...)
	require.NoError(t, err, q)
}

func defaultHealth() HealthSettings {
	return HealthSettings{HealthScoring: config.Default().Scoring.Health}
}

func fixedCal(t time.Time) (clock.Calendar, *clock.Fixed) {
	f := clock.NewFixed(t)
	return clock.Calendar{Clock: f, Loc: shanghai}, f
}

// addCustomer writes a customer with its health nodes (plan, budget, tech,
// competitor, payment, delivery) and an owner whose manager is rep 100.
func addCustomer(t *testing.T, db *model.DB, id int64, nodes [6]float64, updated time.Time) {
	t.Helper()
	exec(t, db, `INSERT OR IGNORE INTO reps (rep_id, name, manager_id) VALUES (100, '王经理', NULL), (1, '李明', 100)`)
	exec(t, db, `INSERT INTO customers (customer_id, name, owner_rep_id, static_tier) VALUES ($1, $2, 1, 'B')`, id, "客户"+string(rune('A'+id%26)))
	exec(t, db, `INSERT INTO customer_health_nodes VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8)`,
		id, nodes[0], nodes[1], nodes[2], nodes[3], nodes[4], nodes[5], updated)
}

func setNodes(t *testing.T, db *model.DB, id int64, nodes [6]float64, updated time.Time) {
	t.Helper()
	exec(t, db, `UPDATE customer_health_nodes SET plan_approved=$1, budget_approved=$2, tech_connected=$3, competitor_status=$4, payment_terms=$5, delivery_buffer=$6, updated_at=$7 WHERE customer_id=$8`,
		nodes[0], nodes[1], nodes[2], nodes[3], nodes[4], nodes[5], updated, id)
}

func gradeOf(t *testing.T, db *model.DB, id int64) (float64, string) {
	t.Helper()
	var s float64
	var g string
	require.NoError(t, db.QueryRowContext(context.Background(), `SELECT score, grade FROM health_scores WHERE customer_id = $1`, id).Scan(&s, &g))
	return s, g
}

func count(t *testing.T, db *model.DB, q string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRowContext(context.Background(), q, args...).Scan(&n), q)
	return n
}
