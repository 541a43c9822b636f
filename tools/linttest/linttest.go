// Package linttest holds the mistakes `make lint` must catch; the Makefile
// lints it and fails when the linter stays quiet. It lives in the tools
// module, so ./... of salesbi never sees it.
package linttest

import (
	"context"
	"database/sql"
)

// NoErrCheck forgets rows.Err(): an error that ends the loop early (a
// dropped connection, a cancelled context) reads as a short result.
func NoErrCheck(ctx context.Context, db *sql.DB) ([]int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM t`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

// NoClose never closes its rows, holding a connection until the GC runs.
func NoClose(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM t`)
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}
