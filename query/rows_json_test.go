package query

import (
	"encoding/json"
	"math"
	"math/rand"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// AppendRowsJSON must write exactly what encoding/json writes.
func TestAppendRowsJSONMatchesEncodingJSON(t *testing.T) {
	rows := [][]any{
		{"华东", int64(3), 1.5, true, nil},
		{"<a & b>", int64(-9223372036854775808), 1e21, false, "2026-11-27"},
		{"line\u2028sep \"q\" \\ \x01", int64(0), 1e-7, 0.000001, math.Copysign(0, -1)}, // a real negative zero
		{string([]byte{0xff, 'x'}), 123456789.125, 1e-300, math.MaxFloat64, float64(42)},
		nil,
		{},
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []rune{'a', 'Z', '0', ' ', '"', '\\', '<', '>', '&', '\n', '\t', '\b', '\f', '\x01', '\x7f', '华', '东', 'é', '\u2028', '\u2029', '😀', utf8.RuneError}
	for i := 0; i < 2000; i++ {
		var s []byte
		for n := r.Intn(12); n > 0; n-- {
			s = utf8.AppendRune(s, alphabet[r.Intn(len(alphabet))])
		}
		if r.Intn(8) == 0 && len(s) > 0 { // cut a multi-byte rune: invalid UTF-8
			s = s[:len(s)-1]
		}
		rows = append(rows, []any{string(s)})
	}
	for i := 0; i < 2000; i++ {
		rows = append(rows, []any{math.Float64frombits(r.Uint64()&^(0x7ff<<52) | uint64(r.Intn(0x7ff))<<52), r.NormFloat64() * 1e6, int64(r.Uint64())})
	}
	for _, row := range rows {
		for _, v := range row {
			if f, ok := v.(float64); ok && (math.IsInf(f, 0) || math.IsNaN(f)) {
				t.Fatalf("test value %v is not encodable", f)
			}
		}
	}
	want, err := json.Marshal(rows)
	require.NoError(t, err)
	got, err := AppendRowsJSON(nil, rows)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))

	_, err = AppendRowsJSON(nil, [][]any{{math.NaN()}})
	require.ErrorContains(t, err, "row 0 column 0")
	got, err = AppendRowsJSON(nil, [][]any{})
	require.NoError(t, err)
	require.Equal(t, "[]", string(got))
	got, err = AppendRowsJSON(nil, nil)
	require.NoError(t, err)
	require.Equal(t, "null", string(got))
}
