package metrics

import (
	"context"
	"database/sql"
)

// Grading accuracy of a period (DESIGN.md "Customer health"), for the
// dynamic health grade and the static tier side by side:
//
//   - the health grade at the period's start is the last grade_changes row
//     at or before the start (every grading is recorded there, the first one
//     too). A customer first graded after the start has no such row: its
//     first recorded grade is used instead and counted as "backfilled", so
//     on a fresh database (scored once, today) the figure exists but says
//     how much of it is backfilled. salesbi keeps no history of the health
//     nodes themselves, so it cannot recompute older grades.
//   - the static tier is customers.static_tier (A/B/C, case-insensitive).
//   - A foretold right: a contract signed (new or renewal) in
//     [start, end), end = min(period end, now).
//   - C foretold right: an opportunity lost in [start, end), or no visit,
//     lead (created or followed) or opportunity activity (created or a stage
//     change) in the inactive_days (default 60) before end.
//   - accuracy = (right A + right C) / (A + C). B is shown apart: its
//     "matched" column counts B customers that signed.
type Accuracy struct {
	Basis      string  `json:"basis"` // health | static
	A          int     `json:"a"`
	AMatched   int     `json:"a_matched"`
	B          int     `json:"b"`
	BSigned    int     `json:"b_signed"`
	C          int     `json:"c"`
	CMatched   int     `json:"c_matched"`
	Backfilled int     `json:"backfilled"`
	Accuracy   float64 `json:"accuracy"`
}

// ComputeAccuracy recomputes metric_grading_accuracy for period p.
func ComputeAccuracy(ctx context.Context, db *sql.DB, p Period, inactiveDays int) ([]Accuracy, error) {
	end := p.End()
	quiet := end.AddDate(0, 0, -inactiveDays)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM metric_grading_accuracy WHERE period = $1`, p.Label); err != nil {
		return nil, wrapf(err, "clearing metric_grading_accuracy for %s", p.Label)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO metric_grading_accuracy (period, basis, grade, customers, matched, backfilled)
		WITH health_start AS (
			SELECT customer_id,
				coalesce(arg_max(to_grade, changed_at) FILTER (WHERE changed_at <= $1), arg_min(to_grade, changed_at)) AS grade,
				count(*) FILTER (WHERE changed_at <= $2) = 0 AS backfilled
			FROM grade_changes GROUP BY customer_id),
		graded AS (
			SELECT 'health' AS basis, customer_id, grade, backfilled FROM health_start
			UNION ALL
			SELECT 'static', customer_id, upper(trim(static_tier)), false FROM customers
			WHERE upper(trim(static_tier)) IN ('A', 'B', 'C')),
		signed AS (SELECT DISTINCT customer_id FROM contracts WHERE signed_at >= $3 AND signed_at < $4),
		lost AS (SELECT DISTINCT customer_id FROM opportunities WHERE outcome = 'lost' AND closed_at >= $5 AND closed_at < $6),
		active AS (
			SELECT customer_id FROM visits WHERE visited_at >= $7 AND visited_at < $8
			UNION SELECT customer_id FROM leads WHERE (created_at >= $9 AND created_at < $10) OR (last_followed_at >= $11 AND last_followed_at < $12)
			UNION SELECT customer_id FROM opportunities WHERE created_at >= $13 AND created_at < $14
			UNION SELECT o.customer_id FROM stage_history sh JOIN opportunities o ON o.opp_id = sh.opp_id
				WHERE sh.changed_at >= $15 AND sh.changed_at < $16)
		SELECT $17, g.basis, g.grade, count(*),
			count(*) FILTER (WHERE CASE g.grade WHEN 'C' THEN l.customer_id IS NOT NULL OR a.customer_id IS NULL
				ELSE s.customer_id IS NOT NULL END),
			count(*) FILTER (WHERE g.backfilled)
		FROM graded g
		LEFT JOIN signed s ON s.customer_id = g.customer_id
		LEFT JOIN lost l ON l.customer_id = g.customer_id
		LEFT JOIN active a ON a.customer_id = g.customer_id
		GROUP BY g.basis, g.grade`,
		p.From, p.From, p.From, end, p.From, end, quiet, end, quiet, end, quiet, end, quiet, end, quiet, end, p.Label)
	if err != nil {
		return nil, wrapf(err, "computing grading accuracy for %s", p.Label)
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return ReadAccuracy(ctx, db, p.Label)
}

// ReadAccuracy summarises the stored rows of a period: health first, then static.
func ReadAccuracy(ctx context.Context, db *sql.DB, period string) ([]Accuracy, error) {
	rows, err := db.QueryContext(ctx, `SELECT basis, grade, customers, matched, backfilled FROM metric_grading_accuracy WHERE period = $1`, period)
	if err != nil {
		return nil, wrapf(err, "reading grading accuracy for %s", period)
	}
	defer rows.Close()
	by := map[string]*Accuracy{"health": {Basis: "health"}, "static": {Basis: "static"}}
	for rows.Next() {
		var basis, grade string
		var n, m, b int
		if err := rows.Scan(&basis, &grade, &n, &m, &b); err != nil {
			return nil, err
		}
		a := by[basis]
		a.Backfilled += b
		switch grade {
		case GradeA:
			a.A, a.AMatched = n, m
		case GradeB:
			a.B, a.BSigned = n, m
		case GradeC:
			a.C, a.CMatched = n, m
		}
	}
	out := []Accuracy{*by["health"], *by["static"]}
	for i := range out {
		if d := out[i].A + out[i].C; d > 0 {
			out[i].Accuracy = float64(out[i].AMatched+out[i].CMatched) / float64(d)
		}
	}
	return out, rows.Err()
}
