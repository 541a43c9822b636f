package metrics

import (
	"context"
	"database/sql"
	"time"
)

// Violation is one gate an opportunity passed without its key action done
// first (a row of metric_compliance_violations), with the rep's name.
//
// The fields are in the alphabetical order of their JSON names: GET
// /api/metrics/violations used to answer with column → value maps, which
// encoding/json writes sorted, and the answer stays byte for byte the same.
type Violation struct {
	ChangedAt     time.Time `json:"changed_at"` // when the opportunity entered the gated stage
	GateStage     string    `json:"gate_stage"`
	MissingAction string    `json:"missing_action"`
	OppID         int64     `json:"opp_id"`
	Rep           *string   `json:"rep"`    // nil: no rep, or a rep id the reps table does not know
	RepID         *int64    `json:"rep_id"` // nil: the opportunity has no owner
}

// Violations lists the period's violations, newest first, at most limit of
// them (an empty period gives an empty, non-nil list).
func Violations(ctx context.Context, db *sql.DB, p Period, limit int) ([]Violation, error) {
	rows, err := db.QueryContext(ctx, `SELECT v.changed_at, v.gate_stage, v.missing_action, v.opp_id, r.name, v.rep_id
		FROM metric_compliance_violations v LEFT JOIN reps r ON r.rep_id = v.rep_id
		WHERE v.period = $1 ORDER BY v.changed_at DESC LIMIT $2`, p.Label, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Violation{}
	for rows.Next() {
		var v Violation
		if err := rows.Scan(&v.ChangedAt, &v.GateStage, &v.MissingAction, &v.OppID, &v.Rep, &v.RepID); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
