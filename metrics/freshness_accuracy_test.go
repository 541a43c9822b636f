package metrics

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/config"
)

func TestFreshnessMedianOf3Point2Hours(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	cal, _ := fixedCal(at("2026-11-27 09:00"))
	p, err := QuarterPeriod(cal, "2026-Q4")
	require.NoError(t, err)
	exec(t, db, `INSERT INTO reps (rep_id, name) VALUES (1, 'A'), (2, 'B')`)
	exec(t, db, `INSERT INTO customers (customer_id, name, owner_rep_id) VALUES (1, 'x', 1)`)
	t0 := at("2026-11-10 09:00")
	h := func(x float64) time.Time { return t0.Add(time.Duration(x * float64(time.Hour))) }
	// Latencies 1 h, 3 h (visits), 3.2 h (stage change), 5 h (key action),
	// 10 h (contract): median 3.2 h.
	exec(t, db, `INSERT INTO visits (visit_id, rep_id, customer_id, visited_at, recorded_at) VALUES
		(1, 1, 1, $1, $2), (2, 1, 1, $3, $4),
		(3, 1, 1, $5, $6),     -- last quarter: left out
		(4, 1, 1, $7, NULL)   -- never recorded: left out`,
		t0, h(1), t0, h(3), at("2026-09-10 09:00"), at("2026-09-15 09:00"), t0)
	exec(t, db, `INSERT INTO opportunities (opp_id, customer_id, owner_rep_id, amount, stage, outcome, created_at) VALUES
		(1, 1, 1, 100, 'quote', 'open', $1), (2, 1, 2, 100, 'lead', 'open', $2), (3, 1, 2, 100, 'lost', 'lost', $3)`,
		at("2026-11-01 09:00"), at("2026-11-24 09:00"), at("2026-01-01 09:00"))
	exec(t, db, `INSERT INTO stage_history (change_id, opp_id, from_stage, to_stage, changed_at, recorded_at) VALUES (1, 1, 'solution', 'quote', $1, $2)`,
		at("2026-11-20 09:00"), at("2026-11-20 09:00").Add(192*time.Minute))
	exec(t, db, `INSERT INTO key_actions (opp_id, action, completed_at, recorded_at) VALUES (1, 'tech_solution_signed', $1, $2)`, t0, h(5))
	exec(t, db, `INSERT INTO contracts (contract_id, opp_id, customer_id, amount, signed_at, recorded_at) VALUES (1, 1, 1, 100, $1, $2)`, t0, h(10))
	exec(t, db, `INSERT INTO sync_runs (source, table_name, mode, status, started_at, finished_at) VALUES
		('crm', 'visits', 'incremental', 'ok', $1, $2), ('crm', 'visits', 'incremental', 'failed', $3, $4)`,
		at("2026-11-27 06:55"), at("2026-11-27 07:00"), at("2026-11-27 08:00"), at("2026-11-27 08:01"))

	f, err := ComputeFreshness(ctx, db.DB, p, nil)
	require.NoError(t, err)
	require.Equal(t, int64(5), f.Records)
	require.InDelta(t, 3.2, *f.MedianHours, 1e-9)
	require.InDelta(t, 2.0, f.ByKind["visit"], 1e-9)
	require.InDelta(t, 3.2, f.ByKind["stage_change"], 1e-9)
	require.InDelta(t, 5.0, *f.StalenessDays, 1e-9) // open opps: 7 days and 3 days since their last change
	require.InDelta(t, 0.5, *f.FillRate, 1e-9)      // rep 1 at twice the norm (capped 1), rep 2 at 0
	require.Equal(t, map[string]float64{"visits": 2}, f.SyncLagHours)
	var perDay float64
	require.NoError(t, db.QueryRowContext(ctx, `SELECT value FROM metric_freshness WHERE measure = 'visits_per_day' AND subject = 'rep:1'`).Scan(&perDay))
	require.InDelta(t, 3.0/42, perDay, 1e-12) // 3 visits in Q4 so far over 42 working days (1 Oct – 27 Nov)

	goals := config.Default().Scoring.Goals
	sc := scoreRow("freshness_hours", *f.MedianHours, goals.FreshnessHours, "max", f.Records)
	require.True(t, *sc.Pass, "3.2 h meets the ≤ 3.2 h goal")
}

func TestGradingAccuracyHealthVersusStatic(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	cal, _ := fixedCal(at("2027-01-05 09:00"))
	p, err := QuarterPeriod(cal, "2026-Q4")
	require.NoError(t, err)
	exec(t, db, `INSERT INTO customers (customer_id, name, static_tier) VALUES
		(1, 'c1', 'a'), (2, 'c2', 'A'), (3, 'c3', 'B'), (4, 'c4', 'C'), (5, 'c5', 'C'), (6, 'c6', 'A'), (7, 'c7', NULL)`)
	grade := func(c int64, to, when string) {
		exec(t, db, `INSERT INTO grade_changes (customer_id, to_grade, score, changed_at, cause, weights_version) VALUES ($1, $2, 0, $3, 'sync', 0)`, c, to, at(when))
	}
	grade(1, "A", "2026-09-01 09:00")
	grade(1, "B", "2026-11-15 09:00") // after the start: the start grade stays A
	grade(2, "A", "2026-09-01 09:00")
	grade(3, "C", "2026-09-15 09:00")
	grade(4, "C", "2026-09-15 09:00")
	grade(5, "C", "2026-09-15 09:00")
	grade(6, "B", "2026-09-01 09:00")
	grade(7, "A", "2026-11-01 09:00") // first graded after the start: backfilled
	exec(t, db, `INSERT INTO contracts (contract_id, customer_id, amount, signed_at) VALUES (1, 1, 100, $1), (2, 6, 100, $2)`,
		at("2026-11-20 09:00"), at("2026-12-01 09:00"))
	exec(t, db, `INSERT INTO opportunities (opp_id, customer_id, amount, stage, outcome, created_at, closed_at) VALUES (1, 3, 100, 'lost', 'lost', $1, $2)`,
		at("2026-06-01 09:00"), at("2026-12-01 09:00"))
	exec(t, db, `INSERT INTO visits (visit_id, rep_id, customer_id, visited_at) VALUES (1, 1, 4, $1), (2, 1, 5, $2)`,
		at("2026-12-10 09:00"), at("2026-10-15 09:00")) // c4 active in the last 60 days, c5 not

	acc, err := ComputeAccuracy(ctx, db.DB, p, 60)
	require.NoError(t, err)
	require.Equal(t, []Accuracy{
		// health: A c1 ✓ c2 ✗ c7 ✗; C c3 ✓ (lost) c4 ✗ (active) c5 ✓ (quiet); B c6 signed.
		{Basis: "health", A: 3, AMatched: 1, B: 1, BSigned: 1, C: 3, CMatched: 2, Backfilled: 1, Accuracy: 0.5},
		// static: A c1 ✓ c2 ✗ c6 ✓; C c4 ✗ c5 ✓; B c3; c7 has no tier.
		{Basis: "static", A: 3, AMatched: 2, B: 1, BSigned: 0, C: 2, CMatched: 1, Accuracy: 0.6},
	}, acc)
}
