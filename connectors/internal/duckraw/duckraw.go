// Package duckraw writes typed columns into a DuckDB table through DuckDB's
// own C appender (duckdb_append_data_chunk), filled in place: int64s, micros
// and doubles are copied into the chunk's vectors, NULLs cleared in the
// validity mask, text assigned per value, all on the calling goroutine's
// thread.
//
// Why it exists: duckdb-go's Appender takes one boxed driver.Value per cell
// (an int64 or a time.Time in an interface allocates), and the connectors'
// other writer, an INSERT … SELECT from a table function, runs as a DuckDB
// pipeline task that a worker thread usually takes while the connection's
// own thread spins on the task queue: a fifth of the process's CPU in a
// 5M-row sync. The bench's connectors section prints both writers' rows/s.
//
// The price: duckdb.Conn does not export its C connection, so this package
// reads the unexported field conn (a mapping.Connection) by reflection and
// unsafe. This is the only place in salesbi that does; the guard test
// (TestDuckDBGoLayoutChecked) fails when duckdb-go's version in go.mod is not
// the one the layout was checked against, or the field is gone. At run time
// a missing field only makes Open return ErrUnavailable, and the caller
// writes through its fallback.
package duckraw

import (
	"errors"
	"reflect"
	"unsafe"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/mapping"
)

// CheckedVersion is the duckdb-go release whose duckdb.Conn layout this
// package was checked against. After upgrading duckdb-go, read its
// connection.go: when Conn still holds the C connection in the field
// ConnField of type mapping.Connection, set this to the new version.
const CheckedVersion = "v2.10506.0"

// ConnField is the unexported field of duckdb.Conn that holds the C
// connection.
const ConnField = "conn"

// ErrUnavailable means the C connection could not be reached under the
// driver connection (another driver, or a duckdb-go whose Conn changed):
// nothing was written, so the caller writes through its fallback.
var ErrUnavailable = errors.New("duckraw: no C connection under this duckdb-go connection")

// ErrUnsupported means a column of the table has a type the appender does
// not fill in place (see Open): nothing was written, write another way.
var ErrUnsupported = errors.New("duckraw: a column type is not written in place")

// connOffset is where ConnField sits in duckdb.Conn, found once by name and
// type (ok false: not there).
var connOffset, connOK = func() (uintptr, bool) {
	f, ok := reflect.TypeOf(duckdb.Conn{}).FieldByName(ConnField)
	if !ok || f.Type != reflect.TypeOf(mapping.Connection{}) {
		return 0, false
	}
	return f.Offset, true
}()

// Available says whether duckdb.Conn has the field this package reads.
func Available() bool { return connOK }

// cConn is the C connection under a duckdb-go driver connection (the value
// sql.Conn.Raw hands its function).
func cConn(driverConn any) (mapping.Connection, bool) {
	c, ok := driverConn.(*duckdb.Conn)
	if !ok || !connOK || c == nil {
		return mapping.Connection{}, false
	}
	conn := *(*mapping.Connection)(unsafe.Add(unsafe.Pointer(c), connOffset))
	return conn, conn.Ptr != nil
}

// Column is one column of the rows to append, in the form DuckDB stores it.
// Exactly one of Ints, Floats and Text is used, by the table column's type.
type Column struct {
	Null []bool // row r is NULL; its value is ignored
	// Ints: BIGINT, INTEGER, SMALLINT, DECIMAL(w ≤ 18) as the unscaled
	// integer, TIMESTAMP WITH TIME ZONE as microseconds since the epoch.
	Ints []int64
	// Floats: DOUBLE.
	Floats []float64
	// Text and End: VARCHAR; row r is Text[End[r-1]:End[r]] (row 0 starts at 0).
	Text []byte
	End  []int32
}

// Error is an error DuckDB's appender reported (it gives text only, so a
// caller tells a constraint violation by its words).
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// store is how a table column's values are written into a vector.
type store uint8

const (
	storeInt64 store = iota + 1
	storeInt32
	storeInt16
	storeDouble
	storeText
)

// storeOf is how a column of logical type lt is written (0: not in place).
func storeOf(lt mapping.LogicalType) store {
	switch mapping.GetTypeId(lt) {
	case mapping.TypeBigInt, mapping.TypeTimestampTZ:
		return storeInt64
	case mapping.TypeInteger:
		return storeInt32
	case mapping.TypeSmallInt:
		return storeInt16
	case mapping.TypeDouble:
		return storeDouble
	case mapping.TypeVarchar:
		return storeText
	case mapping.TypeDecimal:
		switch mapping.DecimalInternalType(lt) {
		case mapping.TypeBigInt:
			return storeInt64
		case mapping.TypeInteger:
			return storeInt32
		case mapping.TypeSmallInt:
			return storeInt16
		}
	}
	return 0
}
