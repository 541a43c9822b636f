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

// converters is how many goroutines cast rows between the reader and the
// one appender. One appender: two appending connections interleave their
// row groups, and building the key and checkpointing them then cost far
// more (at 3M rows twice the CPU and 2x the peak memory) than they saved.
const converters = 2

// batch is a block of converted rows, flat: row i is vals[i*w:(i+1)*w].
type batch struct {
	vals  []driver.Value
	rowNo []int64
	n     int
}

// stage streams rows into the staging table name: one goroutine reads (the
// source's driver, copying values out of its buffers), converters cast
// the batches, and this goroutine appends them through the DuckDB Appender
// — so the network read, the casts and the append use the cores side by
// side. Row order across batches is not kept (the swap and the merge go by
// key). cols are the columns appended and say how each is made from a
// row's values.
func stage(ctx context.Context, db *sql.DB, name string, p *tablePlan, cols []mappedColumn, rows Rows, flushEvery int64, onRows func(int64)) (stageStats, error) {
	if flushEvery <= 0 {
		flushEvery = defaultFlushEvery
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := len(cols)
	rawFull := make(chan *rawBatch, inFlight)
	rawFree := make(chan *rawBatch, inFlight+converters+1)
	for i := 0; i < cap(rawFree); i++ {
		rawFree <- &rawBatch{}
	}
	full := make(chan *batch, inFlight)
	free := make(chan *batch, inFlight+converters+1)
	for i := 0; i < cap(free); i++ {
		free <- &batch{vals: make([]driver.Value, batchRows*w), rowNo: make([]int64, batchRows)}
	}
	var st stageStats
	readErr := make(chan error, 1)
	go func() {
		defer close(rawFull)
		readErr <- readRaw(ctx, p, rows, rawFull, rawFree, &st)
	}()
	convErrs := make([]error, converters)
	maxInc := make([]time.Time, converters)
	var wg sync.WaitGroup
	for i := 0; i < converters; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			convErrs[i] = convertBatches(ctx, p, cols, rawFull, rawFree, full, free, &maxInc[i])
			if convErrs[i] != nil {
				cancel() // stop the reader and the other converters
				for range rawFull {
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(full)
	}()
	read, appendWait, appendErr := appendBatches(ctx, db, name, w, full, free, flushEvery, onRows)
	if appendErr != nil {
		cancel()
	}
	for range full { // let the converters finish
	}
	wg.Wait()
	st.Read, st.AppendWait = read, appendWait
	for _, t := range maxInc {
		if t.After(st.MaxInc) {
			st.MaxInc = t
		}
	}
	errs := append([]error{<-readErr}, convErrs...)
	errs = append(errs, appendErr)
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

// appendBatches appends converted batches through one Appender on its own
// connection, flushing every flushEvery rows (the flushed rows are in the
// staging table for any connection to see, and onRows hears of them).
func appendBatches(ctx context.Context, db *sql.DB, name string, w int, full, free chan *batch, flushEvery int64, onRows func(int64)) (appended int64, wait time.Duration, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("opening a DuckDB connection to append to %s: %w", name, err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
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
			b, ok := <-full
			wait += time.Since(w0)
			if !ok {
				break
			}
			for i := 0; i < b.n; i++ {
				if err := app.AppendRow(b.vals[i*w : (i+1)*w]...); err != nil {
					return fail(fmt.Errorf("appending source row %d to %s: %w", b.rowNo[i], name, err))
				}
			}
			appended += int64(b.n)
			sinceFlush += int64(b.n)
			free <- b
			if sinceFlush >= flushEvery {
				if err := app.Flush(); err != nil {
					return fail(fmt.Errorf("writing staging table %s: %w", name, err))
				}
				sinceFlush = 0
				if onRows != nil {
					onRows(appended)
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
	return appended, wait, err
}
