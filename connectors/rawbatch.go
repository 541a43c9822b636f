package connectors

import (
	"context"
	"fmt"
	"time"
)

// rawBatch is a block of source rows as read, copied out of the driver's
// buffers so another goroutine can convert them: row i is
// vals[i*w:(i+1)*w]. Text goes into one arena per batch (no allocation per
// value once the arena has grown); vals[k] of a text value is filled in by
// the converter as a *[]byte into the arena.
type rawBatch struct {
	vals   []any
	arena  []byte
	bufIdx []int32 // positions in vals whose value is text in the arena
	bufEnd []int32 // where each text value ends in the arena (it starts where the previous ended)
	bufs   [][]byte
	rowNo  []int64 // the source's row number of each row (a file's line)
	n      int
}

func (b *rawBatch) reset(w int) {
	if cap(b.vals) < batchRows*w {
		b.vals = make([]any, batchRows*w)
		b.bufs = make([][]byte, batchRows*w)
		b.rowNo = make([]int64, batchRows)
	}
	b.vals, b.bufs = b.vals[:batchRows*w], b.bufs[:batchRows*w]
	b.arena, b.bufIdx, b.bufEnd, b.n = b.arena[:0], b.bufIdx[:0], b.bufEnd[:0], 0
}

// readRaw drains rows into raw batches. It does as little as possible:
// on a busy machine the source's driver is the side that limits.
func readRaw(ctx context.Context, p *tablePlan, rows Rows, full, free chan *rawBatch, st *stageStats) error {
	w := len(p.SrcCols)
	var b *rawBatch
	next := func() error {
		select {
		case b = <-free:
			b.reset(w)
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	send := func() error {
		w0 := time.Now()
		select {
		case full <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
		st.ReadWait += time.Since(w0)
		return nil
	}
	if err := next(); err != nil {
		return err
	}
	var read int64
	for rows.Next() {
		vals := rows.Values()
		out := b.vals[b.n*w : (b.n+1)*w]
		for i, v := range vals[:w] {
			var text []byte
			switch x := v.(type) {
			case []byte:
				if x == nil {
					out[i] = nil
					continue
				}
				text = x
			case *[]byte:
				if *x == nil {
					out[i] = nil
					continue
				}
				text = *x
			default:
				out[i] = v // nil, string, numbers, time.Time: immutable or fresh per row
				continue
			}
			out[i] = nil
			b.arena = append(b.arena, text...)
			b.bufIdx = append(b.bufIdx, int32(b.n*w+i))
			b.bufEnd = append(b.bufEnd, int32(len(b.arena)))
		}
		b.rowNo[b.n] = rows.Row()
		b.n++
		read++
		if b.n == batchRows {
			if err := send(); err != nil {
				return err
			}
			if err := next(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("source %s, table %s: reading after row %d: %w", p.Source, p.Table, read, err)
	}
	if b.n > 0 {
		return send()
	}
	return nil
}

// convertBatches casts raw batches into typed column batches and tracks
// the highest incremental value in maxInc.
func convertBatches(ctx context.Context, p *tablePlan, cols []mappedColumn, kinds []colKind, rawFull, rawFree chan *rawBatch, full, free chan *colBatch, maxInc *incMax) error {
	ws := len(p.SrcCols)
	// One zoneClock per column: each remembers the last date it read, and
	// a row's date-times are usually of different days.
	sinks := make([]sink, len(cols))
	for i, c := range cols {
		sinks[i] = makeSink(c, kinds[i], newZoneClock(p.Loc))
	}
	// The incremental value is read from its column when one stores it
	// as read (its default, if any, is applied after); else on its own.
	var inc sink
	scratch := newColBuf(kMicros, 1)
	incCol := incColumn(p, cols, kinds)
	var incDef mappedColumn
	if incCol >= 0 {
		incDef = cols[incCol]
		m := incDef
		m.useDefault = false
		sinks[incCol] = makeSink(m, kMicros, newZoneClock(p.Loc))
	} else if p.IncIdx >= 0 {
		inc = incSink(p, newZoneClock(p.Loc))
	}
	for rb := range rawFull {
		var b *colBatch
		select {
		case b = <-free:
		case <-ctx.Done():
			return ctx.Err()
		}
		b.reset()
		start := int32(0)
		for j, k := range rb.bufIdx {
			rb.bufs[k] = rb.arena[start:rb.bufEnd[j]:rb.bufEnd[j]]
			rb.vals[k] = &rb.bufs[k] // a pointer boxes without allocating
			start = rb.bufEnd[j]
		}
		for r := 0; r < rb.n; r++ {
			src := rb.vals[r*ws : (r+1)*ws]
			for i := range cols {
				var v any
				if cols[i].Src >= 0 {
					v = src[cols[i].Src]
				}
				if err := sinks[i](v, &b.cols[i], r); err != nil {
					c := cols[i]
					name := ""
					if c.Src >= 0 {
						name = p.SrcCols[c.Src]
					}
					return &RowError{Source: p.Source, Table: p.Table, Row: rb.rowNo[r], Column: c.Name, SourceColumn: name, Err: err}
				}
			}
			if incCol >= 0 {
				c := &b.cols[incCol]
				if !c.null[r] {
					if us := c.i64[r]; !maxInc.ok || us > maxInc.us {
						maxInc.us, maxInc.ok = us, true
					}
				} else if incDef.useDefault {
					if err := c.put(r, incDef.def); err != nil {
						return &RowError{Source: p.Source, Table: p.Table, Row: rb.rowNo[r], Column: incDef.Name, SourceColumn: p.SrcCols[p.IncIdx], Err: err}
					}
				}
			} else if inc != nil {
				if inc(src[p.IncIdx], &scratch, 0) == nil && !scratch.null[0] {
					if us := scratch.i64[0]; !maxInc.ok || us > maxInc.us {
						maxInc.us, maxInc.ok = us, true
					}
				}
			}
		}
		b.n = rb.n
		rawFree <- rb
		select {
		case full <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
