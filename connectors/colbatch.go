package connectors

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// Converted rows travel to DuckDB as typed columns, not as one boxed
// driver.Value per cell: an int64 or a time.Time in an interface allocates,
// and the allocations and the garbage collector cost the sync as much as the
// casts themselves. A column of a batch holds its rows in the form DuckDB
// stores them (int64, micros since the epoch, bytes) with a NULL flag each.

// colKind is how a column of a batch holds its values.
type colKind uint8

const (
	kAny    colKind = iota // driver.Value, written through DataChunk.SetValue (BOOLEAN, DATE)
	kInt                   // int64: BIGINT, INTEGER, and DECIMAL(w ≤ 18) unscaled
	kFloat                 // float64: DOUBLE
	kMicros                // int64 microseconds since 1970-01-01 UTC: TIMESTAMPTZ
	kText                  // bytes in the batch's arena: VARCHAR
)

// colType is how a canonical type travels: the batch's column kind and the
// DuckDB type the stage feed declares for it.
func colType(typ string) (colKind, duckdb.TypeInfo, error) {
	simple := func(k colKind, t duckdb.Type) (colKind, duckdb.TypeInfo, error) {
		ti, err := duckdb.NewTypeInfo(t)
		return k, ti, err
	}
	switch {
	case typ == "BIGINT":
		return simple(kInt, duckdb.TYPE_BIGINT)
	case typ == "INTEGER":
		return simple(kInt, duckdb.TYPE_INTEGER)
	case typ == "DOUBLE":
		return simple(kFloat, duckdb.TYPE_DOUBLE)
	case typ == "VARCHAR":
		return simple(kText, duckdb.TYPE_VARCHAR)
	case typ == "TIMESTAMP WITH TIME ZONE":
		return simple(kMicros, duckdb.TYPE_TIMESTAMP_TZ)
	case typ == "BOOLEAN":
		return simple(kAny, duckdb.TYPE_BOOLEAN)
	case typ == "DATE":
		return simple(kAny, duckdb.TYPE_DATE)
	case strings.HasPrefix(typ, "DECIMAL("):
		var w, sc int
		if _, err := fmt.Sscanf(typ, "DECIMAL(%d,%d)", &w, &sc); err != nil || w > 18 {
			return 0, nil, fmt.Errorf("canonical type %s is not supported by the connectors", typ)
		}
		ti, err := duckdb.NewDecimalInfo(uint8(w), uint8(sc))
		return kInt, ti, err
	}
	return 0, nil, fmt.Errorf("canonical type %s is not supported by the connectors", typ)
}

// colBuf is one column of a batch. Rows are written in order, each once
// (a default may then overwrite a NULL of the same row).
type colBuf struct {
	kind colKind
	null []bool
	i64  []int64
	f64  []float64
	vals []driver.Value
	text []byte  // kText: row r is text[end[r-1]:end[r]]
	end  []int32 // kText
}

func newColBuf(k colKind, rows int) colBuf {
	c := colBuf{kind: k, null: make([]bool, rows)}
	switch k {
	case kInt, kMicros:
		c.i64 = make([]int64, rows)
	case kFloat:
		c.f64 = make([]float64, rows)
	case kText:
		c.end = make([]int32, rows)
	default:
		c.vals = make([]driver.Value, rows)
	}
	return c
}

func (c *colBuf) setNull(r int) {
	c.null[r] = true
	switch c.kind {
	case kText:
		c.end[r] = int32(len(c.text))
	case kAny:
		c.vals[r] = nil
	}
}

func (c *colBuf) setInt(r int, v int64) { c.null[r], c.i64[r] = false, v }

func (c *colBuf) setText(r int, b []byte) {
	c.null[r] = false
	c.text = append(c.text, b...)
	c.end[r] = int32(len(c.text))
}

func (c *colBuf) setString(r int, s string) {
	c.null[r] = false
	c.text = append(c.text, s...)
	c.end[r] = int32(len(c.text))
}

// put stores a converter's result (a value of the column's Go type or nil).
func (c *colBuf) put(r int, x driver.Value) error {
	if x == nil {
		c.setNull(r)
		return nil
	}
	switch c.kind {
	case kInt:
		switch v := x.(type) {
		case int64:
			c.setInt(r, v)
			return nil
		case int32:
			c.setInt(r, int64(v))
			return nil
		case int:
			c.setInt(r, int64(v))
			return nil
		case duckdb.Decimal:
			if v.Value == nil {
				c.setNull(r)
				return nil
			}
			if !v.Value.IsInt64() {
				return fmt.Errorf("%s is out of range", v.Value.String())
			}
			c.setInt(r, v.Value.Int64())
			return nil
		}
	case kFloat:
		switch v := x.(type) {
		case float64:
			c.null[r], c.f64[r] = false, v
			return nil
		case float32:
			c.null[r], c.f64[r] = false, float64(v)
			return nil
		}
	case kMicros:
		if v, ok := x.(time.Time); ok {
			c.setInt(r, v.UnixMicro())
			return nil
		}
	case kText:
		switch v := x.(type) {
		case string:
			c.setString(r, v)
			return nil
		case []byte:
			c.setText(r, v)
			return nil
		}
	default:
		c.null[r], c.vals[r] = false, x
		return nil
	}
	return fmt.Errorf("a %T cannot be stored in this column", x)
}

// colBatch is a block of converted rows, column by column.
type colBatch struct {
	cols []colBuf
	n    int
}

func newColBatch(kinds []colKind) *colBatch {
	b := &colBatch{cols: make([]colBuf, len(kinds))}
	for i, k := range kinds {
		b.cols[i] = newColBuf(k, batchRows)
	}
	return b
}

func (b *colBatch) reset() {
	for i := range b.cols {
		b.cols[i].text = b.cols[i].text[:0]
	}
	b.n = 0
}

// sink writes the canonical value of the source value v at row r of c.
type sink func(v any, c *colBuf, r int) error

// makeSink builds the writer of column m into a column of kind k. The
// common plain mappings — an int64 into BIGINT, text into VARCHAR,
// DECIMAL or TIMESTAMPTZ — are read in place without boxing; anything
// else goes through the column's converter, so every rule of the
// converters (maps, defaults, casts, other forms of text) holds as before.
// zc reads date-time text in the plan's zone (one per goroutine).
func makeSink(m mappedColumn, k colKind, zc *zoneClock) sink {
	conv := m.Conv
	generic := func(v any, c *colBuf, r int) error {
		x, err := conv(v)
		if err != nil {
			return err
		}
		return c.put(r, x)
	}
	plain := m.Src >= 0 && m.Spec.Default == nil && len(m.Spec.Map) == 0
	var s sink = generic
	switch {
	case !plain:
	case m.Type == "BIGINT" && k == kInt:
		s = func(v any, c *colBuf, r int) error {
			switch x := v.(type) {
			case int64:
				c.setInt(r, x)
				return nil
			case nil:
				c.setNull(r)
				return nil
			}
			return generic(v, c, r)
		}
	case m.Type == "DOUBLE" && k == kFloat:
		s = func(v any, c *colBuf, r int) error {
			switch x := v.(type) {
			case float64:
				c.null[r], c.f64[r] = false, x
				return nil
			case nil:
				c.setNull(r)
				return nil
			}
			return generic(v, c, r)
		}
	case m.Type == "VARCHAR" && k == kText:
		s = func(v any, c *colBuf, r int) error {
			switch x := v.(type) {
			case *[]byte: // as toText: bytes are text, even empty ones
				c.setText(r, *x)
				return nil
			case []byte:
				c.setText(r, x)
				return nil
			case string:
				c.setString(r, x)
				return nil
			case nil:
				c.setNull(r)
				return nil
			}
			return generic(v, c, r)
		}
	case strings.HasPrefix(m.Type, "DECIMAL(") && k == kInt:
		var w, sc int
		if _, err := fmt.Sscanf(m.Type, "DECIMAL(%d,%d)", &w, &sc); err != nil {
			break
		}
		pow := int64(1)
		for i := 0; i < sc; i++ {
			pow *= 10
		}
		s = func(v any, c *colBuf, r int) error {
			switch x := v.(type) {
			case nil:
				c.setNull(r)
				return nil
			case int64:
				if x > math.MaxInt64/pow || x < math.MinInt64/pow {
					break // the converter words the error
				}
				c.setInt(r, x*pow)
				return nil
			}
			t, isText, null := parseText(v)
			if !isText {
				return generic(v, c, r)
			}
			if null {
				c.setNull(r)
				return nil
			}
			n, ok := parseScaled(t, sc)
			if !ok {
				return generic(v, c, r)
			}
			c.setInt(r, n)
			return nil
		}
	case m.Type == "TIMESTAMP WITH TIME ZONE" && k == kMicros && m.Spec.Cast == "":
		s = func(v any, c *colBuf, r int) error {
			switch x := v.(type) {
			case nil:
				c.setNull(r)
				return nil
			case time.Time:
				c.setInt(r, x.UnixMicro())
				return nil
			}
			t, isText, null := parseText(v)
			if !isText {
				return generic(v, c, r)
			}
			if null || strings.HasPrefix(t, "0000-00-00") {
				c.setNull(r)
				return nil
			}
			f, zero, ok := readClock(t)
			if !ok {
				return generic(v, c, r)
			}
			if zero {
				c.setNull(r)
				return nil
			}
			c.setInt(r, zc.micros(f))
			return nil
		}
	}
	if !m.useDefault {
		return s
	}
	// A NULL in a NOT NULL column with a default takes the default.
	def := m.def
	inner := s
	return func(v any, c *colBuf, r int) error {
		if err := inner(v, c, r); err != nil {
			return err
		}
		if c.null[r] {
			return c.put(r, def)
		}
		return nil
	}
}

// incColumn is the column whose stored value is the incremental value
// (read by the same rules as IncConv: a plain TIMESTAMPTZ mapping of the
// incremental source column), so the converters read it once; -1 if none.
func incColumn(p *tablePlan, cols []mappedColumn, kinds []colKind) int {
	if p.IncIdx < 0 {
		return -1
	}
	for i, c := range cols {
		if c.Src == p.IncIdx && kinds[i] == kMicros && c.Type == "TIMESTAMP WITH TIME ZONE" &&
			c.Spec.Cast == "" && c.Spec.Default == nil && len(c.Spec.Map) == 0 {
			return i
		}
	}
	return -1
}

// incSink reads the incremental column as micros (timeConverter's rules).
func incSink(p *tablePlan, zc *zoneClock) sink {
	m := mappedColumn{canonColumn: canonColumn{Type: "TIMESTAMP WITH TIME ZONE"}, Src: p.IncIdx, Conv: p.IncConv}
	return makeSink(m, kMicros, zc)
}
