package connectors

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"salesbi/config"
)

func init() { registerKind("mysql", openMySQL) }

// mysqlSource reads MySQL/MariaDB through go-sql-driver/mysql's text
// protocol: every value arrives as bytes the converters parse once, and
// date-times are read by the source because only it knows whether a column
// is a DATETIME (wall clock in the source's zone) or a TIMESTAMP (an instant,
// sent in UTC because the session's time_zone is set to +00:00).
type mysqlSource struct {
	db  *sql.DB
	loc *time.Location
}

// dsnFromEnv reads a source's DSN from its environment variable.
func dsnFromEnv(name string, s config.Source) (string, error) {
	dsn := os.Getenv(s.DSNEnv)
	if dsn == "" {
		return "", fmt.Errorf("environment variable %s (sources.%s.dsn_env) is empty: set it to the source's DSN", s.DSNEnv, name)
	}
	return dsn, nil
}

// MySQLConfig turns a DSN into the driver settings the connector needs:
// text protocol (no server-side prepares), raw date-times, UTC session.
func MySQLConfig(dsn string) (*mysql.Config, error) {
	c, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("the MySQL DSN is not valid (want user:password@tcp(host:3306)/database): %w", err)
	}
	c.ParseTime = false
	c.InterpolateParams = true
	if c.Params == nil {
		c.Params = map[string]string{}
	}
	c.Params["time_zone"] = "'+00:00'"
	if c.Timeout == 0 {
		c.Timeout = 10 * time.Second
	}
	return c, nil
}

func openMySQL(ctx context.Context, name string, s config.Source, loc *time.Location) (Source, error) {
	dsn, err := dsnFromEnv(name, s)
	if err != nil {
		return nil, err
	}
	c, err := MySQLConfig(dsn)
	if err != nil {
		return nil, err
	}
	conn, err := mysql.NewConnector(c)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(conn)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to %s: %w", c.Addr, err)
	}
	return &mysqlSource{db: db, loc: loc}, nil
}

func (m *mysqlSource) Close() error { return m.db.Close() }

func myIdent(n string) string {
	parts := strings.Split(n, ".")
	for i, p := range parts {
		parts[i] = "`" + strings.ReplaceAll(p, "`", "``") + "`"
	}
	return strings.Join(parts, ".")
}

func myFrom(t config.Table) string {
	if t.Select != "" {
		return "(" + t.Select + ") AS s"
	}
	return myIdent(t.From)
}

func (m *mysqlSource) Describe(ctx context.Context, t config.Table) ([]SourceColumn, error) {
	rows, err := m.db.QueryContext(ctx, "SELECT * FROM "+myFrom(t)+" LIMIT 0")
	if err != nil {
		return nil, fmt.Errorf("reading the columns of %s: %w", describeWhat(t), err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	out := make([]SourceColumn, len(cts))
	for i, c := range cts {
		out[i] = SourceColumn{Name: c.Name(), Type: c.DatabaseTypeName()}
	}
	return out, nil
}

// sinceArg renders a watermark the way the incremental column stores it.
func (m *mysqlSource) where(ctx context.Context, q Query) (string, []any, error) {
	if q.Since == nil {
		return "", nil, nil
	}
	cols, err := m.Describe(ctx, q.Table)
	if err != nil {
		return "", nil, err
	}
	at := q.Since.In(m.loc)
	for _, c := range cols {
		if strings.EqualFold(c.Name, q.Incremental) && strings.EqualFold(c.Type, "TIMESTAMP") {
			at = q.Since.UTC()
		}
	}
	return " WHERE " + myIdent(q.Incremental) + " >= ?", []any{at.Format("2006-01-02 15:04:05.999999")}, nil
}

func (m *mysqlSource) Count(ctx context.Context, q Query) (int64, error) {
	w, args, err := m.where(ctx, q)
	if err != nil {
		return 0, err
	}
	var n int64
	err = m.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+myFrom(q.Table)+w, args...).Scan(&n)
	return n, err
}

// SelectSQL is the statement Read runs (the bench drains it raw).
func (m *mysqlSource) selectSQL(q Query) string {
	cols := make([]string, len(q.Columns))
	for i, c := range q.Columns {
		cols[i] = myIdent(c)
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + myFrom(q.Table)
}

func (m *mysqlSource) Read(ctx context.Context, q Query) (Rows, error) {
	w, args, err := m.where(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := m.db.QueryContext(ctx, m.selectSQL(q)+w, args...)
	if err != nil {
		return nil, fmt.Errorf("querying %s: %w", describeWhat(q.Table), err)
	}
	cts, err := rows.ColumnTypes()
	if err != nil {
		rows.Close()
		return nil, err
	}
	r := &mysqlRows{rows: rows, raw: make([]sql.RawBytes, len(cts)), dest: make([]any, len(cts)),
		vals: make([]any, len(cts)), bufs: make([][]byte, len(cts)), kind: make([]byte, len(cts)), loc: m.loc}
	for i, c := range cts {
		r.dest[i] = &r.raw[i]
		switch strings.ToUpper(c.DatabaseTypeName()) {
		case "TIMESTAMP":
			r.kind[i] = 'T'
		case "DATETIME", "DATE":
			r.kind[i] = 'D'
		}
	}
	return r, nil
}

type mysqlRows struct {
	rows *sql.Rows
	raw  []sql.RawBytes
	dest []any
	vals []any
	bufs [][]byte
	kind []byte // 'T' TIMESTAMP (UTC), 'D' DATETIME/DATE (source zone), 0 other
	loc  *time.Location
	n    int64
	err  error
}

func (r *mysqlRows) Next() bool {
	if r.err != nil || !r.rows.Next() {
		return false
	}
	if err := r.rows.Scan(r.dest...); err != nil {
		r.err = err
		return false
	}
	r.n++
	for i, b := range r.raw {
		switch {
		case b == nil:
			r.vals[i] = nil
		case r.kind[i] != 0:
			loc := r.loc
			if r.kind[i] == 'T' {
				loc = time.UTC
			}
			t, zero, err := parseMySQLTime(b, loc)
			switch {
			case err != nil:
				r.vals[i] = []byte(b) // the converter reports it with its location
			case zero:
				r.vals[i] = nil
			default:
				r.vals[i] = t
			}
		default:
			r.bufs[i] = b
			r.vals[i] = &r.bufs[i]
		}
	}
	return true
}

func (r *mysqlRows) Values() []any { return r.vals }
func (r *mysqlRows) Row() int64    { return r.n }
func (r *mysqlRows) Close() error  { return r.rows.Close() }
func (r *mysqlRows) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.rows.Err()
}

// parseMySQLTime reads "2006-01-02[ 15:04:05[.ffffff]]" without the cost of
// time.Parse; zero dates (0000-00-00) report zero=true (read as NULL).
func parseMySQLTime(b []byte, loc *time.Location) (t time.Time, zero bool, err error) {
	num := func(s []byte) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, len(s) > 0
	}
	if len(b) < 10 || b[4] != '-' || b[7] != '-' {
		return t, false, fmt.Errorf("%q %w", b, errNotTime)
	}
	y, ok1 := num(b[0:4])
	mo, ok2 := num(b[5:7])
	d, ok3 := num(b[8:10])
	if !ok1 || !ok2 || !ok3 {
		return t, false, fmt.Errorf("%q %w", b, errNotTime)
	}
	if y == 0 || mo == 0 || d == 0 {
		return t, true, nil
	}
	var h, mi, s, ns int
	if len(b) >= 19 {
		var ok4, ok5, ok6 bool
		h, ok4 = num(b[11:13])
		mi, ok5 = num(b[14:16])
		s, ok6 = num(b[17:19])
		if !ok4 || !ok5 || !ok6 {
			return t, false, fmt.Errorf("%q %w", b, errNotTime)
		}
		if len(b) > 20 && b[19] == '.' {
			frac := b[20:]
			f, ok := num(frac)
			if !ok {
				return t, false, fmt.Errorf("%q %w", b, errNotTime)
			}
			for i := len(frac); i < 9; i++ {
				f *= 10
			}
			ns = f
		}
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, ns, loc), false, nil
}
