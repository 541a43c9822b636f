package metrics

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"salesbi/apperr"
)

// CustomerHealth is one customer's health as the customer page and GET
// /api/customers/:id/health show it: who the customer is, the six nodes the
// score is made of, the score and grade in force, the last visits and the
// grade changes, with the settings they were judged by.
type CustomerHealth struct {
	ID         int64
	Name       string
	Owner      string // the owner rep's name, "" when the customer has none
	StaticTier string // the CRM's own tier, "" when it has none
	// Nodes are the node values 0–10 in node order (the order of
	// config.HealthWeights.Named); nil where the CRM has no value.
	Nodes    [6]*float64
	Scored   bool // a health_scores row exists; Score, Grade, ScoredAt are set only then
	Score    float64
	Grade    string
	ScoredAt time.Time
	// ActNow: scored and under the B threshold, so the page proposes the
	// SuggestedActions.
	ActNow   bool
	Settings HealthSettings
	Visits   []CustomerVisit // the last CustomerVisitsShown, newest first
	Changes  []GradeChange   // the last CustomerChangesShown, newest first
}

// CustomerVisit is one visit to the customer. The JSON names are the API's.
type CustomerVisit struct {
	VisitedAt time.Time `json:"visited_at"`
	Rep       string    `json:"rep"`     // "" when the rep is unknown
	Purpose   string    `json:"purpose"` // a code labelled by model labels ("purpose")
}

// GradeChange is one row of the customer's grade history. The JSON names
// are the API's.
type GradeChange struct {
	From      string    `json:"from"` // "" for the first grade
	To        string    `json:"to"`
	Score     float64   `json:"score"`
	ChangedAt time.Time `json:"changed_at"`
	Cause     string    `json:"cause"`
}

// How much history the customer view carries: the page's "last 3 visits"
// and a screenful of grade changes.
const (
	CustomerVisitsShown  = 3
	CustomerChangesShown = 10
)

// Customer reads one customer's health with the settings in force. An
// unknown id is a NotFound error.
func (h *Health) Customer(ctx context.Context, id int64) (CustomerHealth, error) {
	s, err := h.Settings(ctx)
	if err != nil {
		return CustomerHealth{}, err
	}
	return ReadCustomerHealth(ctx, h.DB.DB, s, id)
}

// ReadCustomerHealth reads one customer's health judged by settings s (the
// ActNow threshold). An unknown id is a NotFound error.
func ReadCustomerHealth(ctx context.Context, db *sql.DB, s HealthSettings, id int64) (CustomerHealth, error) {
	v := CustomerHealth{ID: id, Settings: s}
	var nodes [6]sql.NullFloat64
	var score sql.NullFloat64
	var grade sql.NullString
	var scoredAt sql.NullTime
	err := db.QueryRowContext(ctx, `SELECT c.name, coalesce(r.name, ''), coalesce(c.static_tier, ''),
			n.plan_approved, n.budget_approved, n.tech_connected, n.competitor_status, n.payment_terms, n.delivery_buffer,
			h.score, h.grade, h.scored_at
		FROM customers c LEFT JOIN reps r ON r.rep_id = c.owner_rep_id
		LEFT JOIN customer_health_nodes n ON n.customer_id = c.customer_id
		LEFT JOIN health_scores h ON h.customer_id = c.customer_id
		WHERE c.customer_id = $1`, id).Scan(&v.Name, &v.Owner, &v.StaticTier,
		&nodes[0], &nodes[1], &nodes[2], &nodes[3], &nodes[4], &nodes[5], &score, &grade, &scoredAt)
	if errors.Is(err, sql.ErrNoRows) {
		return CustomerHealth{}, apperr.New(apperr.NotFound, "customer "+strconv.FormatInt(id, 10)+" does not exist")
	}
	if err != nil {
		return CustomerHealth{}, err
	}
	for i, n := range nodes {
		if n.Valid {
			x := n.Float64
			v.Nodes[i] = &x
		}
	}
	if score.Valid {
		v.Scored, v.Score, v.Grade, v.ScoredAt = true, score.Float64, grade.String, scoredAt.Time
		v.ActNow = v.Score < s.GradeB
	}
	if v.Visits, err = customerVisits(ctx, db, id); err != nil {
		return CustomerHealth{}, err
	}
	if v.Changes, err = customerGradeChanges(ctx, db, id); err != nil {
		return CustomerHealth{}, err
	}
	return v, nil
}

// customerVisits are the customer's last visits, newest first (nil when
// there are none).
func customerVisits(ctx context.Context, db *sql.DB, id int64) ([]CustomerVisit, error) {
	rows, err := db.QueryContext(ctx, `SELECT v.visited_at, coalesce(r.name, ''), coalesce(v.purpose, '') FROM visits v
		LEFT JOIN reps r ON r.rep_id = v.rep_id WHERE v.customer_id = $1 ORDER BY v.visited_at DESC LIMIT $2`,
		id, CustomerVisitsShown)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CustomerVisit
	for rows.Next() {
		var cv CustomerVisit
		if err := rows.Scan(&cv.VisitedAt, &cv.Rep, &cv.Purpose); err != nil {
			return nil, err
		}
		out = append(out, cv)
	}
	return out, rows.Err()
}

// customerGradeChanges are the customer's last grade changes, newest first
// (nil when there are none).
func customerGradeChanges(ctx context.Context, db *sql.DB, id int64) ([]GradeChange, error) {
	rows, err := db.QueryContext(ctx, `SELECT coalesce(from_grade, ''), to_grade, score, changed_at, cause FROM grade_changes
		WHERE customer_id = $1 ORDER BY changed_at DESC, change_id DESC LIMIT $2`, id, CustomerChangesShown)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GradeChange
	for rows.Next() {
		var g GradeChange
		if err := rows.Scan(&g.From, &g.To, &g.Score, &g.ChangedAt, &g.Cause); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
