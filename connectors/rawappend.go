package connectors

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unsafe"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/mapping"
)

// The typed batches go into the stage through DuckDB's own appender
// (duckdb_append_data_chunk), filled column by column in place: int64s,
// micros and doubles are copied into the chunk's vectors, NULLs cleared in
// the validity mask, text assigned per value. All of it runs on the
// appending goroutine's thread. An INSERT … SELECT from the stage feed
// (feed.go) runs as a DuckDB pipeline task that a worker thread usually
// takes, and the connection's own thread then spins on the task queue until
// the statement ends: a fifth of the process's CPU in a 5M-row sync, taken
// from the source's server and reader on a small machine.
//
// duckdb-go's Appender only takes boxed driver.Values, and duckdb.Conn does
// not export its C connection: rawConn reads it through reflection, checked
// by name and type once. If a duckdb-go upgrade moves it, stage falls back
// to the feed (TestStageFeedFallback keeps that path working).

var rawConnOffset, rawConnOK = func() (uintptr, bool) {
	f, ok := reflect.TypeOf(duckdb.Conn{}).FieldByName("conn")
	if !ok || f.Type != reflect.TypeOf(mapping.Connection{}) {
		return 0, false
	}
	return f.Offset, true
}()

// useRawAppender is turned off by a test to exercise the feed.
var useRawAppender = true

// rawConn is the C connection under a duckdb-go driver connection.
func rawConn(dc any) (mapping.Connection, bool) {
	c, ok := dc.(*duckdb.Conn)
	if !ok || !rawConnOK || c == nil {
		return mapping.Connection{}, false
	}
	conn := *(*mapping.Connection)(unsafe.Add(unsafe.Pointer(c), rawConnOffset))
	return conn, conn.Ptr != nil
}

// rawAppendable says whether every column can be written in place.
func rawAppendable(cols []mappedColumn, kinds []colKind) bool {
	for i, c := range cols {
		if kinds[i] == kAny || elemSize(c.Type) == 0 {
			return false
		}
	}
	return true
}

// elemSize is the byte width DuckDB stores a column's values in (0: not
// written in place).
func elemSize(typ string) int {
	switch {
	case typ == "BIGINT", typ == "DOUBLE", typ == "TIMESTAMP WITH TIME ZONE":
		return 8
	case typ == "INTEGER":
		return 4
	case typ == "VARCHAR":
		return 16 // assigned per value
	case strings.HasPrefix(typ, "DECIMAL("):
		var w, sc int
		if _, err := fmt.Sscanf(typ, "DECIMAL(%d,%d)", &w, &sc); err != nil {
			return 0
		}
		switch {
		case w <= 4:
			return 2
		case w <= 9:
			return 4
		case w <= 18:
			return 8
		}
	}
	return 0
}

var errNoRawConn = errors.New("no raw DuckDB connection")

// appendBatches writes the batches into the staging table name through
// DuckDB's appender on its own connection, flushing every flushEvery rows
// (the flushed rows are committed for any connection to see, and onRows
// hears of them).
func appendBatches(ctx context.Context, db *sql.DB, name string, cols []mappedColumn, full <-chan *colBatch, free chan<- *colBatch, flushEvery int64, onRows func(int64, bool)) (appended int64, wait time.Duration, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("opening a DuckDB connection to append to %s: %w", name, err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		rc, ok := rawConn(dc)
		if !ok {
			return errNoRawConn
		}
		var app mapping.Appender
		if mapping.AppenderCreate(rc, "", name, &app) == mapping.StateError {
			msg := mapping.AppenderError(app)
			mapping.AppenderDestroy(&app)
			return fmt.Errorf("opening the appender on %s: %s", name, msg)
		}
		n := int(mapping.AppenderColumnCount(app))
		if n != len(cols) {
			mapping.AppenderDestroy(&app)
			return fmt.Errorf("opening the appender on %s: %d columns, want %d", name, n, len(cols))
		}
		types := make([]mapping.LogicalType, n)
		for i := range types {
			types[i] = mapping.AppenderColumnType(app, mapping.IdxT(i))
		}
		chunk := mapping.CreateDataChunk(types)
		for i := range types {
			mapping.DestroyLogicalType(&types[i])
		}
		defer mapping.DestroyDataChunk(&chunk)
		appErr := func() error {
			return &appendError{fmt.Sprintf("writing staging table %s: %s", name, mapping.AppenderError(app))}
		}
		fail := func(err error) error {
			mapping.AppenderClear(app) // drop the rows not yet flushed
			mapping.AppenderDestroy(&app)
			return err
		}
		sizes := make([]int, n)
		for i, c := range cols {
			sizes[i] = elemSize(c.Type)
		}
		last, lastReport := int64(0), time.Now()
		sinceFlush := int64(0)
		for {
			w0 := time.Now()
			var b *colBatch
			var ok bool
			select {
			case b, ok = <-full:
			case <-ctx.Done():
				return fail(ctx.Err())
			}
			wait += time.Since(w0)
			if !ok {
				break
			}
			for off := 0; off < b.n; {
				k := min(b.n-off, duckdb.GetDataChunkCapacity())
				mapping.DataChunkReset(chunk)
				fillChunk(chunk, b, sizes, off, k)
				mapping.DataChunkSetSize(chunk, mapping.IdxT(k))
				if mapping.AppendDataChunk(app, chunk) == mapping.StateError {
					return fail(appErr())
				}
				off += k
			}
			appended += int64(b.n)
			sinceFlush += int64(b.n)
			free <- b
			if sinceFlush >= flushEvery {
				if mapping.AppenderFlush(app) == mapping.StateError {
					return fail(appErr())
				}
				sinceFlush = 0
				if onRows != nil {
					onRows(appended, true)
				}
				last, lastReport = appended, time.Now()
			} else if onRows != nil && appended != last && time.Since(lastReport) >= progressEvery {
				onRows(appended, false)
				last, lastReport = appended, time.Now()
			}
		}
		if mapping.AppenderClose(app) == mapping.StateError {
			return fail(appErr())
		}
		mapping.AppenderDestroy(&app)
		if onRows != nil {
			onRows(appended, true)
		}
		return nil
	})
	return appended, wait, err
}

// fillChunk writes rows [off, off+k) of b into chunk, in place.
func fillChunk(chunk mapping.DataChunk, b *colBatch, sizes []int, off, k int) {
	for j := range b.cols {
		c := &b.cols[j]
		vec := mapping.DataChunkGetVector(chunk, mapping.IdxT(j))
		nulls := c.null[off : off+k]
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
		switch c.kind {
		case kInt, kMicros:
			src := c.i64[off : off+k]
			switch sizes[j] {
			case 8:
				copy(unsafe.Slice((*int64)(data), k), src)
			case 4:
				dst := unsafe.Slice((*int32)(data), k)
				for r, v := range src {
					dst[r] = int32(v)
				}
			case 2:
				dst := unsafe.Slice((*int16)(data), k)
				for r, v := range src {
					dst[r] = int16(v)
				}
			}
		case kFloat:
			copy(unsafe.Slice((*float64)(data), k), c.f64[off:off+k])
		case kText:
			start := int32(0)
			if off > 0 {
				start = c.end[off-1]
			}
			for r := 0; r < k; r++ {
				end := c.end[off+r]
				if !nulls[r] {
					mapping.VectorAssignStringElementLen(vec, mapping.IdxT(r), c.text[start:end:end])
				}
				start = end
			}
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

// appendError is an error DuckDB's appender reported (it gives text only).
type appendError struct{ msg string }

func (e *appendError) Error() string { return e.msg }
