package connectors

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
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

// stageStats is what staging saw.
type stageStats struct {
	Read   int64
	MaxInc time.Time // highest incremental value read (zero if none)
	// ReadWait is how long the reader waited for the appenders, AppendWait
	// how long the appenders waited for the reader (summed): which side limits.
	ReadWait, AppendWait time.Duration
}

// appenders is how many connections append at once. Converting and
// appending cost the CPU; the source's driver alone is the read's limit,
// so two appenders keep pace with one reader on two cores.
const appenders = 2

// stage streams rows into the staging table name: one goroutine reads (the
// source's driver, copying values out of its buffers) and hands batches to
// appenders workers, each converting its batches and appending them
// through its own DuckDB connection. Row order across batches is not kept
// (the swap and the merge go by key). conn made the table; db gives the
// workers their connections. cols are the columns appended and say how
// each is made from a row's values.
func stage(ctx context.Context, db *sql.DB, name string, p *tablePlan, cols []mappedColumn, rows Rows, flushEvery int64, onRows func(int64)) (stageStats, error) {
	if flushEvery <= 0 {
		flushEvery = defaultFlushEvery
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rawFull := make(chan *rawBatch, inFlight)
	rawFree := make(chan *rawBatch, inFlight+appenders+1)
	for i := 0; i < cap(rawFree); i++ {
		rawFree <- &rawBatch{}
	}
	var st stageStats
	readErr := make(chan error, 1)
	go func() {
		defer close(rawFull)
		readErr <- readRaw(ctx, p, rows, rawFull, rawFree, &st)
	}()

	// Progress counts rows flushed by every worker: those are in the
	// staging table for any connection to see.
	var mu sync.Mutex
	var flushed int64
	report := func(n int64) {
		mu.Lock()
		defer mu.Unlock()
		flushed += n
		if onRows != nil {
			onRows(flushed)
		}
	}
	results := make(chan workerResult, appenders)
	for i := 0; i < appenders; i++ {
		go func() {
			r := appendWorker(ctx, db, name, p, cols, rawFull, rawFree, flushEvery/appenders, report)
			if r.err != nil {
				cancel() // stop the reader and the other worker
			}
			results <- r
		}()
	}
	var errs []error
	for i := 0; i < appenders; i++ {
		r := <-results
		st.Read += r.read
		st.AppendWait += r.wait
		if r.maxInc.After(st.MaxInc) {
			st.MaxInc = r.maxInc
		}
		errs = append(errs, r.err)
	}
	for range rawFull { // a failed worker left the reader's batches
	}
	errs = append([]error{<-readErr}, errs...)
	// The first real cause wins; the others only saw the cancellation.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return st, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return st, err
		}
	}
	return st, nil
}

type workerResult struct {
	read   int64
	maxInc time.Time
	wait   time.Duration
	err    error
}

// appendWorker converts and appends batches until the reader is done,
// flushing every flushEvery rows.
func appendWorker(ctx context.Context, db *sql.DB, name string, p *tablePlan, cols []mappedColumn, rawFull, rawFree chan *rawBatch, flushEvery int64, report func(int64)) (r workerResult) {
	conn, err := db.Conn(ctx)
	if err != nil {
		r.err = fmt.Errorf("opening a DuckDB connection to append to %s: %w", name, err)
		return r
	}
	defer conn.Close()
	vals := make([]driver.Value, len(cols))
	r.err = conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", name)
		if err != nil {
			return fmt.Errorf("opening the appender on %s: %w", name, err)
		}
		fail := func(err error) error {
			_ = app.Clear() // drop the rows not yet flushed
			app.Close()
			return err
		}
		sinceFlush := int64(0)
		for {
			w0 := time.Now()
			rb, ok := <-rawFull
			r.wait += time.Since(w0)
			if !ok {
				break
			}
			if ctx.Err() != nil {
				rawFree <- rb
				return fail(ctx.Err())
			}
			err := convertRaw(p, cols, rb, vals, &r.maxInc, func(row int) error {
				if err := app.AppendRow(vals...); err != nil {
					return fmt.Errorf("appending row %d to %s: %w", rb.rowNo[row], name, err)
				}
				return nil
			})
			n := int64(rb.n)
			rawFree <- rb
			if err != nil {
				return fail(err)
			}
			r.read += n
			sinceFlush += n
			if sinceFlush >= flushEvery {
				if err := app.Flush(); err != nil {
					return fail(fmt.Errorf("writing staging table %s: %w", name, err))
				}
				report(sinceFlush)
				sinceFlush = 0
			}
		}
		if err := app.Close(); err != nil {
			return fmt.Errorf("writing staging table %s: %w", name, err)
		}
		report(sinceFlush)
		return nil
	})
	return r
}
