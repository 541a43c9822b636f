// Package alerts is the webhook queue of grade-drop alerts: alerts are rows
// of the alerts table (so a restart loses nothing), delivered by a loop that
// retries with exponential backoff and logs every attempt with the response
// in alert_attempts. Messages are markdown, rendered per channel at delivery
// (WeCom group robot, DingTalk robot with signed secret, Feishu bot, or a
// generic JSON webhook).
package alerts

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Kinds of alert.
const (
	KindDrop    = "drop"    // one customer fell into C after a sync
	KindSummary = "summary" // a settings edit moved customers into C
)

// Statuses of an alert.
const (
	StatusPending   = "pending"
	StatusDelivered = "delivered"
	StatusFailed    = "failed" // gave up after max_attempts
)

// Alert is one queued message.
type Alert struct {
	ID           int64      `json:"alert_id"`
	Kind         string     `json:"kind"`
	CustomerID   *int64     `json:"customer_id,omitempty"`
	ManagerRepID *int64     `json:"manager_rep_id,omitempty"`
	Title        string     `json:"title"`
	Body         string     `json:"body"` // markdown
	Status       string     `json:"status"`
	Attempts     int        `json:"attempts"`
	NextAttempt  time.Time  `json:"next_attempt_at"`
	CreatedAt    time.Time  `json:"created_at"`
	DeliveredAt  *time.Time `json:"delivered_at,omitempty"`
	LastError    string     `json:"last_error,omitempty"`
}

// Execer is a *sql.DB or *sql.Tx: enqueue inside the caller's transaction
// when the alert must commit with the change that caused it.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Enqueue stores a pending alert due now and returns its id.
func Enqueue(ctx context.Context, db Execer, a Alert, now time.Time) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, `INSERT INTO alerts (kind, customer_id, manager_rep_id, title, body, status, attempts, next_attempt_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7, $8) RETURNING alert_id`,
		a.Kind, a.CustomerID, a.ManagerRepID, a.Title, a.Body, now, now, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("queueing %s alert %q: %w", a.Kind, a.Title, err)
	}
	return id, nil
}

const alertCols = `alert_id, kind, customer_id, manager_rep_id, title, body, status, attempts, next_attempt_at, created_at, delivered_at, coalesce(last_error, '')`

func scanAlert(sc interface{ Scan(...any) error }) (Alert, error) {
	var a Alert
	var cust, mgr sql.NullInt64
	var delivered sql.NullTime
	err := sc.Scan(&a.ID, &a.Kind, &cust, &mgr, &a.Title, &a.Body, &a.Status, &a.Attempts, &a.NextAttempt, &a.CreatedAt, &delivered, &a.LastError)
	if cust.Valid {
		a.CustomerID = &cust.Int64
	}
	if mgr.Valid {
		a.ManagerRepID = &mgr.Int64
	}
	if delivered.Valid {
		a.DeliveredAt = &delivered.Time
	}
	return a, err
}

// List returns alerts newest first, optionally of one status ("" = all).
func List(ctx context.Context, db *sql.DB, status string, limit int) ([]Alert, error) {
	return queryAlerts(ctx, db, "listing alerts",
		`SELECT `+alertCols+` FROM alerts WHERE ($1 = '' OR status = $2) ORDER BY alert_id DESC LIMIT $3`, status, status, limit)
}

// due returns pending alerts whose next attempt is at or before now.
func due(ctx context.Context, db *sql.DB, now time.Time, limit int) ([]Alert, error) {
	return queryAlerts(ctx, db, "reading due alerts",
		`SELECT `+alertCols+` FROM alerts WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, alert_id LIMIT $2`, now, limit)
}

// queryAlerts runs a SELECT of alertCols and scans every row; what names the
// read in its error.
func queryAlerts(ctx context.Context, db *sql.DB, what, q string, args ...any) ([]Alert, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Attempt is one delivery try, as logged.
type Attempt struct {
	AlertID     int64     `json:"alert_id"`
	No          int       `json:"attempt_no"`
	Channel     string    `json:"channel"`
	AttemptedAt time.Time `json:"attempted_at"`
	StatusCode  int       `json:"status_code"`
	Response    string    `json:"response"`
	Error       string    `json:"error,omitempty"`
	DurationMS  float64   `json:"duration_ms"`
}

// Attempts lists the logged tries of one alert, oldest first.
func Attempts(ctx context.Context, db *sql.DB, alertID int64) ([]Attempt, error) {
	rows, err := db.QueryContext(ctx, `SELECT alert_id, attempt_no, channel, attempted_at, coalesce(status_code, 0), coalesce(response, ''), coalesce(error, ''), coalesce(duration_ms, 0)
		FROM alert_attempts WHERE alert_id = $1 ORDER BY attempt_no`, alertID)
	if err != nil {
		return nil, fmt.Errorf("reading attempts of alert %d: %w", alertID, err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		var a Attempt
		if err := rows.Scan(&a.AlertID, &a.No, &a.Channel, &a.AttemptedAt, &a.StatusCode, &a.Response, &a.Error, &a.DurationMS); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
