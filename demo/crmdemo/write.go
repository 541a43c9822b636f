package crmdemo

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"salesbi/connectors"
	"salesbi/model"
	"salesbi/progress"
)

// Dialect is the CRM's database kind.
type Dialect string

const (
	MySQL    Dialect = "mysql"
	Postgres Dialect = "postgres"
)

// Options of one write.
type Options struct {
	// Loc is the CRM's zone: DATETIME columns hold wall clocks in it.
	Loc      *time.Location
	Progress progress.Reporter
}

// target is the CRM database being written: database/sql for MySQL, a
// pgx connection for PostgreSQL.
type target interface {
	Exec(ctx context.Context, q string, args ...any) error
	Close() error
}

type sqlTarget struct{ db *sql.DB }

func (t sqlTarget) Exec(ctx context.Context, q string, args ...any) error {
	_, err := t.db.ExecContext(ctx, q, args...)
	return err
}
func (t sqlTarget) Close() error { return t.db.Close() }

type pgTarget struct{ c *pgx.Conn }

func (t pgTarget) Exec(ctx context.Context, q string, args ...any) error {
	_, err := t.c.Exec(ctx, q, args...)
	return err
}
func (t pgTarget) Close() error { return t.c.Close(context.Background()) }

// openTarget opens the CRM database for writing.
func openTarget(ctx context.Context, d Dialect, dsn string) (target, error) {
	switch d {
	case MySQL:
		db, _, err := connectors.OpenMySQLDB(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("the MySQL CRM: %w", err)
		}
		return sqlTarget{db}, nil
	case Postgres:
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("connecting to the PostgreSQL CRM: %w", err)
		}
		return pgTarget{c}, nil
	}
	return nil, fmt.Errorf("unknown CRM dialect %q", d)
}

// Write replaces the CRM tables in the target database with the canonical
// model of from (the demo company), returning the rows written per table.
func Write(ctx context.Context, from *model.DB, d Dialect, dsn string, opt Options) (map[string]int64, error) {
	if opt.Loc == nil {
		opt.Loc = time.UTC
	}
	if opt.Progress == nil {
		opt.Progress = progress.Nop{}
	}
	to, err := openTarget(ctx, d, dsn)
	if err != nil {
		return nil, err
	}
	defer to.Close()
	out := map[string]int64{}
	for _, t := range Schema {
		if err := to.Exec(ctx, "DROP TABLE IF EXISTS "+t.Name); err != nil {
			return out, fmt.Errorf("dropping %s: %w", t.Name, err)
		}
		if err := to.Exec(ctx, CreateSQL(d, t)); err != nil {
			return out, fmt.Errorf("creating %s: %w", t.Name, err)
		}
		if err := to.Exec(ctx, "CREATE INDEX "+t.Name+"_modified ON "+t.Name+" ("+ModifiedAt+")"); err != nil {
			return out, fmt.Errorf("indexing %s: %w", t.Name, err)
		}
		n, err := copyTable(ctx, from, to, d, t, opt)
		out[t.Name] = n
		if err != nil {
			return out, fmt.Errorf("writing %s: %w", t.Name, err)
		}
	}
	return out, nil
}

// allCols is the table's columns plus modified_at.
func allCols(t Table) []Col {
	return append(append([]Col{}, t.Cols...), Col{ModifiedAt, "updated_at", DateTime, nil})
}

// CreateSQL is the CRM table's DDL.
func CreateSQL(d Dialect, t Table) string {
	var defs []string
	for _, c := range allCols(t) {
		typ := colType(d, c.Kind)
		if c.Name == ModifiedAt {
			typ += " NOT NULL"
		}
		defs = append(defs, c.Name+" "+typ)
	}
	defs = append(defs, "PRIMARY KEY ("+strings.Join(t.Key, ", ")+")")
	s := "CREATE TABLE " + t.Name + " (\n  " + strings.Join(defs, ",\n  ") + "\n)"
	if d == MySQL {
		s += " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"
	}
	return s
}

func colType(d Dialect, k Kind) string {
	my := map[Kind]string{ID: "BIGINT", Text: "VARCHAR(255)", LongText: "LONGTEXT", Money: "DECIMAL(18,2)",
		Float: "DOUBLE", Flag: "TINYINT(1)", Date: "DATE", DateTime: "DATETIME(6)", Instant: "TIMESTAMP(6) NULL DEFAULT NULL", Code: "VARCHAR(32)"}
	pg := map[Kind]string{ID: "BIGINT", Text: "VARCHAR(255)", LongText: "TEXT", Money: "NUMERIC(18,2)",
		Float: "DOUBLE PRECISION", Flag: "SMALLINT", Date: "DATE", DateTime: "TIMESTAMP(6)", Instant: "TIMESTAMPTZ(6)", Code: "VARCHAR(32)"}
	if d == MySQL {
		return my[k]
	}
	return pg[k]
}

// batchRows per multi-row INSERT keeps well under both servers' limit of
// 65,535 bound parameters.
const batchRows = 500

func copyTable(ctx context.Context, from *model.DB, to target, d Dialect, t Table, opt Options) (int64, error) {
	cols := allCols(t)
	sel := make([]string, len(cols))
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
		sel[i] = c.Canon
		if c.Kind == Money {
			sel[i] = "CAST(" + c.Canon + " AS VARCHAR)"
		}
	}
	var total int64
	if err := from.QueryRowContext(ctx, "SELECT count(*) FROM "+t.Canon).Scan(&total); err != nil {
		return 0, err
	}
	rows, err := from.QueryContext(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+t.Canon)
	if err != nil {
		return 0, fmt.Errorf("reading %s: %w", t.Canon, err)
	}
	defer rows.Close()
	step := "crm " + t.Name
	defer opt.Progress.Done(step)
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var args []any
	var n int64
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		q := insertSQL(d, t.Name, names, len(args)/len(cols))
		if err := to.Exec(ctx, q, args...); err != nil {
			return err
		}
		args = args[:0]
		opt.Progress.Step(step, n, total)
		return nil
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, c := range cols {
			v, err := crmValue(d, c, vals[i], opt.Loc)
			if err != nil {
				return n, fmt.Errorf("%s row %d column %s: %w", t.Canon, n+1, c.Canon, err)
			}
			args = append(args, v)
		}
		n++
		if n%batchRows == 0 {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

func insertSQL(d Dialect, table string, names []string, nrows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(names, ", ") + ") VALUES ")
	p := 0
	for r := 0; r < nrows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range names {
			if c > 0 {
				b.WriteString(", ")
			}
			p++
			if d == MySQL {
				b.WriteByte('?')
			} else {
				b.WriteString("$" + strconv.Itoa(p))
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// crmValue turns a canonical value into what the CRM column stores.
func crmValue(d Dialect, c Col, v any, loc *time.Location) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.Kind {
	case DateTime:
		return v.(time.Time).In(loc).Format("2006-01-02 15:04:05.999999"), nil
	case Instant:
		if d == MySQL {
			return v.(time.Time).UTC().Format("2006-01-02 15:04:05.999999"), nil // the session runs in UTC
		}
		return v.(time.Time), nil
	case Date:
		return v.(time.Time).Format("2006-01-02"), nil
	case Flag:
		if b, ok := v.(bool); ok && b {
			return 1, nil
		}
		return 0, nil
	case Code:
		key := fmt.Sprint(v)
		if f, ok := v.(float64); ok { // a health node 0–10 becomes the nearest answer
			switch {
			case f >= 7.5:
				key = "10"
			case f >= 2.5:
				key = "5"
			default:
				key = "0"
			}
		}
		to, ok := c.Map[key]
		if !ok {
			return nil, fmt.Errorf("value %q has no CRM code", key)
		}
		return to, nil
	}
	return v, nil
}
