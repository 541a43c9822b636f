package connectors

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"salesbi/connectors/internal/duckraw"
)

// A full load builds a complete copy of the live table — same columns,
// types, defaults, NOT NULL, CHECK/UNIQUE and primary key — and the swap
// renames it over the live one. The rows are written once: the earlier
// DELETE + INSERT … SELECT from an unconstrained staging table wrote every
// row twice and cost about 30 % of a full sync.

// quoteIdent quotes a catalog name (role, name … are keywords).
func quoteIdent(n string) string { return `"` + strings.ReplaceAll(n, `"`, `""`) + `"` }

// createFullStage makes stage as an empty twin of the live table, primary
// key included: the key's index grows with the rows as they are inserted.
// Building it after the load (ALTER TABLE … ADD PRIMARY KEY) sorts every key
// at once and took the process's peak memory from +200 MiB at 1M rows to
// +500 MiB at 5M; built along the way the peak stays near the index itself
// (about 8 bytes a row), for about the same CPU on this path (the insert
// checks each chunk against the index instead of one sort at the end).
func createFullStage(ctx context.Context, conn *sql.Conn, p *tablePlan, stage string) error {
	inPK := map[string]bool{}
	for _, k := range p.PrimaryKey {
		inPK[k] = true
	}
	defs := make([]string, 0, len(p.Canon)+2)
	for _, c := range p.Canon {
		d := quoteIdent(c.Name) + " " + c.Type
		if c.HasDefault {
			d += " DEFAULT(" + c.Default + ")"
		}
		if c.NotNull || inPK[c.Name] {
			d += " NOT NULL"
		}
		defs = append(defs, d)
	}
	// Table constraints other than the key and NOT NULL, as DuckDB prints them.
	constraints, err := tableConstraints(ctx, conn, p.Table)
	if err != nil {
		return fmt.Errorf("reading the constraints of %s: %w", p.Table, err)
	}
	for _, text := range constraints {
		defs = append(defs, text)
		p.otherUnique = p.otherUnique || strings.HasPrefix(strings.ToUpper(text), "UNIQUE")
	}
	if len(p.PrimaryKey) > 0 {
		keys := make([]string, len(p.PrimaryKey))
		for i, k := range p.PrimaryKey {
			keys[i] = quoteIdent(k)
		}
		defs = append(defs, "PRIMARY KEY ("+strings.Join(keys, ", ")+")")
	}
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TABLE "+stage+" ("+strings.Join(defs, ", ")+")"); err != nil {
		return fmt.Errorf("creating staging table %s as a copy of %s: %w", stage, p.Table, err)
	}
	return nil
}

// fullColumns lists what the stage feed writes into the full stage: every
// canonical column in order. A mapped column keeps its converter; a NULL in
// a NOT NULL column with a default, and an unmapped column with a default,
// take the default — evaluated once here, as the INSERT of the swap used to.
func fullColumns(ctx context.Context, conn *sql.Conn, p *tablePlan) ([]mappedColumn, error) {
	mapped := map[string]mappedColumn{}
	for _, c := range p.Columns {
		mapped[c.Name] = c
	}
	out := make([]mappedColumn, len(p.Canon))
	for i, c := range p.Canon {
		var def driver.Value
		if c.HasDefault {
			var v any
			if err := conn.QueryRowContext(ctx, "SELECT CAST("+c.Default+" AS "+c.Type+")").Scan(&v); err != nil {
				return nil, fmt.Errorf("evaluating the default of %s.%s (%s): %w", p.Table, c.Name, c.Default, err)
			}
			def = v
		}
		m, ok := mapped[c.Name]
		switch {
		case !ok:
			out[i] = mappedColumn{canonColumn: c, Src: -1, Conv: constant(def)}
		case c.NotNull && c.HasDefault:
			m.useDefault, m.def = true, def // makeSink applies it
			out[i] = m
		default:
			out[i] = m
		}
	}
	return out, nil
}

func constant(v driver.Value) converter {
	return func(any) (driver.Value, error) { return v, nil }
}

// keyError says a key the source repeats must be unique there: the full
// stage's primary key refuses the second row, before anything live is
// touched. Other errors pass unchanged.
func keyError(p *tablePlan, err error) error {
	if err == nil || len(p.PrimaryKey) == 0 {
		return err
	}
	var de *duckdb.Error
	var ae *duckraw.Error // DuckDB's appender reports its errors as text only
	msg := ""
	if errors.As(err, &de) && de.Type == duckdb.ErrorTypeConstraint {
		msg = de.Msg
	} else if errors.As(err, &ae) && strings.Contains(ae.Msg, "constraint violation") {
		msg = ae.Msg
	}
	if !strings.Contains(strings.ToLower(msg), "duplicate key") {
		return err
	}
	what := "the key (" + strings.Join(p.PrimaryKey, ", ") + ")"
	if p.otherUnique {
		what += " and the UNIQUE columns"
	}
	return fmt.Errorf("source %s, table %s: %s must be unique in the source: %w", p.Source, p.Table, what, err)
}

// tableConstraints are the live table's constraints other than the key and
// NOT NULL, as DuckDB prints them.
func tableConstraints(ctx context.Context, conn *sql.Conn, table string) ([]string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT constraint_text FROM duckdb_constraints()
		WHERE schema_name = 'main' AND table_name = $1 AND constraint_type IN ('CHECK', 'UNIQUE', 'FOREIGN KEY')
		ORDER BY constraint_index`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			return nil, err
		}
		out = append(out, text)
	}
	return out, rows.Err()
}

// liveIndexes are the CREATE INDEX statements of the live table (another
// part may index a canonical table); the swap re-runs them on the new table.
func liveIndexes(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT sql FROM duckdb_indexes() WHERE schema_name = 'main' AND table_name = $1 AND sql IS NOT NULL`, table)
	if err != nil {
		return nil, fmt.Errorf("listing the indexes of %s: %w", table, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// replaceLive makes the stage the live table inside tx: other connections
// see the old table until the commit and the new one after (DuckDB's
// catalog is versioned like its rows); views name the table and follow.
func replaceLive(ctx context.Context, tx *sql.Tx, table, stage string) error {
	indexes, err := liveIndexes(ctx, tx, table)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DROP TABLE "+table); err != nil {
		return fmt.Errorf("replacing %s (dropping the old table): %w", table, err)
	}
	if _, err := tx.ExecContext(ctx, "ALTER TABLE "+stage+" RENAME TO "+table); err != nil {
		return fmt.Errorf("replacing %s (renaming %s): %w", table, stage, err)
	}
	for _, ix := range indexes {
		if _, err := tx.ExecContext(ctx, ix); err != nil {
			return fmt.Errorf("replacing %s (re-creating index %q): %w", table, ix, err)
		}
	}
	return nil
}
