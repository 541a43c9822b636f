package duckraw

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/mapping"
	"github.com/stretchr/testify/require"
)

const modulePath = "github.com/duckdb/duckdb-go/v2"

// duckdbGoVersion is the duckdb-go version this test binary was built with
// (go.mod's, through the build info; go.mod read directly if that is absent).
func duckdbGoVersion(t *testing.T) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "go.mod"))
	require.NoError(t, err)
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == modulePath {
			return f[1]
		}
	}
	t.Fatalf("go.mod does not require %s", modulePath)
	return ""
}

// The raw appender reads an unexported field of duckdb-go by reflection and
// unsafe: a duckdb-go upgrade must be checked by a person, so this fails on
// any other version, and on a Conn without the field, with what to do.
func TestDuckDBGoLayoutChecked(t *testing.T) {
	v := duckdbGoVersion(t)
	if v != CheckedVersion {
		t.Fatalf("DUCKDB-GO CHANGED: go.mod has %s %s, but package duckraw (the connectors' raw appender) was checked against %s.\n"+
			"It reads the unexported field duckdb.Conn.%s (type mapping.Connection) by reflection and unsafe.\n"+
			"Read connection.go of duckdb-go %s: if Conn still holds its C connection in %s of that type, set duckraw.CheckedVersion = %q;\n"+
			"if not, update cConn in connectors/internal/duckraw/duckraw.go (until then the connectors write through the stage feed).",
			modulePath, v, CheckedVersion, ConnField, v, ConnField, v)
	}
	f, ok := reflect.TypeOf(duckdb.Conn{}).FieldByName(ConnField)
	if !ok {
		t.Fatalf("DUCKDB-GO CHANGED: duckdb.Conn of %s %s has no field %q (the C connection the raw appender reads); fields: %s",
			modulePath, v, ConnField, fieldNames(reflect.TypeOf(duckdb.Conn{})))
	}
	if want := reflect.TypeOf(mapping.Connection{}); f.Type != want {
		t.Fatalf("DUCKDB-GO CHANGED: duckdb.Conn.%s of %s %s is a %s, the raw appender expects %s", ConnField, modulePath, v, f.Type, want)
	}
	require.True(t, Available())
}

func fieldNames(t reflect.Type) string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		out = append(out, t.Field(i).Name+" "+t.Field(i).Type.String())
	}
	return strings.Join(out, ", ")
}

func openDB(t *testing.T) *sql.DB {
	db, err := sql.Open("duckdb", "")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// The in-place appender must find DuckDB's C connection under duckdb-go's.
func TestRawConnFound(t *testing.T) {
	require.True(t, connOK, "duckdb.Conn has no conn field of type mapping.Connection")
	db := openDB(t)
	conn, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.Raw(func(dc any) error {
		_, ok := cConn(dc)
		require.True(t, ok, "%T", dc)
		return nil
	}))
}

// What goes in comes out, for every type written in place, with NULLs in
// some chunks only, across several chunks; a key violation is an *Error
// that says so; a column type not written in place is ErrUnsupported.
func TestAppendRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	_, err := db.ExecContext(ctx, `CREATE TABLE t (id BIGINT PRIMARY KEY, n INTEGER, s SMALLINT, d4 DECIMAL(4,2), d9 DECIMAL(9,2),
		d18 DECIMAL(18,4), f DOUBLE, ts TIMESTAMPTZ, txt VARCHAR)`)
	require.NoError(t, err)
	const rows = 5000 // three chunks
	cols := make([]Column, 9)
	for j := range cols {
		cols[j].Null = make([]bool, rows)
		switch j {
		case 6:
			cols[j].Floats = make([]float64, rows)
		case 8:
			cols[j].End = make([]int32, rows)
		default:
			cols[j].Ints = make([]int64, rows)
		}
	}
	for r := 0; r < rows; r++ {
		for j := 0; j < 8; j++ {
			if j != 6 {
				cols[j].Ints[r] = int64(r % 1000 * (j + 1))
			}
		}
		cols[0].Ints[r] = int64(r)
		cols[6].Floats[r] = float64(r) / 4
		cols[7].Ints[r] = 1_767_225_600_000_000 + int64(r)*1_000_001 // 2026-01-01 UTC + r s + r µs
		cols[8].Text = fmt.Appendf(cols[8].Text, "行%d", r)
		cols[8].End[r] = int32(len(cols[8].Text))
		if r < 2048 && r%7 == 3 {
			for j := 1; j < 9; j++ {
				cols[j].Null[r] = true
			}
		}
	}
	conn, err := db.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.Raw(func(dc any) error {
		a, err := Open(dc, "t")
		require.NoError(t, err)
		require.Equal(t, 9, a.Columns())
		require.NoError(t, a.Append(cols, 0, 3000))
		require.NoError(t, a.Flush())
		require.NoError(t, a.Append(cols, 3000, rows-3000))
		return a.Close()
	}))
	var n, nulls int64
	var sumN, sumS, sumD4, sumD9, sumD18 sql.NullString
	var sumF float64
	var lastAt int64
	var lastTxt string
	require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*), count(*) - count(n), sum(n)::VARCHAR, sum(s)::VARCHAR, sum(d4)::VARCHAR,
		sum(d9)::VARCHAR, sum(d18)::VARCHAR, sum(f), epoch_us(max(ts)), max_by(txt, id) FROM t`).Scan(
		&n, &nulls, &sumN, &sumS, &sumD4, &sumD9, &sumD18, &sumF, &lastAt, &lastTxt))
	var wantN, wantS, wantD4, wantD9, wantD18 int64
	var wantF float64
	wantNulls := int64(0)
	for r := 0; r < rows; r++ {
		if cols[1].Null[r] {
			wantNulls++
			continue
		}
		wantN += cols[1].Ints[r]
		wantS += cols[2].Ints[r]
		wantD4 += cols[3].Ints[r]
		wantD9 += cols[4].Ints[r]
		wantD18 += cols[5].Ints[r]
		wantF += cols[6].Floats[r]
	}
	require.Equal(t, int64(rows), n)
	require.Equal(t, wantNulls, nulls)
	require.Equal(t, fmt.Sprint(wantN), sumN.String)
	require.Equal(t, fmt.Sprint(wantS), sumS.String)
	require.Equal(t, fmt.Sprintf("%d.%02d", wantD4/100, wantD4%100), sumD4.String)
	require.Equal(t, fmt.Sprintf("%d.%02d", wantD9/100, wantD9%100), sumD9.String)
	require.Equal(t, fmt.Sprintf("%d.%04d", wantD18/10000, wantD18%10000), sumD18.String)
	require.Equal(t, wantF, sumF)
	require.Equal(t, cols[7].Ints[rows-1], lastAt)
	require.Equal(t, fmt.Sprintf("行%d", rows-1), lastTxt)

	// The same keys again: the primary key refuses them, in DuckDB's words.
	require.NoError(t, conn.Raw(func(dc any) error {
		a, err := Open(dc, "t")
		require.NoError(t, err)
		err = a.Append(cols, 0, 10)
		if err == nil {
			err = a.Close()
		}
		var de *Error
		require.ErrorAs(t, err, &de)
		require.Contains(t, strings.ToLower(de.Msg), "duplicate key")
		a.Abort()
		return nil
	}))

	_, err = db.ExecContext(ctx, `CREATE TABLE b (id BIGINT, ok BOOLEAN)`)
	require.NoError(t, err)
	require.NoError(t, conn.Raw(func(dc any) error {
		_, err := Open(dc, "b")
		require.ErrorIs(t, err, ErrUnsupported)
		return nil
	}))
	_, err = Open(struct{}{}, "t")
	require.ErrorIs(t, err, ErrUnavailable)
}
