package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Grades of the health score.
const (
	GradeA = "A"
	GradeB = "B"
	GradeC = "C"
)

// scoreSQL is score = 10 × Σ wᵢ·nodeᵢ rounded to one decimal. The sum is
// cast to DECIMAL(18,6) before rounding so that a double such as
// 84.94999999 (the nearest double to 84.95) rounds to 85.0 as a person
// would expect. A missing node counts as 0: no evidence is no.
func scoreSQL(h HealthSettings, alias string, ps *params) string {
	w := h.Weights
	weights := []float64{w.Plan, w.Budget, w.Tech, w.Competitor, w.Payment, w.Delivery}
	cols := []string{"plan_approved", "budget_approved", "tech_connected", "competitor_status", "payment_terms", "delivery_buffer"}
	terms := make([]string, len(cols))
	for i, c := range cols {
		terms[i] = fmt.Sprintf("%s::DOUBLE * coalesce(%s.%s, 0)", ps.bind(weights[i]), alias, c)
	}
	return "round(CAST(10 * (" + strings.Join(terms, " + ") + ") AS DECIMAL(18,6)), 1)::DOUBLE"
}

// gradeSQL maps a score expression to A/B/C with the thresholds.
func gradeSQL(h HealthSettings, score string, ps *params) string {
	return "CASE WHEN " + score + " >= " + ps.bind(h.GradeA) + "::DOUBLE THEN 'A' WHEN " + score + " >= " + ps.bind(h.GradeB) + "::DOUBLE THEN 'B' ELSE 'C' END"
}

// Score computes one customer's score in Go with the same rule as the SQL
// (used by the settings page to show an example, and tested against it).
func Score(h HealthSettings, nodes [6]float64) float64 {
	w := h.Weights
	s := 10 * (w.Plan*nodes[0] + w.Budget*nodes[1] + w.Tech*nodes[2] + w.Competitor*nodes[3] + w.Payment*nodes[4] + w.Delivery*nodes[5])
	micro := roundHalfAway(s * 1e6)      // like CAST(… AS DECIMAL(18,6))
	return roundHalfAway(micro/1e5) / 10 // then round(…, 1)
}

func roundHalfAway(x float64) float64 {
	if x < 0 {
		return -roundHalfAway(-x)
	}
	return float64(int64(x + 0.5))
}

// Grade maps a (rounded) score to its grade.
func Grade(h HealthSettings, score float64) string {
	switch {
	case score >= h.GradeA:
		return GradeA
	case score >= h.GradeB:
		return GradeB
	default:
		return GradeC
	}
}

// Scope says which customers a re-score covers.
type Scope struct {
	// All re-scores every customer with health nodes.
	All bool
	// CustomerIDs narrows to these customers (a sync that knows them).
	CustomerIDs []int64
	// Otherwise: customers never scored, or whose nodes' updated_at moved
	// since they were scored.
}

// Drop is a customer whose grade fell into C from A or B.
type Drop struct {
	CustomerID   int64
	Name         string
	FromGrade    string
	FromScore    float64
	Score        float64
	OwnerRepID   sql.NullInt64
	OwnerName    string
	ManagerRepID sql.NullInt64
}

// RescoreResult says what a re-score did.
type RescoreResult struct {
	Scored  int    // customers whose score was (re)computed
	Changed int    // grade changes recorded
	Drops   []Drop // A/B → C, for alerts
}

// Rescore recomputes scores for the scope, records every grade change
// (cause: sync, settings, startup) with the settings version, and stores the
// new scores — all in one transaction, so a failure changes nothing.
func Rescore(ctx context.Context, db *sql.DB, h HealthSettings, scope Scope, cause string, now time.Time) (RescoreResult, error) {
	var res RescoreResult
	conn, err := db.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()

	var ps params
	grade := gradeSQL(h, "score", &ps)
	score := scoreSQL(h, "n", &ps)
	where := ""
	if !scope.All {
		if scope.CustomerIDs != nil {
			if err := fillScopeIDs(ctx, tx, scope.CustomerIDs); err != nil {
				return res, err
			}
			where = "WHERE n.customer_id IN (SELECT customer_id FROM rescore_ids)"
		} else {
			where = `LEFT JOIN health_scores h ON h.customer_id = n.customer_id
				WHERE h.customer_id IS NULL OR h.nodes_updated_at IS DISTINCT FROM n.updated_at`
		}
	}
	q := `CREATE OR REPLACE TEMP TABLE rescored AS
		SELECT customer_id, score, ` + grade + ` AS grade, nodes_updated_at FROM (
			SELECT n.customer_id, ` + score + ` AS score, n.updated_at AS nodes_updated_at
			FROM customer_health_nodes n ` + where + `)`
	if _, err := tx.ExecContext(ctx, q, ps.args...); err != nil {
		return res, fmt.Errorf("computing health scores: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM rescored`).Scan(&res.Scored); err != nil {
		return res, err
	}
	res.Drops, err = queryDrops(ctx, tx)
	if err != nil {
		return res, err
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO grade_changes (customer_id, from_grade, to_grade, from_score, score, changed_at, cause, weights_version)
		SELECT r.customer_id, h.grade, r.grade, h.score, r.score, $1, $2, $3
		FROM rescored r LEFT JOIN health_scores h ON h.customer_id = r.customer_id
		WHERE h.grade IS DISTINCT FROM r.grade`, now, cause, h.Version)
	if err != nil {
		return res, fmt.Errorf("recording grade changes: %w", err)
	}
	n, _ := r.RowsAffected()
	res.Changed = int(n)
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO health_scores (customer_id, score, grade, nodes_updated_at, weights_version, scored_at, updated_at)
		SELECT customer_id, score, grade, nodes_updated_at, $1, $2, $3 FROM rescored`, h.Version, now, now); err != nil {
		return res, fmt.Errorf("storing health scores: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE rescored`); err != nil {
		return res, err
	}
	return res, tx.Commit()
}

// fillScopeIDs loads the customer ids into a temporary table; values are
// bound parameters, in chunks.
func fillScopeIDs(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if _, err := tx.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE rescore_ids (customer_id BIGINT)`); err != nil {
		return err
	}
	const chunk = 500
	for i := 0; i < len(ids); i += chunk {
		part := ids[i:min(i+chunk, len(ids))]
		var ps params
		rows := make([]string, len(part))
		for j, id := range part {
			rows[j] = "(" + ps.bind(id) + ")"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rescore_ids VALUES `+strings.Join(rows, ", "), ps.args...); err != nil {
			return fmt.Errorf("loading re-score scope: %w", err)
		}
	}
	return nil
}

func queryDrops(ctx context.Context, tx *sql.Tx) ([]Drop, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.customer_id, coalesce(c.name, ''), h.grade, h.score, r.score,
			c.owner_rep_id, coalesce(o.name, ''), o.manager_id
		FROM rescored r JOIN health_scores h ON h.customer_id = r.customer_id
		LEFT JOIN customers c ON c.customer_id = r.customer_id
		LEFT JOIN reps o ON o.rep_id = c.owner_rep_id
		WHERE h.grade <> 'C' AND r.grade = 'C' ORDER BY r.customer_id`)
	if err != nil {
		return nil, fmt.Errorf("finding grade drops: %w", err)
	}
	defer rows.Close()
	var out []Drop
	for rows.Next() {
		var d Drop
		if err := rows.Scan(&d.CustomerID, &d.Name, &d.FromGrade, &d.FromScore, &d.Score, &d.OwnerRepID, &d.OwnerName, &d.ManagerRepID); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Move counts customers going from one grade to another.
type Move struct {
	From string `json:"from"` // "" for a customer never scored
	To   string `json:"to"`
	N    int    `json:"n"`
}

// Preview says what a settings change would do, without doing it.
type Preview struct {
	Customers int    `json:"customers"`
	Changing  int    `json:"changing"`
	IntoC     int    `json:"into_c"`
	Moves     []Move `json:"moves"`
}

// PreviewSettings counts how many customers would change grade under h,
// against their current grades. It writes nothing.
func PreviewSettings(ctx context.Context, db *sql.DB, h HealthSettings) (Preview, error) {
	var p Preview
	if err := ValidateHealth(h.HealthScoring); err != nil {
		return p, err
	}
	var ps params
	score := scoreSQL(h, "n", &ps)
	grade := gradeSQL(h, "s.score", &ps)
	q := `WITH s AS (SELECT n.customer_id, ` + score + ` AS score FROM customer_health_nodes n)
		SELECT coalesce(h.grade, ''), ` + grade + ` AS to_grade, count(*)
		FROM s LEFT JOIN health_scores h ON h.customer_id = s.customer_id
		GROUP BY ALL ORDER BY 1, 2`
	rows, err := db.QueryContext(ctx, q, ps.args...)
	if err != nil {
		return p, fmt.Errorf("previewing grades: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m Move
		if err := rows.Scan(&m.From, &m.To, &m.N); err != nil {
			return p, err
		}
		p.Customers += m.N
		if m.From != m.To {
			p.Changing += m.N
			p.Moves = append(p.Moves, m)
			if m.To == GradeC && m.From != "" {
				p.IntoC += m.N
			}
		}
	}
	return p, rows.Err()
}

// StaleScores counts customers whose score is missing, computed from older
// nodes, or computed with other settings than h.
func StaleScores(ctx context.Context, db *sql.DB, h HealthSettings) (missing, moved, otherVersion int, err error) {
	err = db.QueryRowContext(ctx, `SELECT
			count(*) FILTER (WHERE h.customer_id IS NULL),
			count(*) FILTER (WHERE h.customer_id IS NOT NULL AND h.nodes_updated_at IS DISTINCT FROM n.updated_at),
			count(*) FILTER (WHERE h.customer_id IS NOT NULL AND h.weights_version <> $1)
		FROM customer_health_nodes n LEFT JOIN health_scores h ON h.customer_id = n.customer_id`, h.Version).Scan(&missing, &moved, &otherVersion)
	return
}
