package connectors

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"salesbi/config"
)

// pgSource reads PostgreSQL through pgx's binary protocol. timestamptz
// arrives as an instant; timestamp (without time zone) arrives as a wall
// clock pgx labels UTC, which the source re-reads in its configured zone.
type pgSource struct {
	conn *pgx.Conn
	loc  *time.Location
}

func openPostgres(ctx context.Context, name string, s config.Source, loc *time.Location) (Source, error) {
	dsn, err := dsnFromEnv(name, s)
	if err != nil {
		return nil, err
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("the PostgreSQL DSN is not valid (want postgres://user@host:5432/db): %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	return &pgSource{conn: conn, loc: loc}, nil
}

func (p *pgSource) Close() error { return p.conn.Close(context.Background()) }

func pgIdent(n string) string {
	parts := strings.Split(n, ".")
	for i, s := range parts {
		parts[i] = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return strings.Join(parts, ".")
}

func pgFrom(t config.Table) string {
	if t.Select != "" {
		return "(" + t.Select + ") AS s"
	}
	return pgIdent(t.From)
}

func (p *pgSource) Describe(ctx context.Context, t config.Table) ([]SourceColumn, error) {
	rows, err := p.conn.Query(ctx, "SELECT * FROM "+pgFrom(t)+" LIMIT 0")
	if err != nil {
		return nil, fmt.Errorf("reading the columns of %s: %w", describeWhat(t), err)
	}
	defer rows.Close()
	var out []SourceColumn
	for _, f := range rows.FieldDescriptions() {
		typ := fmt.Sprint(f.DataTypeOID)
		if dt, ok := p.conn.TypeMap().TypeForOID(f.DataTypeOID); ok {
			typ = dt.Name
		}
		out = append(out, SourceColumn{Name: f.Name, Type: typ})
	}
	rows.Close()
	return out, rows.Err()
}

func (p *pgSource) where(ctx context.Context, q Query) (string, []any, error) {
	if q.Since == nil {
		return "", nil, nil
	}
	cols, err := p.Describe(ctx, q.Table)
	if err != nil {
		return "", nil, err
	}
	arg := q.Since.Format(time.RFC3339Nano)
	for _, c := range cols {
		if strings.EqualFold(c.Name, q.Incremental) && (c.Type == "timestamp" || c.Type == "date") {
			arg = q.Since.In(p.loc).Format("2006-01-02 15:04:05.999999")
		}
	}
	return " WHERE " + pgIdent(q.Incremental) + " >= $1", []any{arg}, nil
}

func (p *pgSource) Count(ctx context.Context, q Query) (int64, error) {
	w, args, err := p.where(ctx, q)
	if err != nil {
		return 0, err
	}
	var n int64
	err = p.conn.QueryRow(ctx, "SELECT count(*) FROM "+pgFrom(q.Table)+w, args...).Scan(&n)
	return n, err
}

func (p *pgSource) Read(ctx context.Context, q Query) (Rows, error) {
	w, args, err := p.where(ctx, q)
	if err != nil {
		return nil, err
	}
	cols := make([]string, len(q.Columns))
	for i, c := range q.Columns {
		cols[i] = pgIdent(c)
	}
	rows, err := p.conn.Query(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+pgFrom(q.Table)+w, args...)
	if err != nil {
		return nil, fmt.Errorf("querying %s: %w", describeWhat(q.Table), err)
	}
	r := &pgRows{rows: rows, loc: p.loc}
	for _, f := range rows.FieldDescriptions() {
		naive := false
		if dt, ok := p.conn.TypeMap().TypeForOID(f.DataTypeOID); ok {
			naive = dt.Name == "timestamp" || dt.Name == "date"
		}
		r.naive = append(r.naive, naive)
	}
	return r, nil
}

type pgRows struct {
	rows  pgx.Rows
	naive []bool // timestamp/date columns: wall clock in the source zone
	loc   *time.Location
	vals  []any
	n     int64
	err   error
}

func (r *pgRows) Next() bool {
	if r.err != nil || !r.rows.Next() {
		return false
	}
	r.vals, r.err = r.rows.Values()
	if r.err != nil {
		return false
	}
	for i, v := range r.vals {
		if t, ok := v.(time.Time); ok && r.naive[i] {
			r.vals[i] = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), r.loc)
		}
	}
	r.n++
	return true
}

func (r *pgRows) Values() []any { return r.vals }
func (r *pgRows) Row() int64    { return r.n }
func (r *pgRows) Close() error  { r.rows.Close(); return nil }
func (r *pgRows) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.rows.Err()
}
