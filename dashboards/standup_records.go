package dashboards

import (
	"context"
	"database/sql"
	"time"
)

// standupRecords are the rows behind a rep's bars: the last drill level.
type standupRecords struct {
	Leads    []recLead
	Visits   []recVisit
	Signings []recSigning
}

type recLead struct {
	ID              int64
	At              time.Time
	Channel, Status string
	FollowedUp      bool
	CustomerID      sql.NullInt64
}

type recVisit struct {
	ID         int64
	At         time.Time
	CustomerID sql.NullInt64
	Customer   string
	Purpose    string
}

type recSigning struct {
	ID         int64
	At         time.Time
	CustomerID int64
	Customer   string
	Amount     float64
}

func loadStandupRecords(ctx context.Context, db *sql.DB, f standupFilter) (*standupRecords, error) {
	r := &standupRecords{}
	args := []any{f.Day.From, f.Day.To, f.RepID}
	var err error
	if r.Leads, err = scanAll(ctx, db, `
		SELECT lead_id, created_at, coalesce(channel, 'other'), status, first_followed_at IS NOT NULL, customer_id
		FROM leads WHERE owner_rep_id = $3 AND created_at >= $1 AND created_at < $2
		ORDER BY created_at, lead_id`, args, func(rows *sql.Rows, x *recLead) error {
		return rows.Scan(&x.ID, &x.At, &x.Channel, &x.Status, &x.FollowedUp, &x.CustomerID)
	}); err != nil {
		return nil, err
	}
	if r.Visits, err = scanAll(ctx, db, `
		SELECT v.visit_id, v.visited_at, v.customer_id, coalesce(cu.name, ''), coalesce(v.purpose, '')
		FROM visits v LEFT JOIN customers cu ON cu.customer_id = v.customer_id
		WHERE v.rep_id = $3 AND v.visited_at >= $1 AND v.visited_at < $2
		ORDER BY v.visited_at, v.visit_id`, args, func(rows *sql.Rows, x *recVisit) error {
		return rows.Scan(&x.ID, &x.At, &x.CustomerID, &x.Customer, &x.Purpose)
	}); err != nil {
		return nil, err
	}
	if r.Signings, err = scanAll(ctx, db, `
		SELECT c.contract_id, c.signed_at, c.customer_id, coalesce(cu.name, ''), c.amount::DOUBLE
		FROM contracts c JOIN customers cu ON cu.customer_id = c.customer_id
		LEFT JOIN opportunities o ON o.opp_id = c.opp_id
		WHERE coalesce(o.owner_rep_id, cu.owner_rep_id) = $3 AND c.signed_at >= $1 AND c.signed_at < $2
		ORDER BY c.signed_at, c.contract_id`, args, func(rows *sql.Rows, x *recSigning) error {
		return rows.Scan(&x.ID, &x.At, &x.CustomerID, &x.Customer, &x.Amount)
	}); err != nil {
		return nil, err
	}
	return r, nil
}
