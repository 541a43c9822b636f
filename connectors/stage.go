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

// stage streams rows into the staging table name: one goroutine reads and
// converts, this one appends, so the network read and DuckDB's append run
// on two cores at once. cols are the canonical columns and convs/srcIdx
// say how each is made from a row's values.
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
	var st stageStats
	readErr := make(chan error, 1)
	go func() {
		defer close(full)
		readErr <- readBatches(ctx, p, cols, rows, full, free, &st)
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
		for range full { // let the reader finish
		}
	}
	rerr := <-readErr
	st.AppendWait = appendWait
	if rerr != nil && !(appendErr != nil && errors.Is(rerr, context.Canceled)) {
		return st, rerr
	}
	if appendErr != nil {
		return st, appendErr
	}
	return st, nil
}

// readBatches reads rows, converts them and hands them over in batches.
func readBatches(ctx context.Context, p *tablePlan, cols []mappedColumn, rows Rows, full, free chan *batch, st *stageStats) error {
	w := len(cols)
	var b *batch
	next := func() error {
		select {
		case b = <-free:
			b.n = 0
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := next(); err != nil {
		return err
	}
	for rows.Next() {
		vals := rows.Values()
		out := b.vals[b.n*w : (b.n+1)*w]
		for i, c := range cols {
			var v any
			if c.Src >= 0 {
				v = vals[c.Src]
			}
			x, err := c.Conv(v)
			if err != nil {
				src := ""
				if c.Src >= 0 {
					src = p.SrcCols[c.Src]
				}
				return &RowError{Source: p.Source, Table: p.Table, Row: rows.Row(), Column: c.Name, SourceColumn: src, Err: err}
			}
			out[i] = x
		}
		if p.IncIdx >= 0 {
			if t, err := p.IncConv(vals[p.IncIdx]); err == nil && t != nil {
				if tt := t.(time.Time); tt.After(st.MaxInc) {
					st.MaxInc = tt
				}
			}
		}
		st.Read++
		b.n++
		if b.n == batchRows {
			w0 := time.Now()
			select {
			case full <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
			st.ReadWait += time.Since(w0)
			if err := next(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("source %s, table %s: reading after row %d: %w", p.Source, p.Table, st.Read, err)
	}
	if b.n > 0 {
		select {
		case full <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
