package duckraw

import (
	"fmt"
	"unsafe"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/mapping"
)

// Appender is DuckDB's appender on one table, with one reusable data chunk.
// It belongs to the connection it was opened on: use it inside the same
// sql.Conn.Raw call, and end it with Close or Abort.
type Appender struct {
	table  string
	app    mapping.Appender
	chunk  mapping.DataChunk
	stores []store
}

// Open opens DuckDB's appender on table (in the default schema) through the
// driver connection that sql.Conn.Raw hands its function. It returns
// ErrUnavailable when the C connection cannot be reached and ErrUnsupported
// (wrapped, naming the column) when a column is of a type not listed at
// Column; both before anything is written.
func Open(driverConn any, table string) (*Appender, error) {
	conn, ok := cConn(driverConn)
	if !ok {
		return nil, ErrUnavailable
	}
	a := &Appender{table: table}
	if mapping.AppenderCreate(conn, "", table, &a.app) == mapping.StateError {
		msg := mapping.AppenderError(a.app)
		mapping.AppenderDestroy(&a.app)
		return nil, fmt.Errorf("opening the appender on %s: %s", table, msg)
	}
	n := int(mapping.AppenderColumnCount(a.app))
	types := make([]mapping.LogicalType, n)
	a.stores = make([]store, n)
	bad := -1
	for i := range types {
		types[i] = mapping.AppenderColumnType(a.app, mapping.IdxT(i))
		if a.stores[i] = storeOf(types[i]); a.stores[i] == 0 && bad < 0 {
			bad = i
		}
	}
	if bad < 0 {
		a.chunk = mapping.CreateDataChunk(types)
	}
	for i := range types {
		mapping.DestroyLogicalType(&types[i])
	}
	if bad >= 0 {
		mapping.AppenderDestroy(&a.app)
		return nil, fmt.Errorf("appending to %s, column %d: %w", table, bad+1, ErrUnsupported)
	}
	return a, nil
}

// Columns is the table's column count: Append takes one Column each.
func (a *Appender) Columns() int { return len(a.stores) }

// Append appends rows [off, off+n) of cols, one Column per table column in
// order. The rows are DuckDB's from here on, and in the table for other
// connections to see after the next Flush or Close.
func (a *Appender) Append(cols []Column, off, n int) error {
	if len(cols) != len(a.stores) {
		return fmt.Errorf("appending to %s: %d columns, the table has %d", a.table, len(cols), len(a.stores))
	}
	for j, c := range cols {
		if !c.fits(a.stores[j], off+n) {
			return fmt.Errorf("appending to %s: column %d does not hold %d rows of its type", a.table, j+1, off+n)
		}
	}
	for n > 0 {
		k := min(n, duckdb.GetDataChunkCapacity())
		mapping.DataChunkReset(a.chunk)
		for j := range cols {
			a.fill(j, &cols[j], off, k)
		}
		mapping.DataChunkSetSize(a.chunk, mapping.IdxT(k))
		if mapping.AppendDataChunk(a.app, a.chunk) == mapping.StateError {
			return a.err()
		}
		off += k
		n -= k
	}
	return nil
}

// fits says whether c has rows values in the slice its store reads.
func (c *Column) fits(s store, rows int) bool {
	if len(c.Null) < rows {
		return false
	}
	switch s {
	case storeInt64, storeInt32, storeInt16:
		return len(c.Ints) >= rows
	case storeDouble:
		return len(c.Floats) >= rows
	case storeText:
		return len(c.End) >= rows
	}
	return false
}

// fill writes rows [off, off+k) of c into vector j of the chunk, in place.
func (a *Appender) fill(j int, c *Column, off, k int) {
	vec := mapping.DataChunkGetVector(a.chunk, mapping.IdxT(j))
	nulls := c.Null[off : off+k]
	if hasNull(nulls) {
		mapping.VectorEnsureValidityWritable(vec)
		mask := unsafe.Slice((*uint64)(mapping.VectorGetValidity(vec)), (k+63)/64)
		for r, isNull := range nulls {
			if isNull {
				mask[r/64] &^= 1 << (r % 64)
			}
		}
	}
	data := mapping.VectorGetData(vec)
	switch a.stores[j] {
	case storeInt64:
		copy(unsafe.Slice((*int64)(data), k), c.Ints[off:off+k])
	case storeInt32:
		dst := unsafe.Slice((*int32)(data), k)
		for r, v := range c.Ints[off : off+k] {
			dst[r] = int32(v)
		}
	case storeInt16:
		dst := unsafe.Slice((*int16)(data), k)
		for r, v := range c.Ints[off : off+k] {
			dst[r] = int16(v)
		}
	case storeDouble:
		copy(unsafe.Slice((*float64)(data), k), c.Floats[off:off+k])
	case storeText:
		start := int32(0)
		if off > 0 {
			start = c.End[off-1]
		}
		for r := 0; r < k; r++ {
			end := c.End[off+r]
			if !nulls[r] {
				mapping.VectorAssignStringElementLen(vec, mapping.IdxT(r), c.Text[start:end:end])
			}
			start = end
		}
	}
}

func hasNull(nulls []bool) bool {
	for _, n := range nulls {
		if n {
			return true
		}
	}
	return false
}

// Flush commits the rows appended so far into the table.
func (a *Appender) Flush() error {
	if mapping.AppenderFlush(a.app) == mapping.StateError {
		return a.err()
	}
	return nil
}

// Close flushes the remaining rows and ends the appender; after an error
// nothing more is written (call Abort to let go of it).
func (a *Appender) Close() error {
	if mapping.AppenderClose(a.app) == mapping.StateError {
		return a.err()
	}
	mapping.DestroyDataChunk(&a.chunk)
	mapping.AppenderDestroy(&a.app)
	return nil
}

// Abort drops the rows not yet flushed and ends the appender.
func (a *Appender) Abort() {
	mapping.AppenderClear(a.app)
	mapping.DestroyDataChunk(&a.chunk)
	mapping.AppenderDestroy(&a.app)
}

func (a *Appender) err() error {
	return &Error{Msg: mapping.AppenderError(a.app)}
}
