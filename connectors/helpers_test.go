package connectors_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"salesbi/config"
	"salesbi/connectors"
	"salesbi/connectors/internal/fixture"
	"salesbi/demo/crmdemo"
	"salesbi/model"
)

// Each test package owns its databases on the shared servers, so packages
// can run in parallel.
const (
	myRoot   = "root@tcp(127.0.0.1:3306)/"
	pgRoot   = "postgres://postgres@127.0.0.1:5432/postgres"
	zoneName = "Asia/Shanghai"
)

// mysqlDatabase recreates database name and returns its DSN and a handle
// whose session runs in UTC (like the connector's).
func mysqlDatabase(t *testing.T, name string) (string, *sql.DB) {
	t.Helper()
	admin, err := sql.Open("mysql", myRoot)
	require.NoError(t, err)
	defer admin.Close()
	_, err = admin.Exec("DROP DATABASE IF EXISTS " + name)
	require.NoError(t, err)
	_, err = admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
	require.NoError(t, err)
	dsn := myRoot + name
	c, err := connectors.MySQLConfig(dsn)
	require.NoError(t, err)
	c.MultiStatements = true
	conn, err := mysql.NewConnector(c)
	require.NoError(t, err)
	db := sql.OpenDB(conn)
	t.Cleanup(func() { db.Close() })
	return dsn, db
}

// pgDatabase recreates database name and returns its DSN and a connection.
func pgDatabase(t *testing.T, name string) (string, *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, pgRoot)
	require.NoError(t, err)
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	require.NoError(t, err)
	_, err = admin.Exec(ctx, "CREATE DATABASE "+name+" ENCODING 'UTF8' TEMPLATE template0")
	require.NoError(t, err)
	dsn := "postgres://postgres@127.0.0.1:5432/" + name
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	return dsn, conn
}

func openDuck(t *testing.T) *model.DB {
	t.Helper()
	db, err := model.Open(context.Background(), ":memory:", model.Options{MemoryLimit: "2GB", Threads: 2, TimeZone: zoneName})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// fixtureCompany is the hand-made canonical company the CRM is written from.
func fixtureCompany(t *testing.T) *model.DB {
	db := openDuck(t)
	require.NoError(t, fixture.Fill(context.Background(), db))
	return db
}

// loadConfig writes yaml to a file and loads it as salesbi.yaml.
func loadConfig(t *testing.T, yaml string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "salesbi.yaml")
	require.NoError(t, os.WriteFile(path, []byte(yaml), 0o644))
	cfg, err := config.Load(path)
	require.NoError(t, err)
	return cfg
}

func zone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation(zoneName)
	require.NoError(t, err)
	return loc
}

// ---- checksums, each computed by the database's own SQL ----

// duckExpr renders a canonical column as text the same way srcExpr renders
// its CRM column, so the two digests can be compared.
func duckExpr(col, typ string) string {
	switch {
	case typ == "DOUBLE":
		return "CAST(CAST(round(" + col + " * 1000) AS BIGINT) AS VARCHAR)"
	case typ == "BOOLEAN":
		return "CASE WHEN " + col + " THEN '1' ELSE '0' END"
	case typ == "DATE":
		return "strftime(" + col + ", '%Y-%m-%d')"
	case strings.HasPrefix(typ, "TIMESTAMP"):
		return "CAST(epoch_us(" + col + ") AS VARCHAR)"
	}
	return "CAST(" + col + " AS VARCHAR)"
}

// srcExpr renders a CRM column on MySQL ("mysql") or PostgreSQL, with args
// for a value map (the CASE translates CRM codes to canonical renderings).
func srcExpr(d crmdemo.Dialect, c crmdemo.Col, canonType string) (string, []any) {
	my := d == crmdemo.MySQL
	x := c.Name
	switch c.Kind {
	case crmdemo.Float:
		if my {
			return "CAST(CAST(ROUND(" + x + " * 1000) AS SIGNED) AS CHAR)", nil
		}
		return "round(" + x + " * 1000)::bigint::text", nil
	case crmdemo.Date:
		if my {
			return "DATE_FORMAT(" + x + ", '%Y-%m-%d')", nil
		}
		return "to_char(" + x + ", 'YYYY-MM-DD')", nil
	case crmdemo.DateTime, crmdemo.Instant:
		if my { // the session time_zone is +08:00 for DATETIME, irrelevant for TIMESTAMP
			return "CAST(CAST(UNIX_TIMESTAMP(" + x + ") * 1000000 AS SIGNED) AS CHAR)", nil
		}
		if c.Kind == crmdemo.DateTime {
			return "(extract(epoch from (" + x + " AT TIME ZONE '" + zoneName + "')) * 1000000)::bigint::text", nil
		}
		return "(extract(epoch from " + x + ") * 1000000)::bigint::text", nil
	case crmdemo.Code:
		var b strings.Builder
		var args []any
		b.WriteString("CASE " + x)
		keys := make([]string, 0, len(c.Map))
		for k := range c.Map {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, canon := range keys {
			out := canon
			if canonType == "DOUBLE" {
				f, _ := strconv.ParseFloat(canon, 64)
				out = strconv.FormatInt(int64(f*1000), 10)
			}
			if my {
				b.WriteString(" WHEN ? THEN ?")
			} else {
				fmt.Fprintf(&b, " WHEN $%d::text THEN $%d::text", len(args)+1, len(args)+2)
			}
			args = append(args, c.Map[canon], out)
		}
		b.WriteString(" END")
		return b.String(), args
	}
	if my {
		return "CAST(" + x + " AS CHAR)", nil
	}
	return x + "::text", nil
}

// tableSums are per-column digests of one table plus its row count.
type tableSums map[string]string

func canonTypes(t *testing.T, db *model.DB, table string) map[string]string {
	rows, err := db.Query(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $1`, table)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, ty string
		require.NoError(t, rows.Scan(&n, &ty))
		out[n] = ty
	}
	require.NoError(t, rows.Err())
	return out
}

func canonKey(tb crmdemo.Table) []string {
	var out []string
	for _, k := range tb.Key {
		for _, c := range tb.Cols {
			if c.Name == k {
				out = append(out, c.Canon)
			}
		}
	}
	return out
}

// duckSums digests canonical table tb.Canon in DuckDB.
func duckSums(t *testing.T, db *model.DB, tb crmdemo.Table) tableSums {
	types := canonTypes(t, db, tb.Canon)
	out := tableSums{}
	var n int64
	require.NoError(t, db.QueryRow("SELECT count(*) FROM "+tb.Canon).Scan(&n))
	out["#rows"] = fmt.Sprint(n)
	order := strings.Join(canonKey(tb), ", ")
	for _, c := range append(append([]crmdemo.Col{}, tb.Cols...), crmdemo.Col{Name: crmdemo.ModifiedAt, Canon: "updated_at", Kind: crmdemo.DateTime}) {
		var s sql.NullString
		q := "SELECT md5(string_agg(coalesce(" + duckExpr(c.Canon, types[c.Canon]) + ", '~'), '|' ORDER BY " + order + ")) FROM " + tb.Canon
		require.NoError(t, db.QueryRow(q).Scan(&s), q)
		out[c.Canon] = s.String
	}
	return out
}

// mysqlSums digests CRM table tb in MariaDB.
func mysqlSums(t *testing.T, db *sql.DB, canon *model.DB, tb crmdemo.Table) tableSums {
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "SET SESSION group_concat_max_len = 1073741824, time_zone = '+08:00'")
	require.NoError(t, err)
	types := canonTypes(t, canon, tb.Canon)
	out := tableSums{}
	var n int64
	require.NoError(t, conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+tb.Name).Scan(&n))
	out["#rows"] = fmt.Sprint(n)
	order := strings.Join(tb.Key, ", ")
	for _, c := range append(append([]crmdemo.Col{}, tb.Cols...), crmdemo.Col{Name: crmdemo.ModifiedAt, Canon: "updated_at", Kind: crmdemo.DateTime}) {
		e, args := srcExpr(crmdemo.MySQL, c, types[c.Canon])
		var s sql.NullString
		q := "SELECT MD5(GROUP_CONCAT(COALESCE(" + e + ", '~') ORDER BY " + order + " SEPARATOR '|')) FROM " + tb.Name
		require.NoError(t, conn.QueryRowContext(ctx, q, args...).Scan(&s), q)
		out[c.Canon] = s.String
	}
	return out
}

// pgSums digests CRM table tb in PostgreSQL.
func pgSums(t *testing.T, conn *pgx.Conn, canon *model.DB, tb crmdemo.Table) tableSums {
	ctx := context.Background()
	types := canonTypes(t, canon, tb.Canon)
	out := tableSums{}
	var n int64
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM "+tb.Name).Scan(&n))
	out["#rows"] = fmt.Sprint(n)
	order := strings.Join(tb.Key, ", ")
	for _, c := range append(append([]crmdemo.Col{}, tb.Cols...), crmdemo.Col{Name: crmdemo.ModifiedAt, Canon: "updated_at", Kind: crmdemo.DateTime}) {
		e, args := srcExpr(crmdemo.Postgres, c, types[c.Canon])
		var s *string
		q := "SELECT md5(string_agg(coalesce(" + e + ", '~'), '|' ORDER BY " + order + ")) FROM " + tb.Name
		require.NoError(t, conn.QueryRow(ctx, q, args...).Scan(&s), q)
		if s != nil {
			out[c.Canon] = *s
		} else {
			out[c.Canon] = ""
		}
	}
	return out
}
