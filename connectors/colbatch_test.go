package connectors

import (
	"database/sql/driver"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/config"
)

// The typed fast paths of the stage must store exactly what the column's
// converter returns, NULLs, zero dates, defaults and errors included.
func TestSinksMatchConverters(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	b := func(s string) any { x := []byte(s); return &x }
	inputs := []any{nil, int64(42), int64(-7), float64(2.5), "", "  ", "12", " 12.345 ", "1,234.565", "abc", b("99"), b(""), b("拜访客户 😀"),
		"2026-03-08 02:30:00", b("2026-11-01 01:30:00.123456"), b("2026-01-31 08:30:00Z"), "0000-00-00 00:00:00", b("2026-00-10"),
		"2026/01/31 08:30", b("2026-01-31T08:30:00+08:00"), time.Date(2026, 5, 1, 9, 0, 0, 1000, loc), []byte("7"), int32(3), true}
	types := []string{"BIGINT", "DOUBLE", "VARCHAR", "DECIMAL(18,2)", "TIMESTAMP WITH TIME ZONE", "BOOLEAN", "DATE"}
	specs := []config.Column{{From: "x"}, {From: "x", Default: ptr("5")}, {From: "x", Map: map[string]string{"12": "3", "*": "1"}}}
	for _, typ := range types {
		for si, spec := range specs {
			conv, err := newConverter(typ, spec, loc)
			require.NoError(t, err)
			for _, useDef := range []bool{false, true} {
				m := mappedColumn{canonColumn: canonColumn{Name: "c", Type: typ}, Src: 0, Conv: conv, Spec: spec}
				if useDef {
					def, err := conv("1")
					if err != nil {
						def, _ = conv(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
					}
					m.Conv, m.useDefault, m.def = orDefault(conv, def), true, def
				}
				k, _, err := colType(typ)
				require.NoError(t, err)
				fast := makeSink(m, k, newZoneClock(loc))
				for _, in := range inputs {
					want, wantErr := m.Conv(in)
					got, gotRef := newColBuf(k, 1), newColBuf(k, 1)
					gotErr := fast(in, &got, 0)
					if wantErr != nil {
						require.Error(t, gotErr, "%s spec %d input %#v", typ, si, in)
						continue
					}
					require.NoError(t, gotErr, "%s spec %d input %#v", typ, si, in)
					require.NoError(t, gotRef.put(0, want))
					require.Equal(t, gotRef, got, "%s spec %d default %v input %#v", typ, si, useDef, in)
				}
			}
		}
	}
}

func ptr(s string) *string { return &s }

// orDefault replaces a NULL result of conv by def (what the sinks of a
// full load's NOT NULL column with a default must do).
func orDefault(conv converter, def driver.Value) converter {
	return func(v any) (driver.Value, error) {
		x, err := conv(v)
		if err == nil && x == nil {
			return def, nil
		}
		return x, err
	}
}
