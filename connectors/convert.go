package connectors

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"salesbi/config"
)

// converter turns one source value into the value DuckDB stores
// for the canonical column's type. nil stays nil (NULL).
type converter func(v any) (driver.Value, error)

// errNotNumber and friends describe why a value could not be cast; the
// loader wraps them with source, table, row and column.
var (
	errNotNumber = errors.New("is not a number")
	errNotTime   = errors.New("is not a date-time (want e.g. 2026-01-31 08:30:00)")
	errNotBool   = errors.New("is not a yes/no value")
	errUnmapped  = errors.New("is not in the column's map (add it, or a \"*\" entry)")
)

// newConverter builds the converter of canonical type typ for a column
// spec, with zone-less text read in loc.
func newConverter(typ string, spec config.Column, loc *time.Location) (converter, error) {
	base, err := baseConverter(typ, spec.Cast, loc)
	if err != nil {
		return nil, err
	}
	def := spec.Default
	m := spec.Map
	if def == nil && len(m) == 0 {
		return base, nil
	}
	return func(v any) (driver.Value, error) {
		if isEmpty(v) && def != nil {
			return base(*def)
		}
		if len(m) > 0 && v != nil {
			key := textOf(v)
			to, ok := m[key]
			if !ok {
				to, ok = m["*"]
			}
			if !ok {
				return nil, fmt.Errorf("%q %w", key, errUnmapped)
			}
			return base(to)
		}
		return base(v)
	}, nil
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []byte:
		return len(x) == 0
	case *[]byte:
		return len(*x) == 0
	case string:
		return x == ""
	}
	return false
}

// textOf renders a source value as text, for value maps and messages.
func textOf(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case *[]byte:
		return string(*x)
	case string:
		return x
	case time.Time:
		return x.Format("2006-01-02 15:04:05.999999")
	case pgtype.Numeric:
		b, _ := x.MarshalJSON()
		return string(b)
	}
	return fmt.Sprint(v)
}

// Sources hand text over as []byte, string, or *[]byte: a pointer to a
// per-column buffer they reuse row after row, which boxes into an interface
// without allocating.

// str views bytes as a string without copying, for parsing only.
func str(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// parseText returns v as text to parse, or ok=false for a typed value;
// empty text is NULL for every non-text type.
func parseText(v any) (s string, isText, null bool) {
	switch x := v.(type) {
	case []byte:
		s = strings.TrimSpace(str(x))
		return s, true, s == ""
	case *[]byte:
		s = strings.TrimSpace(str(*x))
		return s, true, s == ""
	case string:
		s = strings.TrimSpace(x)
		return s, true, s == ""
	}
	return "", false, false
}

func baseConverter(typ, cast string, loc *time.Location) (converter, error) {
	switch {
	case typ == "BIGINT":
		return toInt, nil
	case typ == "DOUBLE":
		return toFloat, nil
	case strings.HasPrefix(typ, "DECIMAL("):
		var w, sc int
		if _, err := fmt.Sscanf(typ, "DECIMAL(%d,%d)", &w, &sc); err != nil {
			return nil, fmt.Errorf("canonical type %s: %w", typ, err)
		}
		return decimalConverter(uint8(w), uint8(sc)), nil
	case typ == "VARCHAR":
		return toText, nil
	case typ == "BOOLEAN":
		return toBool, nil
	case typ == "DATE":
		tc := timeConverter(cast, loc)
		return func(v any) (driver.Value, error) {
			t, err := tc(v)
			if t == nil || err != nil {
				return nil, err
			}
			x := t.(time.Time)
			return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC), nil
		}, nil
	case typ == "TIMESTAMP WITH TIME ZONE":
		return timeConverter(cast, loc), nil
	}
	return nil, fmt.Errorf("canonical type %s is not supported by the connectors", typ)
}

func toInt(v any) (driver.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		return v, nil // the same box: no new allocation
	case int32:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int:
		return int64(x), nil
	case float64:
		if x != math.Trunc(x) {
			return nil, fmt.Errorf("%v is not a whole number", x)
		}
		return int64(x), nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case pgtype.Numeric:
		i, err := x.Int64Value()
		if err != nil || !i.Valid {
			return nil, fmt.Errorf("%s is not a whole number", textOf(x))
		}
		return i.Int64, nil
	}
	s, isText, null := parseText(v)
	if null {
		return nil, nil
	}
	if !isText {
		return nil, fmt.Errorf("%T %w", v, errNotNumber)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) {
			return nil, fmt.Errorf("%q %w", s, errNotNumber)
		}
		return int64(f), nil
	}
	return n, nil
}

func toFloat(v any) (driver.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case float64:
		return v, nil // the same box: no new allocation
	case float32:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case int32:
		return float64(x), nil
	case pgtype.Numeric:
		f, err := x.Float64Value()
		if err != nil || !f.Valid {
			return nil, fmt.Errorf("%s %w", textOf(x), errNotNumber)
		}
		return f.Float64, nil
	}
	s, isText, null := parseText(v)
	if null {
		return nil, nil
	}
	if !isText {
		return nil, fmt.Errorf("%T %w", v, errNotNumber)
	}
	s = strings.TrimSuffix(s, "%")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("%q %w", s, errNotNumber)
	}
	return f, nil
}

func toText(v any) (driver.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []byte:
		return string(x), nil // copies: the driver reuses its buffer
	case *[]byte:
		return string(*x), nil
	case string:
		return v, nil // the same box: no new allocation
	}
	return textOf(v), nil
}

func toBool(v any) (driver.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case bool:
		return v, nil // the same box: no new allocation
	case int64:
		return x != 0, nil
	case int32:
		return x != 0, nil
	case int16:
		return x != 0, nil
	case int:
		return x != 0, nil
	}
	s, _, null := parseText(v)
	if null {
		return nil, nil
	}
	switch strings.ToLower(s) {
	case "1", "true", "t", "yes", "y", "是", "on":
		return true, nil
	case "0", "false", "f", "no", "n", "否", "off":
		return false, nil
	}
	return nil, fmt.Errorf("%q %w", s, errNotBool)
}

// decimalConverter reads money exactly: text is parsed digit by digit (no
// float rounding) and rounded half away from zero to the column's scale.
func decimalConverter(width, scale uint8) converter {
	pow := int64(1)
	for i := uint8(0); i < scale; i++ {
		pow *= 10
	}
	return func(v any) (driver.Value, error) {
		var s string
		switch x := v.(type) {
		case nil:
			return nil, nil
		case int64:
			return duckdb.Decimal{Width: width, Scale: scale, Value: big.NewInt(x * pow)}, nil
		case float64:
			s = strconv.FormatFloat(x, 'f', -1, 64)
		case pgtype.Numeric:
			if !x.Valid {
				return nil, nil
			}
			s = textOf(x)
		default:
			t, isText, null := parseText(v)
			if null {
				return nil, nil
			}
			if !isText {
				return nil, fmt.Errorf("%T %w", v, errNotNumber)
			}
			s = t
		}
		n, ok := parseScaled(s, int(scale))
		if !ok {
			return nil, fmt.Errorf("%q %w", s, errNotNumber)
		}
		return duckdb.Decimal{Width: width, Scale: scale, Value: big.NewInt(n)}, nil
	}
}

// parseScaled parses "-1234.565" (thousands separators allowed) into an
// integer of scale digits after the point, rounding half away from zero.
func parseScaled(s string, scale int) (int64, bool) {
	s = strings.Trim(strings.TrimSpace(s), `"`)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var n int64
	digits, frac, point := 0, 0, false
	roundUp, seenNext := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ',' && !point:
			continue
		case c == '.' && !point:
			point = true
			continue
		case c == 'e' || c == 'E':
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return 0, false
			}
			r := math.Round(f * math.Pow10(scale))
			if neg {
				r = -r
			}
			return int64(r), true
		case c < '0' || c > '9':
			return 0, false
		}
		digits++
		d := int64(c - '0')
		switch {
		case point && frac == scale:
			// only the first digit past the scale decides the rounding
			if !seenNext {
				roundUp, seenNext = d >= 5, true
			}
			continue
		case point:
			frac++
		}
		if n > (math.MaxInt64-9)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	if digits == 0 {
		return 0, false
	}
	for ; frac < scale; frac++ {
		n *= 10
	}
	if roundUp {
		n++
	}
	if neg {
		n = -n
	}
	return n, true
}

// timeLayouts are the zone-less text forms accepted for instants and dates.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
	"2006/1/2",
	"2006-1-2",
}

// timeConverter reads instants. Zone-less text is in loc; text with an
// offset keeps it; MySQL zero dates (0000-00-00) are NULL.
func timeConverter(cast string, loc *time.Location) converter {
	return func(v any) (driver.Value, error) {
		switch x := v.(type) {
		case nil:
			return nil, nil
		case time.Time:
			return v, nil // the same box: no new allocation
		case int64:
			return epoch(float64(x), cast)
		case float64:
			return epoch(x, cast)
		}
		s, isText, null := parseText(v)
		if null {
			return nil, nil
		}
		if !isText {
			return nil, fmt.Errorf("%T %w", v, errNotTime)
		}
		if strings.HasPrefix(s, "0000-00-00") {
			return nil, nil
		}
		if cast == "" {
			if t, zero, ok := parseClock(s, loc); ok {
				if zero {
					return nil, nil
				}
				return t, nil
			}
		}
		if cast != "" {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("%q %w", s, errNotNumber)
			}
			return epoch(f, cast)
		}
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, nil
		}
		for _, l := range timeLayouts {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				return t, nil
			}
		}
		// An Excel date serial (days since 1899-12-30) in a raw xlsx cell.
		if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 2958466 {
			day := time.Date(1899, 12, 30, 0, 0, 0, 0, loc)
			whole := math.Floor(f)
			return day.AddDate(0, 0, int(whole)).Add(time.Duration((f - whole) * 86400 * float64(time.Second)).Round(time.Second)), nil
		}
		return nil, fmt.Errorf("%q %w", s, errNotTime)
	}
}

func epoch(f float64, cast string) (driver.Value, error) {
	switch cast {
	case "unix":
		return time.Unix(0, int64(f*1e9)), nil
	case "unix_ms":
		return time.UnixMilli(int64(f)), nil
	}
	return nil, fmt.Errorf("%v %w (set cast: unix or unix_ms for epoch numbers)", f, errNotTime)
}
