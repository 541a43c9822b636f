package connectors

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// The stage feed is the second way converted batches reach the staging
// table (the first is DuckDB's appender filled in place, rawappend.go; the
// feed serves when that cannot be reached or a column is BOOLEAN or DATE):
// `INSERT INTO stage SELECT * FROM salesbi_stage_feed(id)` pulls them chunk
// by chunk through a table function and DuckDB writes them with its insert
// pipeline. duckdb-go's Appender would take one boxed driver.Value per cell;
// the feed writes typed columns into DuckDB's output vectors. One INSERT
// commits every flushEvery rows, as the appender's flushes do: the rows are
// then in the staging table for any connection to see (progress, and the
// kill test's proof of a mid-load kill).

const feedFunc = "salesbi_stage_feed"

var feeds struct {
	sync.Mutex
	next       int64
	live       map[int64]*feed
	registered map[*sql.DB]bool // the function lives in the database's catalog
}

// registerFeedFunc registers the feed function in db's catalog once.
func registerFeedFunc(db *sql.DB, conn *sql.Conn) error {
	feeds.Lock()
	defer feeds.Unlock()
	if feeds.registered[db] {
		return nil
	}
	arg, err := duckdb.NewTypeInfo(duckdb.TYPE_BIGINT)
	if err != nil {
		return err
	}
	err = duckdb.RegisterTableUDF(conn, feedFunc, duckdb.ChunkTableFunction{
		Config:        duckdb.TableFunctionConfig{Arguments: []duckdb.TypeInfo{arg}},
		BindArguments: bindFeed,
	})
	if err != nil {
		return fmt.Errorf("registering %s: %w", feedFunc, err)
	}
	if feeds.registered == nil {
		feeds.registered = map[*sql.DB]bool{}
	}
	feeds.registered[db] = true
	return nil
}

func bindFeed(_ map[string]any, args ...any) (duckdb.ChunkTableSource, error) {
	id, _ := args[0].(int64)
	feeds.Lock()
	f := feeds.live[id]
	feeds.Unlock()
	if f == nil {
		return nil, fmt.Errorf("%s(%d): no such feed", feedFunc, id)
	}
	return f, nil
}

func addFeed(f *feed) int64 {
	feeds.Lock()
	defer feeds.Unlock()
	if feeds.live == nil {
		feeds.live = map[int64]*feed{}
	}
	feeds.next++
	feeds.live[feeds.next] = f
	return feeds.next
}

func removeFeed(id int64) {
	feeds.Lock()
	delete(feeds.live, id)
	feeds.Unlock()
}

// feed hands converted batches to the INSERT that runs it; it is a
// duckdb.ChunkTableSource. DuckDB calls FillChunk from one thread at a time.
type feed struct {
	ctx   context.Context
	full  <-chan *colBatch
	free  chan<- *colBatch
	infos []duckdb.ColumnInfo
	limit int64 // rows per INSERT

	cur      *colBatch // the batch being written, from row off
	off      int
	stmtRows int64
	rows     atomic.Int64 // handed to DuckDB in all
	done     atomic.Bool  // the converters have finished
	wait     atomic.Int64 // nanoseconds spent waiting for batches
}

func (f *feed) ColumnInfos() []duckdb.ColumnInfo     { return f.infos }
func (f *feed) Cardinality() *duckdb.CardinalityInfo { return nil }
func (f *feed) Init()                                {}

func (f *feed) FillChunk(chunk duckdb.DataChunk) error {
	if f.stmtRows >= f.limit {
		return chunk.SetSize(0) // this INSERT ends here and commits
	}
	if f.cur == nil {
		w0 := time.Now()
		select {
		case b, ok := <-f.full:
			f.wait.Add(int64(time.Since(w0)))
			if !ok {
				f.done.Store(true)
				return chunk.SetSize(0)
			}
			f.cur, f.off = b, 0
		case <-f.ctx.Done():
			return f.ctx.Err()
		}
	}
	b := f.cur
	n := min(b.n-f.off, duckdb.GetDataChunkCapacity())
	if err := writeChunk(&chunk, b, f.off, n); err != nil {
		return err
	}
	if err := chunk.SetSize(n); err != nil {
		return err
	}
	f.off += n
	if f.off == b.n {
		f.cur = nil
		f.free <- b
	}
	f.stmtRows += int64(n)
	f.rows.Add(int64(n))
	return nil
}

// writeChunk writes rows [off, off+n) of b into chunk, column by column.
func writeChunk(chunk *duckdb.DataChunk, b *colBatch, off, n int) error {
	for j := range b.cols {
		c := &b.cols[j]
		var err error
		switch c.kind {
		case kInt:
			for r := off; r < off+n && err == nil; r++ {
				if c.null[r] {
					err = chunk.SetValue(j, r-off, nil)
				} else {
					err = duckdb.SetChunkValue(*chunk, j, r-off, c.i64[r])
				}
			}
		case kFloat:
			for r := off; r < off+n && err == nil; r++ {
				if c.null[r] {
					err = chunk.SetValue(j, r-off, nil)
				} else {
					err = duckdb.SetChunkValue(*chunk, j, r-off, c.f64[r])
				}
			}
		case kMicros:
			for r := off; r < off+n && err == nil; r++ {
				if c.null[r] {
					err = chunk.SetValue(j, r-off, nil)
				} else {
					err = duckdb.SetChunkValue(*chunk, j, r-off, time.UnixMicro(c.i64[r]))
				}
			}
		case kText:
			start := int32(0)
			if off > 0 {
				start = c.end[off-1]
			}
			for r := off; r < off+n && err == nil; r++ {
				end := c.end[r]
				if c.null[r] {
					err = chunk.SetValue(j, r-off, nil)
				} else {
					err = duckdb.SetChunkValue(*chunk, j, r-off, c.text[start:end:end])
				}
				start = end
			}
		default:
			for r := off; r < off+n && err == nil; r++ {
				err = chunk.SetValue(j, r-off, c.vals[r])
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// insertBatches writes the converted batches into the staging table name
// with one INSERT … SELECT from the feed per flushEvery rows, on its own
// connection; onRows hears of each committed INSERT, and of the rows
// handed over so far every progressEvery.
func insertBatches(ctx context.Context, db *sql.DB, name string, infos []duckdb.ColumnInfo, full <-chan *colBatch, free chan<- *colBatch, flushEvery int64, onRows func(int64, bool)) (int64, time.Duration, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("opening a DuckDB connection to append to %s: %w", name, err)
	}
	defer conn.Close()
	if err := registerFeedFunc(db, conn); err != nil {
		return 0, 0, err
	}
	f := &feed{ctx: ctx, full: full, free: free, infos: infos, limit: flushEvery}
	id := addFeed(f)
	defer removeFeed(id)
	q := "INSERT INTO " + quoteIdent(name) + " SELECT * FROM " + feedFunc + "(" + strconv.FormatInt(id, 10) + ")"
	var mu sync.Mutex // onRows is never called concurrently
	report := func(n int64, committed bool) {
		if onRows != nil {
			mu.Lock()
			onRows(n, committed)
			mu.Unlock()
		}
	}
	stop, exited := make(chan struct{}), make(chan struct{})
	defer func() {
		close(stop)
		<-exited // no report after this returns
	}()
	go func() {
		defer close(exited)
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		last := int64(0)
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if n := f.rows.Load(); n != last {
					report(n, false)
					last = n
				}
			}
		}
	}()
	for !f.done.Load() {
		f.stmtRows = 0
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return f.rows.Load(), time.Duration(f.wait.Load()), fmt.Errorf("writing staging table %s: %w", name, err)
		}
		report(f.rows.Load(), true)
	}
	return f.rows.Load(), time.Duration(f.wait.Load()), nil
}
