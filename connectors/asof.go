package connectors

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// DataAsOf is, per canonical table, when its data was last brought up to
// date: the finished_at of the table's last successful run in the sync
// log (a connector's sync, or the demo company's generation, logged as
// source "demo"). A table never synced is absent.
func DataAsOf(ctx context.Context, db *sql.DB) (map[string]time.Time, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name, max(finished_at) FROM sync_runs WHERE status = 'ok' GROUP BY table_name`)
	if err != nil {
		return nil, fmt.Errorf("reading the sync log: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var t string
		var at time.Time
		if err := rows.Scan(&t, &at); err != nil {
			return nil, fmt.Errorf("reading the sync log: %w", err)
		}
		out[t] = at
	}
	return out, rows.Err()
}
