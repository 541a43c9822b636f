package dashboards

import (
	"context"
	"database/sql"
)

// scanAll runs a fixed query and reads each row into a T with scan. The
// rows are closed and rows.Err checked here, once for every list the
// stand-up board shows.
//
// Only the stand-up board (standup*.go) reads SQL in this package, until
// issue 10 puts it on the preset engine; every other page reads through
// query/, metrics/ or model/. Nothing new may use this (nosql_test.go).
func scanAll[T any](ctx context.Context, db *sql.DB, q string, args []any, scan func(*sql.Rows, *T) error) ([]T, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var x T
		if err := scan(rows, &x); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
