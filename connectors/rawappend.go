package connectors

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"salesbi/connectors/internal/duckraw"
)

// The typed batches go into the stage through DuckDB's own appender filled
// in place (package duckraw, which says why and what it costs); the stage
// feed (feed.go) is the fallback when that cannot be reached or a column is
// BOOLEAN or DATE, and Syncer.Writer = WriterFeed forces it.

// StageWriter chooses how converted rows reach the staging table.
type StageWriter uint8

const (
	// WriterAppender writes through DuckDB's appender filled in place when
	// every column allows it and the C connection can be reached, else
	// through the stage feed. The default.
	WriterAppender StageWriter = iota
	// WriterFeed always writes through the stage feed (INSERT … SELECT from
	// a table function): the fallback, forced to test and to measure it.
	WriterFeed
)

func (w StageWriter) String() string {
	if w == WriterFeed {
		return "feed"
	}
	return "appender"
}

// rawAppendable says whether every column can be written in place.
func rawAppendable(kinds []colKind) bool {
	for _, k := range kinds {
		if k == kAny {
			return false
		}
	}
	return true
}

// appendBatches writes the batches into the staging table name through
// DuckDB's appender on its own connection, flushing every flushEvery rows
// (the flushed rows are committed for any connection to see, and onRows
// hears of them). An error matching duckraw.ErrUnavailable or
// duckraw.ErrUnsupported comes before any batch is taken from full.
func appendBatches(ctx context.Context, db *sql.DB, name string, full <-chan *colBatch, free chan<- *colBatch, flushEvery int64, onRows func(int64, bool)) (appended int64, wait time.Duration, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("opening a DuckDB connection to append to %s: %w", name, err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		app, err := duckraw.Open(dc, name)
		if err != nil {
			return err
		}
		fail := func(err error) error {
			app.Abort() // drop the rows not yet flushed
			return fmt.Errorf("writing staging table %s: %w", name, err)
		}
		cols := make([]duckraw.Column, app.Columns())
		last, lastReport := int64(0), time.Now()
		sinceFlush := int64(0)
		for {
			w0 := time.Now()
			var b *colBatch
			var ok bool
			select {
			case b, ok = <-full:
			case <-ctx.Done():
				app.Abort()
				return ctx.Err()
			}
			wait += time.Since(w0)
			if !ok {
				break
			}
			if err := app.Append(b.columns(cols), 0, b.n); err != nil {
				return fail(err)
			}
			appended += int64(b.n)
			sinceFlush += int64(b.n)
			free <- b
			if sinceFlush >= flushEvery {
				if err := app.Flush(); err != nil {
					return fail(err)
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
		if err := app.Close(); err != nil {
			return fail(err)
		}
		if onRows != nil {
			onRows(appended, true)
		}
		return nil
	})
	return appended, wait, err
}

// columns describes b's columns for the appender in out (one per column).
func (b *colBatch) columns(out []duckraw.Column) []duckraw.Column {
	for j := range b.cols {
		c := &b.cols[j]
		out[j] = duckraw.Column{Null: c.null, Ints: c.i64, Floats: c.f64, Text: c.text, End: c.end}
	}
	return out
}
