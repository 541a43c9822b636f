package model

import (
	"context"
	"database/sql"
	"fmt"
)

// CanonicalTables lists the tables of the canonical model in dependency
// order (parents first). Row counts at /api/status, checksums in tests and
// the demo generator all walk this list.
var CanonicalTables = []string{
	"regions", "markets", "reps", "rep_capability", "customers", "customer_health_nodes",
	"leads", "opportunities", "stage_history", "key_actions", "requirements",
	"visits", "contracts", "targets", "users",
}

// RowCounts is the row count of every canonical table, by table name.
func RowCounts(ctx context.Context, db *sql.DB) (map[string]int64, error) {
	out := make(map[string]int64, len(CanonicalTables))
	for _, t := range CanonicalTables {
		var n int64
		// The table names are CanonicalTables' own, never input: an
		// identifier cannot be a bound parameter.
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("counting the rows of %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// Stages in pipeline order; won and lost are terminal.
var Stages = []string{"lead", "qualified", "solution", "quote", "negotiation", "contract", "won", "lost"}

// Key actions and the stage each one gates (DESIGN.md: an opportunity may not
// enter the gated stage before the action is done).
const (
	ActionTechSolutionSigned   = "tech_solution_signed"
	ActionQuoteCosted          = "quote_costed"
	ActionRequirementsApproved = "requirements_approved" // derived from requirements, never a row
	ActionLegalReviewed        = "legal_reviewed"
)

// Gate is a stage entry guarded by a key action.
type Gate struct {
	Stage  string
	Action string
}

// Gates in pipeline order.
var Gates = []Gate{
	{"quote", ActionTechSolutionSigned},
	{"negotiation", ActionQuoteCosted},
	{"contract", ActionRequirementsApproved},
	{"contract", ActionLegalReviewed},
}

// StageIndex is a stage's position in Stages, -1 if unknown.
func StageIndex(stage string) int {
	for i, s := range Stages {
		if s == stage {
			return i
		}
	}
	return -1
}
