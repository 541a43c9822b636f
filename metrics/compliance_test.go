package metrics

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

type opp struct {
	id      int64
	amount  float64
	stage   string
	outcome string
	closed  any
	planned any
}

func addOpp(t *testing.T, db *model.DB, o opp) {
	t.Helper()
	exec(t, db, `INSERT INTO opportunities (opp_id, customer_id, owner_rep_id, amount, stage, outcome, created_at, closed_at, planned_sign_date)
		VALUES ($1, 1, 1, $2, $3, $4, $5, $6, $7)`, o.id, o.amount, o.stage, o.outcome, at("2026-08-01 09:00"), o.closed, o.planned)
}

var changeID int64

func move(t *testing.T, db *model.DB, opp int64, from, to, when string) {
	t.Helper()
	changeID++
	exec(t, db, `INSERT INTO stage_history (change_id, opp_id, from_stage, to_stage, changed_at, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		changeID, opp, from, to, at(when), at(when))
}

func did(t *testing.T, db *model.DB, opp int64, action, when string) {
	t.Helper()
	exec(t, db, `INSERT INTO key_actions (opp_id, action, completed_at, recorded_at) VALUES ($1, $2, $3, $4)`, opp, action, at(when), at(when))
}

var reqID int64

func req(t *testing.T, db *model.DB, opp int64, raised string, ticket any, approved any) {
	t.Helper()
	reqID++
	exec(t, db, `INSERT INTO requirements (req_id, opp_id, raised_at, ticket_id, approved_at) VALUES ($1, $2, $3, $4, $5)`, reqID, opp, at(raised), ticket, approved)
}

func TestComplianceSkippedStagesAndMissingTickets(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	cal, _ := fixedCal(at("2026-11-27 09:00"))
	p, err := QuarterPeriod(cal, "2026-Q4")
	require.NoError(t, err)

	// 1: compliant, every action before its gate.
	addOpp(t, db, opp{1, 600000, "negotiation", "open", nil, "2026-12-20"})
	did(t, db, 1, "tech_solution_signed", "2026-10-01 10:00")
	move(t, db, 1, "solution", "quote", "2026-10-05 10:00")
	did(t, db, 1, "quote_costed", "2026-10-08 10:00")
	move(t, db, 1, "quote", "negotiation", "2026-10-10 10:00")
	// 2: skips from solution straight to contract (passes the quote,
	// negotiation and contract gates); all three actions done, but one
	// requirement raised before the move has no ticket.
	addOpp(t, db, opp{2, 800000, "contract", "open", nil, "2026-11-20"})
	did(t, db, 2, "tech_solution_signed", "2026-10-01 10:00")
	did(t, db, 2, "quote_costed", "2026-10-02 10:00")
	did(t, db, 2, "legal_reviewed", "2026-10-03 10:00")
	req(t, db, 2, "2026-09-15 10:00", "T-1", at("2026-09-20 10:00"))
	req(t, db, 2, "2026-10-01 10:00", nil, nil)
	move(t, db, 2, "solution", "contract", "2026-10-20 10:00")
	// 3: exactly at the threshold; technical solution signed a day after the quote.
	addOpp(t, db, opp{3, 500000, "quote", "open", nil, "2026-12-20"})
	move(t, db, 3, "qualified", "quote", "2026-11-01 10:00")
	did(t, db, 3, "tech_solution_signed", "2026-11-02 10:00")
	// 4: one cent under the threshold: not in the population.
	addOpp(t, db, opp{4, 499999.99, "quote", "open", nil, nil})
	move(t, db, 4, "solution", "quote", "2026-10-05 10:00")
	// 5: passed its gate last quarter only.
	addOpp(t, db, opp{5, 700000, "quote", "open", nil, nil})
	move(t, db, 5, "solution", "quote", "2026-09-01 10:00")
	// 6: into contract with legal review done; a requirement raised after the
	// move does not count, one raised before was approved (with a ticket) in time.
	addOpp(t, db, opp{6, 900000, "contract", "open", nil, "2026-12-31"})
	did(t, db, 6, "legal_reviewed", "2026-11-01 10:00")
	req(t, db, 6, "2026-10-15 10:00", "T-6", at("2026-11-09 10:00"))
	req(t, db, 6, "2026-11-12 10:00", nil, nil)
	move(t, db, 6, "negotiation", "contract", "2026-11-10 10:00")
	// 7: moved within the period but passed no gate.
	addOpp(t, db, opp{7, 1000000, "qualified", "open", nil, nil})
	move(t, db, 7, "lead", "qualified", "2026-10-05 10:00")
	// 8: passed the quote gate properly (so it is in the population and
	// compliant), then lost from quote without a costed quote.
	addOpp(t, db, opp{8, 600000, "lost", "lost", at("2026-11-15 10:00"), nil})
	did(t, db, 8, "tech_solution_signed", "2026-10-01 10:00")
	move(t, db, 8, "solution", "quote", "2026-10-02 10:00")
	move(t, db, 8, "quote", "lost", "2026-11-15 10:00")

	c, err := ComputeCompliance(ctx, db.DB, p, 500000)
	require.NoError(t, err)
	require.Equal(t, Compliance{Period: "2026-Q4", Threshold: 500000,
		Population: 5, Compliant: 3, Rate: 0.6, PastSolution: 5, TechConfirmed: 4, TechRate: 0.8,
		Violations: 2, Lost: 1, Delayed: 1}, c)

	type v struct {
		Opp           int64
		Gate, Missing string
	}
	var got []v
	rows, err := db.QueryContext(ctx, `SELECT opp_id, gate_stage, missing_action FROM metric_compliance_violations WHERE period = '2026-Q4' ORDER BY opp_id, missing_action`)
	require.NoError(t, err)
	defer rows.Close()
	for rows.Next() {
		var x v
		require.NoError(t, rows.Scan(&x.Opp, &x.Gate, &x.Missing))
		got = append(got, x)
	}
	require.NoError(t, rows.Err())
	require.Equal(t, []v{{2, "contract", "requirements_approved"}, {3, "quote", "tech_solution_signed"}}, got)

	var stalled, missing string
	require.NoError(t, db.QueryRowContext(ctx, `SELECT stalled_stage, missing_action FROM metric_deal_attribution WHERE opp_id = 8`).Scan(&stalled, &missing))
	require.Equal(t, []string{"quote", "quote_costed"}, []string{stalled, missing})
	require.NoError(t, db.QueryRowContext(ctx, `SELECT kind, stalled_stage, missing_action FROM metric_deal_attribution WHERE opp_id = 2`).Scan(&stalled, &stalled, &missing))
	require.Equal(t, "requirements_approved", missing)

	// Recomputing replaces the period's rows, it does not add to them.
	c2, err := ComputeCompliance(ctx, db.DB, p, 500000)
	require.NoError(t, err)
	require.Equal(t, c, c2)
}
