package connectors

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"salesbi/connectors/internal/duckraw"
)

const (
	// batchRows is how many rows travel together from the reader goroutine
	// through the converters to the stage feed: large enough that channel
	// hand-offs cost nothing, small enough that memory stays flat; one
	// batch fills one DuckDB data chunk (2048 rows).
	batchRows = 2048
	// inFlight batches may wait between the two goroutines.
	inFlight = 8
	// defaultFlushEvery rows one INSERT from the stage feed commits into
	// the staging table, which bounds memory and makes the rows visible to
	// other connections (Syncer.FlushEvery overrides it): eight of DuckDB's
	// 122,880-row row groups, so every commit but the last writes whole row
	// groups. Each INSERT costs a start and a commit: at 262,144 rows a 5M
	// sync took ~10 % more CPU and time.
	defaultFlushEvery = 8 * 122880
	// progressEvery is how often the rows handed to DuckDB are reported
	// between commits.
	progressEvery = 250 * time.Millisecond
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
	// ReadWait is how long the reader waited for the converters and the
	// feed, AppendWait how long the feed waited for converted rows: which
	// side limits.
	ReadWait, AppendWait time.Duration
	// Writer is the writer that wrote the rows.
	Writer StageWriter
}

// converters is how many goroutines cast rows between the reader and the
// one writer. One writer: two connections appending into the stage
// interleave their row groups, and building the key and checkpointing them
// then cost far more (at 3M rows twice the CPU and 2x the peak memory) than
// they saved.
const converters = 2

// stage streams rows into the staging table name: one goroutine reads (the
// source's driver, copying values out of its buffers), converters cast
// the batches into typed columns, and this goroutine writes them through
// DuckDB's appender (rawappend.go; the stage feed, feed.go, when that is
// not possible or writer says so) — so the network read, the casts and
// the append use the cores side by side. Row order across batches is not kept (the swap and
// the merge go by key). cols are the columns written and say how each is
// made from a row's values.
//
// onRows hears of the rows handed to DuckDB a few times a second
// (committed=false, for progress) and of the rows in the staging table
// after each commit (committed=true); never concurrently.
func stage(ctx context.Context, db *sql.DB, name string, p *tablePlan, cols []mappedColumn, rows Rows, flushEvery int64, writer StageWriter, onRows func(n int64, committed bool)) (stageStats, error) {
	if flushEvery <= 0 {
		flushEvery = defaultFlushEvery
	}
	kinds := make([]colKind, len(cols))
	infos := make([]duckdb.ColumnInfo, len(cols))
	for i, c := range cols {
		k, ti, err := colType(c.Type)
		if err != nil {
			return stageStats{}, fmt.Errorf("staging %s.%s: %w", p.Table, c.Name, err)
		}
		kinds[i], infos[i] = k, duckdb.ColumnInfo{Name: "c" + strconv.Itoa(i), T: ti}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rawFull := make(chan *rawBatch, inFlight)
	rawFree := make(chan *rawBatch, inFlight+converters+1)
	for i := 0; i < cap(rawFree); i++ {
		rawFree <- &rawBatch{}
	}
	full := make(chan *colBatch, inFlight)
	free := make(chan *colBatch, inFlight+converters+2)
	for i := 0; i < cap(free); i++ {
		free <- newColBatch(kinds)
	}
	var st stageStats
	readErr := make(chan error, 1)
	go func() {
		defer close(rawFull)
		readErr <- readRaw(ctx, p, rows, rawFull, rawFree, &st)
	}()
	convErrs := make([]error, converters)
	maxInc := make([]incMax, converters)
	var wg sync.WaitGroup
	for i := 0; i < converters; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			convErrs[i] = convertBatches(ctx, p, cols, kinds, rawFull, rawFree, full, free, &maxInc[i])
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
	var read int64
	var appendWait time.Duration
	appendErr := duckraw.ErrUnavailable
	st.Writer = WriterFeed
	if writer == WriterAppender && rawAppendable(kinds) {
		st.Writer = WriterAppender
		read, appendWait, appendErr = appendBatches(ctx, db, name, full, free, flushEvery, onRows)
	}
	if errors.Is(appendErr, duckraw.ErrUnavailable) || errors.Is(appendErr, duckraw.ErrUnsupported) { // nothing was taken from full yet
		st.Writer = WriterFeed
		read, appendWait, appendErr = insertBatches(ctx, db, name, infos, full, free, flushEvery, onRows)
	}
	if appendErr != nil {
		cancel()
	}
	for range full { // let the converters finish
	}
	wg.Wait()
	st.Read, st.AppendWait = read, appendWait
	var top incMax
	for _, m := range maxInc {
		if m.ok && (!top.ok || m.us > top.us) {
			top = m
		}
	}
	if top.ok {
		st.MaxInc = time.UnixMicro(top.us).In(p.Loc)
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

// incMax is the highest incremental value a converter saw.
type incMax struct {
	us int64 // microseconds since the epoch
	ok bool
}
