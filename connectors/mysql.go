package connectors

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"salesbi/config"
)

// mysqlSource reads MySQL/MariaDB through go-sql-driver/mysql's text
// protocol: every value arrives as bytes the converters parse once, and
// date-times are read by the source because only it knows whether a column
// is a DATETIME (wall clock in the source's zone) or a TIMESTAMP (an instant,
// sent in UTC because the session's time_zone is set to +00:00).
type mysqlSource struct {
	db *sql.DB
	// connector opens the connection a Read streams over, used at the
	// driver level: database/sql's Scan and its per-row locking cost a
	// quarter of the reader's time on a big table.
	connector driver.Connector
	loc       *time.Location
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
	db, conn, err := OpenMySQLDB(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return &mysqlSource{db: db, connector: conn, loc: loc}, nil
}

// OpenMySQLDB connects to a MySQL/MariaDB server with salesbi's driver
// settings (MySQLConfig) and checks that it answers. The connector is
// returned too: the full-load reader talks to the driver below database/sql.
func OpenMySQLDB(ctx context.Context, dsn string) (*sql.DB, driver.Connector, error) {
	c, err := MySQLConfig(dsn)
	if err != nil {
		return nil, nil, err
	}
	conn, err := mysql.NewConnector(c)
	if err != nil {
		return nil, nil, err
	}
	db := sql.OpenDB(conn)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("connecting to MySQL at %s: %w", c.Addr, err)
	}
	return db, conn, nil
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
	return out, rows.Err()
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
	// `?` is the one exception to salesbi's $n placeholders: this SQL runs on
	// the MySQL source, and go-sql-driver/mysql only understands `?`.
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
	conn, err := m.connector.Connect(ctx)
	if err != nil {
		return nil, fmt.Errorf("connecting to read %s: %w", describeWhat(q.Table), err)
	}
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	rows, err := conn.(driver.QueryerContext).QueryContext(ctx, m.selectSQL(q)+w, named)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("querying %s: %w", describeWhat(q.Table), err)
	}
	n := len(rows.Columns())
	r := &mysqlRows{conn: conn, rows: rows, raw: make([]driver.Value, n),
		vals: make([]any, n), bufs: make([][]byte, n), num: make([][]byte, n), kind: make([]byte, n)}
	typed, _ := rows.(driver.RowsColumnTypeDatabaseTypeName)
	for i := 0; i < n && typed != nil; i++ {
		switch strings.ToUpper(typed.ColumnTypeDatabaseTypeName(i)) {
		case "TIMESTAMP":
			r.kind[i] = 'T'
		case "DATETIME", "DATE":
			r.kind[i] = 'D'
		}
	}
	return r, nil
}

type mysqlRows struct {
	conn driver.Conn
	rows driver.Rows
	raw  []driver.Value // the driver's []byte views of its read buffer (text protocol)
	vals []any
	bufs [][]byte // views of the driver's buffer
	num  [][]byte // our own text: numbers the driver parsed (uint64 > MaxInt64, FLOAT), TIMESTAMPs with Z
	kind []byte   // 'T' TIMESTAMP (UTC), 'D' DATETIME/DATE (source zone), 0 other
	n    int64
	err  error
	done bool
}

func (r *mysqlRows) Next() bool {
	if r.err != nil || r.done {
		return false
	}
	if err := r.rows.Next(r.raw); err != nil {
		if errors.Is(err, io.EOF) {
			r.done = true
		} else {
			r.err = err
		}
		return false
	}
	r.n++
	for i, v := range r.raw {
		// The driver parses integer and floating columns itself (int64,
		// uint64, float32, float64) and hands the rest over as bytes.
		b, isBytes := v.([]byte)
		switch x := v.(type) {
		case uint64:
			if x <= math.MaxInt64 {
				r.vals[i] = int64(x)
			} else {
				r.num[i] = strconv.AppendUint(r.num[i][:0], x, 10)
				r.vals[i] = &r.num[i]
			}
			continue
		case float32: // text, so FLOAT 0.1 stays 0.1 for DECIMAL and VARCHAR
			r.num[i] = strconv.AppendFloat(r.num[i][:0], float64(x), 'g', -1, 32)
			r.vals[i] = &r.num[i]
			continue
		}
		switch {
		case !isBytes || b == nil:
			r.vals[i] = v // NULL, int64, float64
		case r.kind[i] == 'T':
			// A TIMESTAMP is sent in UTC (the session's time_zone): the Z
			// says so to the converter, which parses it on its own goroutine.
			r.num[i] = append(append(r.num[i][:0], b...), 'Z')
			r.vals[i] = &r.num[i]
		default:
			r.bufs[i] = b
			r.vals[i] = &r.bufs[i]
		}
	}
	return true
}

func (r *mysqlRows) Values() []any { return r.vals }
func (r *mysqlRows) Row() int64    { return r.n }
func (r *mysqlRows) Close() error {
	err := r.rows.Close()
	if cerr := r.conn.Close(); err == nil {
		err = cerr
	}
	return err
}
func (r *mysqlRows) Err() error { return r.err }
