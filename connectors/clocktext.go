package connectors

import (
	"fmt"
	"time"
)

// Date-times arrive as text in the database form "2006-01-02 15:04:05.999999"
// (MySQL, CSV, PostgreSQL text) far more often than in any other; reading
// that form by hand costs a fraction of time.ParseInLocation trying layouts.

// parseClock reads "2006-01-02", "2006-01-02 15:04:05" or
// "2006-01-02T15:04:05.999999999", with an optional trailing Z meaning UTC
// (else the time is in loc). ok=false means another form: the caller falls
// back to the general layouts. zero reports a MySQL zero date (0000-00-00).
func parseClock(s string, loc *time.Location) (t time.Time, zero, ok bool) {
	if n := len(s); n > 0 && s[n-1] == 'Z' {
		s, loc = s[:n-1], time.UTC
	}
	n := len(s)
	if n != 10 && (n < 19 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' ||
		(n > 19 && (s[19] != '.' || n == 20 || n > 29))) {
		return t, false, false
	}
	if s[4] != '-' || s[7] != '-' {
		return t, false, false
	}
	num := func(s string) (int, bool) {
		v := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := num(s[0:4])
	mo, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return t, false, false
	}
	if y == 0 || mo == 0 || d == 0 {
		return t, true, true
	}
	var h, mi, sec, ns int
	if n >= 19 {
		var ok4, ok5, ok6 bool
		h, ok4 = num(s[11:13])
		mi, ok5 = num(s[14:16])
		sec, ok6 = num(s[17:19])
		if !ok4 || !ok5 || !ok6 {
			return t, false, false
		}
		if n > 20 {
			f, ok := num(s[20:])
			if !ok {
				return t, false, false
			}
			for i := n - 20; i < 9; i++ {
				f *= 10
			}
			ns = f
		}
	}
	if mo > 12 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return t, false, false // let the general parser word the error
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc), false, true
}

// parseMySQLTime is parseClock for bytes, with an error for other forms.
func parseMySQLTime(b []byte, loc *time.Location) (t time.Time, zero bool, err error) {
	t, zero, ok := parseClock(str(b), loc)
	if !ok {
		return t, false, fmt.Errorf("%q %w", b, errNotTime)
	}
	return t, zero, nil
}
