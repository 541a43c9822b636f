package metrics

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
)

// One customer's health as the customer page reads it: nodes (nil where
// the CRM has none), score and grade, "act now" under B, the last three
// visits newest first and the grade history newest first; an unscored
// customer and an unknown one.
func TestCustomerHealth(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	h := defaultHealth()
	t0, t1 := at("2026-11-20 09:00"), at("2026-11-27 09:00")
	addCustomer(t, db, 1, all(8), t0) // 80 B
	_, err := Rescore(ctx, db.DB, h, Scope{All: true}, "startup", t0)
	require.NoError(t, err)
	setNodes(t, db, 1, all(6), t1) // 60 C
	_, err = Rescore(ctx, db.DB, h, Scope{}, "sync", t1)
	require.NoError(t, err)
	exec(t, db, `UPDATE customer_health_nodes SET delivery_buffer = NULL WHERE customer_id = 1`)
	for i, when := range []string{"2026-11-01 10:00", "2026-11-10 10:00", "2026-11-05 10:00", "2026-11-20 10:00"} {
		exec(t, db, `INSERT INTO visits (visit_id, rep_id, customer_id, visited_at, purpose) VALUES ($1, $2, 1, $3, $4)`,
			i+1, []int64{1, 1, 99, 1}[i], at(when), []any{"first_visit", "budget_check", nil, "tech_exchange"}[i])
	}
	// A customer nobody scored and whose CRM row has no nodes.
	exec(t, db, `INSERT INTO customers (customer_id, name) VALUES (2, '新客户')`)

	got, err := ReadCustomerHealth(ctx, db.DB, h, 1)
	require.NoError(t, err)
	require.Equal(t, "客户B", got.Name)
	require.Equal(t, "李明", got.Owner)
	require.Equal(t, "B", got.StaticTier)
	for i := range 5 {
		require.NotNil(t, got.Nodes[i], i)
		require.Equal(t, 6.0, *got.Nodes[i], i)
	}
	require.Nil(t, got.Nodes[5], "a node the CRM has no value for")
	require.True(t, got.Scored)
	require.Equal(t, "C", got.Grade)
	require.True(t, got.ActNow)
	require.True(t, got.ScoredAt.Equal(t1))
	require.Equal(t, h, got.Settings)

	require.Len(t, got.Visits, CustomerVisitsShown)
	require.True(t, got.Visits[0].VisitedAt.Equal(at("2026-11-20 10:00")))
	require.Equal(t, []string{"tech_exchange", "budget_check", ""}, []string{got.Visits[0].Purpose, got.Visits[1].Purpose, got.Visits[2].Purpose})
	require.Equal(t, []string{"李明", "李明", ""}, []string{got.Visits[0].Rep, got.Visits[1].Rep, got.Visits[2].Rep}, "rep 99 is unknown")

	require.Len(t, got.Changes, 2)
	require.Equal(t, GradeChange{From: "B", To: "C", Score: got.Score, ChangedAt: got.Changes[0].ChangedAt, Cause: "sync"}, got.Changes[0])
	require.True(t, got.Changes[0].ChangedAt.Equal(t1))
	require.Equal(t, "", got.Changes[1].From, "the first grade has no from")
	require.Equal(t, "startup", got.Changes[1].Cause)

	// Raising B above the score is what "act now" is judged by.
	high := h
	high.GradeB = 50
	got, err = ReadCustomerHealth(ctx, db.DB, high, 1)
	require.NoError(t, err)
	require.False(t, got.ActNow)

	got, err = ReadCustomerHealth(ctx, db.DB, h, 2)
	require.NoError(t, err)
	require.Equal(t, CustomerHealth{ID: 2, Name: "新客户", Settings: h}, got)

	_, err = ReadCustomerHealth(ctx, db.DB, h, 999)
	require.Equal(t, apperr.NotFound, apperr.KindOf(err))
	require.EqualError(t, err, "customer 999 does not exist")
}

// The violations list: newest first, capped, the rep's name where the reps
// table knows it, and an empty period gives an empty (not nil) list.
func TestViolationsList(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	exec(t, db, `INSERT INTO reps (rep_id, name) VALUES (1, '李明')`)
	exec(t, db, `INSERT INTO metric_compliance_violations (period, opp_id, rep_id, gate_stage, missing_action, changed_at) VALUES
		('2026-Q4', 10, 1, 'quote', 'tech_solution_signed', $1),
		('2026-Q4', 11, NULL, 'contract', 'legal_reviewed', $2),
		('2026-Q4', 12, 7, 'negotiation', 'quote_costed', $3),
		('2026-Q3', 13, 1, 'quote', 'tech_solution_signed', $4)`,
		at("2026-10-05 10:00"), at("2026-11-01 10:00"), at("2026-10-20 10:00"), at("2026-08-01 10:00"))
	cal, _ := fixedCal(at("2026-11-27 08:30"))
	p, err := QuarterPeriod(cal, "")
	require.NoError(t, err)

	list, err := Violations(ctx, db.DB, p, 10)
	require.NoError(t, err)
	require.Len(t, list, 3)
	require.Equal(t, []int64{11, 12, 10}, []int64{list[0].OppID, list[1].OppID, list[2].OppID})
	require.Nil(t, list[0].RepID)
	require.Nil(t, list[0].Rep)
	require.Equal(t, int64(7), *list[1].RepID)
	require.Nil(t, list[1].Rep, "rep 7 is not in reps")
	require.Equal(t, "李明", *list[2].Rep)
	require.Equal(t, "quote", list[2].GateStage)
	require.Equal(t, "tech_solution_signed", list[2].MissingAction)
	require.True(t, list[2].ChangedAt.Equal(at("2026-10-05 10:00")))

	list, err = Violations(ctx, db.DB, p, 1)
	require.NoError(t, err)
	require.Len(t, list, 1)

	p, err = QuarterPeriod(cal, "2026-Q1")
	require.NoError(t, err)
	list, err = Violations(ctx, db.DB, p, 10)
	require.NoError(t, err)
	require.NotNil(t, list)
	require.Empty(t, list)
}
