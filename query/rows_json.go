package query

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendRowsJSON appends rows as a JSON array of arrays, byte for byte what
// encoding/json writes for them, without its per-value reflection: a
// cold answer of a few thousand rows spent most of its encoding time
// there. Rows hold what Execute returns (string, float64, int64, bool,
// nil); any other value falls back to encoding/json.
func AppendRowsJSON(b []byte, rows [][]any) ([]byte, error) {
	if rows == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i, r := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendArrayJSON(b, r, "column"); err != nil { // a nil row encodes as null, as encoding/json does
			return nil, fmt.Errorf("encoding row %d %w", i, err)
		}
	}
	return append(b, ']'), nil
}

// AppendValuesJSON appends one array of values (a chart series' data) the
// same way.
func AppendValuesJSON(b []byte, vals []any) ([]byte, error) {
	b, err := appendArrayJSON(b, vals, "value")
	if err != nil {
		return nil, fmt.Errorf("encoding %w", err)
	}
	return b, nil
}

// appendArrayJSON appends vals as a JSON array; an error names the item
// ("column 3: …").
func appendArrayJSON(b []byte, vals []any, item string) ([]byte, error) {
	if vals == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendValueJSON(b, v); err != nil {
			return nil, fmt.Errorf("%s %d: %w", item, i, err)
		}
	}
	return append(b, ']'), nil
}

func appendValueJSON(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case float64:
		return appendFloatJSON(b, x)
	case string:
		if plainJSONString(x) {
			b = append(b, '"')
			b = append(b, x...)
			return append(b, '"'), nil
		}
	}
	// Strings that need escaping (quotes, control and HTML characters,
	// U+2028/U+2029, invalid UTF-8) keep encoding/json's own rules.
	enc, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, enc...), nil
}

// appendFloatJSON writes f as encoding/json does: shortest form, 'e'
// notation only below 1e-6 or from 1e21, exponent without a leading zero.
func appendFloatJSON(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("unsupported number %v", f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1] // e-09 → e-9
			b = b[:n-1]
		}
	}
	return b, nil
}

// plainJSONString reports whether encoding/json writes s unchanged between
// quotes: valid UTF-8 with nothing it escapes.
func plainJSONString(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}
