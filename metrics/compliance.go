package metrics

import (
	"context"
	"database/sql"

	"salesbi/model"
)

// Compliance is the key-action trail of a period (DESIGN.md "Process
// compliance"):
//
//   - population: opportunities with amount ≥ threshold that passed at least
//     one gate in the period. A stage change from f to t passes every gate
//     whose stage s has order(f) < order(s) ≤ order(t), so skipping stages
//     still passes the gates between; a move to lost passes none.
//   - a gate passed at instant x is kept if its action was completed before
//     x (key_actions.completed_at < changed_at); requirements_approved holds
//     if every requirement raised before x has a ticket and approved_at < x
//     (no requirement at all also holds).
//   - compliant: every gate it passed in the period was kept.
//   - technical-confirmation rate: of the population, those that ever went
//     past solution, the share with tech_solution_signed completed.
//   - lost (closed in the period) and delayed (open, planned_sign_date in the
//     period and before today) deals of any amount are attributed to the
//     first action in gate order not done before their last stage change
//     ("none" if all were done).
type Compliance struct {
	Period        string  `json:"period"`
	Threshold     float64 `json:"amount_threshold"`
	Population    int     `json:"population"`
	Compliant     int     `json:"compliant"`
	Rate          float64 `json:"rate"` // NaN-free: 0 when the population is empty
	PastSolution  int     `json:"past_solution"`
	TechConfirmed int     `json:"tech_confirmed"`
	TechRate      float64 `json:"tech_rate"`
	Violations    int     `json:"violations"`
	Lost          int     `json:"lost"`
	Delayed       int     `json:"delayed"`
}

// gateCheckSQL is a boolean: was the gate's action done before changed_at.
const gateCheckSQL = `CASE WHEN p.action = 'requirements_approved' THEN NOT EXISTS (
		SELECT 1 FROM requirements r WHERE r.opp_id = p.opp_id AND r.raised_at < p.changed_at
		AND NOT (r.ticket_id IS NOT NULL AND r.approved_at IS NOT NULL AND r.approved_at < p.changed_at))
	ELSE EXISTS (SELECT 1 FROM key_actions k WHERE k.opp_id = p.opp_id AND k.action = p.action
		AND k.completed_at IS NOT NULL AND k.completed_at < p.changed_at) END`

// ComputeCompliance recomputes the compliance tables of period p.
func ComputeCompliance(ctx context.Context, db *sql.DB, p Period, threshold float64) (Compliance, error) {
	c := Compliance{Period: p.Label, Threshold: threshold}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return c, err
	}
	defer tx.Rollback()
	for _, t := range []string{"metric_compliance_opps", "metric_compliance_violations", "metric_deal_attribution"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE period = $1`, p.Label); err != nil {
			return c, wrapf(err, "clearing %s for %s", t, p.Label)
		}
	}
	// passes is the head of both statements below: every gate an opportunity
	// of at least threshold passed in the period, and whether it was kept.
	passes := func(ps *params) string {
		return complianceHead(ps) + `,
		changes AS (
			SELECT sh.change_id, sh.opp_id, sh.changed_at, coalesce(fs.idx, -1) AS from_idx, ts.idx AS to_idx,
				o.owner_rep_id AS rep_id, o.amount
			FROM stage_history sh JOIN opportunities o ON o.opp_id = sh.opp_id
			LEFT JOIN stages fs ON fs.stage = sh.from_stage JOIN stages ts ON ts.stage = sh.to_stage
			WHERE sh.changed_at >= ` + ps.bind(p.From) + ` AND sh.changed_at < ` + ps.bind(p.To) + ` AND o.amount >= ` + ps.bind(threshold) + `),
		passes AS (
			SELECT c.*, g.gate_stage, g.action, g.gate_order FROM changes c
			JOIN gates g ON c.from_idx < g.gate_idx AND g.gate_idx <= c.to_idx),
		checked AS (SELECT p.*, ` + gateCheckSQL + ` AS kept FROM passes p)`
	}

	var vs params
	q := `INSERT INTO metric_compliance_violations (period, opp_id, rep_id, gate_stage, missing_action, changed_at, change_id)
		` + passes(&vs) + `
		SELECT ` + vs.bind(p.Label) + `, opp_id, any_value(rep_id), arg_min(gate_stage, changed_at), action, min(changed_at), arg_min(change_id, changed_at)
		FROM checked WHERE NOT kept GROUP BY opp_id, action`
	if _, err := tx.ExecContext(ctx, q, vs.args...); err != nil {
		return c, wrapf(err, "computing compliance violations for %s", p.Label)
	}
	solution := model.StageIndex("solution")
	var ops params
	q = `INSERT INTO metric_compliance_opps (period, opp_id, rep_id, amount, gates_passed, gates_violated, compliant, past_solution, tech_confirmed)
		` + passes(&ops) + `,
		per_opp AS (SELECT opp_id, any_value(rep_id) AS rep_id, any_value(amount) AS amount,
				count(DISTINCT action) AS gates_passed, count(DISTINCT action) FILTER (WHERE NOT kept) AS gates_violated
			FROM checked GROUP BY opp_id)
		SELECT ` + ops.bind(p.Label) + `, po.opp_id, po.rep_id, po.amount, po.gates_passed, po.gates_violated, po.gates_violated = 0,
			coalesce((SELECT max(ts.idx) FROM stage_history sh JOIN stages ts ON ts.stage = sh.to_stage WHERE sh.opp_id = po.opp_id), -1) > ` + ops.bind(solution) + `,
			EXISTS (SELECT 1 FROM key_actions k WHERE k.opp_id = po.opp_id AND k.action = 'tech_solution_signed' AND k.completed_at IS NOT NULL)
		FROM per_opp po`
	if _, err := tx.ExecContext(ctx, q, ops.args...); err != nil {
		return c, wrapf(err, "computing compliance population for %s", p.Label)
	}
	if err := attributeDeals(ctx, tx, p); err != nil {
		return c, err
	}
	if err := tx.Commit(); err != nil {
		return c, err
	}
	return ReadCompliance(ctx, db, p.Label, threshold)
}

// complianceHead starts the WITH clause every compliance statement shares:
// the stages with their order and the gates, as bound VALUES lists.
func complianceHead(ps *params) string {
	return `WITH stages(stage, idx) AS ` + stageValuesSQL(ps) + `,
		gates(gate_stage, action, gate_idx, gate_order) AS ` + gateValuesSQL(ps)
}

// attributeDeals fills metric_deal_attribution for lost and delayed deals.
func attributeDeals(ctx context.Context, tx *sql.Tx, p Period) error {
	today := p.Now.In(p.From.Location()).Format("2006-01-02")
	var ps params
	q := `INSERT INTO metric_deal_attribution (period, opp_id, rep_id, kind, stalled_stage, missing_action, amount)
		` + complianceHead(&ps) + `,
		deals AS (
			SELECT o.opp_id, o.owner_rep_id AS rep_id, o.amount, o.stage,
				CASE WHEN o.outcome = 'lost' THEN 'lost' ELSE 'delayed' END AS kind
			FROM opportunities o
			WHERE (o.outcome = 'lost' AND o.closed_at >= ` + ps.bind(p.From) + ` AND o.closed_at < ` + ps.bind(p.To) + `)
			   OR (o.outcome = 'open' AND o.planned_sign_date >= CAST(` + ps.bind(p.From.Format("2006-01-02")) + ` AS DATE)
			       AND o.planned_sign_date < CAST(` + ps.bind(p.To.Format("2006-01-02")) + ` AS DATE)
			       AND o.planned_sign_date < CAST(` + ps.bind(today) + ` AS DATE))),
		last_change AS (
			SELECT sh.opp_id, sh.from_stage, sh.to_stage, sh.changed_at FROM stage_history sh
			WHERE sh.opp_id IN (SELECT opp_id FROM deals)
			QUALIFY row_number() OVER (PARTITION BY sh.opp_id ORDER BY sh.changed_at DESC, sh.change_id DESC) = 1),
		p AS (
			SELECT d.*, CASE WHEN lc.to_stage = 'lost' THEN lc.from_stage ELSE coalesce(lc.to_stage, d.stage) END AS stalled_stage,
				coalesce(lc.changed_at, ` + ps.bind(p.Now) + `::TIMESTAMPTZ) AS changed_at, g.action, g.gate_order
			FROM deals d LEFT JOIN last_change lc ON lc.opp_id = d.opp_id CROSS JOIN gates g),
		checked AS (SELECT p.*, ` + gateCheckSQL + ` AS kept FROM p)
		SELECT ` + ps.bind(p.Label) + `, opp_id, any_value(rep_id), any_value(kind), any_value(stalled_stage),
			coalesce(arg_min(action, gate_order) FILTER (WHERE NOT kept), 'none'), any_value(amount)
		FROM checked GROUP BY opp_id`
	_, err := tx.ExecContext(ctx, q, ps.args...)
	return wrapf(err, "attributing lost and delayed deals for %s", p.Label)
}

// ReadCompliance summarises the stored tables of a period.
func ReadCompliance(ctx context.Context, db *sql.DB, period string, threshold float64) (Compliance, error) {
	c := Compliance{Period: period, Threshold: threshold}
	err := db.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE compliant),
			count(*) FILTER (WHERE past_solution), count(*) FILTER (WHERE past_solution AND tech_confirmed)
		FROM metric_compliance_opps WHERE period = $1`, period).Scan(&c.Population, &c.Compliant, &c.PastSolution, &c.TechConfirmed)
	if err != nil {
		return c, wrapf(err, "reading compliance for %s", period)
	}
	if c.Population > 0 {
		c.Rate = float64(c.Compliant) / float64(c.Population)
	}
	if c.PastSolution > 0 {
		c.TechRate = float64(c.TechConfirmed) / float64(c.PastSolution)
	}
	err = db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM metric_compliance_violations WHERE period = $1),
			(SELECT count(*) FROM metric_deal_attribution WHERE period = $2 AND kind = 'lost'),
			(SELECT count(*) FROM metric_deal_attribution WHERE period = $3 AND kind = 'delayed')`, period, period, period).
		Scan(&c.Violations, &c.Lost, &c.Delayed)
	return c, wrapf(err, "reading compliance for %s", period)
}
