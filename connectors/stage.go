package connectors

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

const (
	// batchRows is how many rows travel together from the reader goroutine
	// to the appender goroutine: large enough that channel hand-offs cost
	// nothing, small enough that memory stays flat.
	batchRows = 2048
	// inFlight batches may wait between the two goroutines.
	inFlight = 8
	// defaultFlushEvery rows the Appender writes its buffer into the staging
	// table, which bounds memory and makes progress visible to other
	// connections (Syncer.FlushEvery overrides it).
	defaultFlushEvery = 262144
)

// RowError locates a value that could not be read: source, table, row in
// the source (line of a file) and column.
type RowError struct {
	Source, Table string
	Row           int64
	Column        string // canonical column
	SourceColumn  string
	Err           error
}

func (e *RowError) Error() string {
	return fmt.Sprintf("source %s, table %s: row %d, column %s (source column %s): %v",
		e.Source, e.Table, e.Row, e.Column, e.SourceColumn, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// stageName is the staging table of a canonical table.
func stageName(table string) string { return "stage_" + table }

// createStage makes an empty staging table with the mapped columns only, in
// their canonical types and without constraints (the swap checks them). It
// is an ordinary table, not a TEMP one: a TEMP table is faster to swap from
// (no WAL) but lives in memory up to memory_limit, so peak memory would grow
// with the table; committed staging blocks can be evicted instead.
func createStage(ctx context.Context, conn *sql.Conn, name string, cols []canonColumn) error {
	defs := make([]string, len(cols))
	for i, c := range cols {
		defs[i] = c.Name + " " + c.Type
	}
	_, err := conn.ExecContext(ctx, "CREATE OR REPLACE TABLE "+name+" ("+strings.Join(defs, ", ")+")")
	if err != nil {
		return fmt.Errorf("creating staging table %s: %w", name, err)
	}
	return nil
}

// batch is a block of converted rows, flat: row i is vals[i*w:(i+1)*w].
type batch struct {
	vals []driver.Value
	n    int
}

// stageStats is what staging saw.
type stageStats struct {
	Read   int64
	MaxInc time.Time // highest incremental value read (zero if none)
	// ReadWait is how long the reader waited for the appender, AppendWait
	// how long the appender waited for the reader: which side limits.
	ReadWait, AppendWait time.Duration
}

// stage streams rows into the staging table name through three goroutines
// — read (the source's driver, copying values out of its buffers), convert
// (parse and cast) and append (DuckDB) — so the network read, the casts and
// the append run side by side instead of one after another. cols are the
// columns appended and say how each is made from a row's values.
func stage(ctx context.Context, conn *sql.Conn, name string, p *tablePlan, cols []mappedColumn, rows Rows, flushEvery int64, onRows func(int64)) (stageStats, error) {
	if flushEvery <= 0 {
		flushEvery = defaultFlushEvery
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := len(cols)
	full := make(chan *batch, inFlight)
	free := make(chan *batch, inFlight+2)
	for i := 0; i < inFlight+2; i++ {
		free <- &batch{vals: make([]driver.Value, batchRows*w)}
	}
	rawFull := make(chan *rawBatch, inFlight)
	rawFree := make(chan *rawBatch, inFlight+2)
	for i := 0; i < inFlight+2; i++ {
		rawFree <- &rawBatch{}
	}
	var st stageStats
	readErr := make(chan error, 1)
	convErr := make(chan error, 1)
	go func() {
		defer close(rawFull)
		readErr <- readRaw(ctx, p, rows, rawFull, rawFree, &st)
	}()
	go func() {
		defer close(full)
		err := convertBatches(ctx, p, cols, rawFull, rawFree, full, free, &st)
		if err != nil {
			cancel() // stop the reader
			for range rawFull {
			}
		}
		convErr <- err
	}()
	var appended int64
	var appendWait time.Duration
	appendErr := conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", name)
		if err != nil {
			return fmt.Errorf("opening the appender on %s: %w", name, err)
		}
		sinceFlush := int64(0)
		for {
			w0 := time.Now()
			b, ok := <-full
			appendWait += time.Since(w0)
			if !ok {
				break
			}
			for i := 0; i < b.n; i++ {
				if err := app.AppendRow(b.vals[i*w : (i+1)*w]...); err != nil {
					app.Close()
					return fmt.Errorf("appending row %d to %s: %w", appended+int64(i)+1, name, err)
				}
			}
			appended += int64(b.n)
			sinceFlush += int64(b.n)
			free <- b
			if sinceFlush >= flushEvery {
				if err := app.Flush(); err != nil {
					app.Close()
					return fmt.Errorf("writing staging table %s: %w", name, err)
				}
				sinceFlush = 0
				if onRows != nil {
					onRows(appended) // these rows are in the staging table now
				}
			}
		}
		if err := app.Close(); err != nil {
			return fmt.Errorf("writing staging table %s: %w", name, err)
		}
		if onRows != nil {
			onRows(appended)
		}
		return nil
	})
	if appendErr != nil {
		cancel()
		for range full { // let the converter finish
		}
	}
	cerr := <-convErr
	rerr := <-readErr
	st.AppendWait = appendWait
	// The first real cause wins; the others only saw the cancellation.
	for _, err := range []error{rerr, cerr, appendErr} {
		if err != nil && !errors.Is(err, context.Canceled) {
			return st, err
		}
	}
	for _, err := range []error{rerr, cerr, appendErr} {
		if err != nil {
			return st, err
		}
	}
	return st, nil
}
