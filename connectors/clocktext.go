package connectors

import (
	"fmt"
	"math"
	"time"
)

// Date-times arrive as text in the database form "2006-01-02 15:04:05.999999"
// (MySQL, CSV, PostgreSQL text) far more often than in any other; reading
// that form by hand costs a fraction of time.ParseInLocation trying layouts.

// clockFields is a date-time read from text, not yet placed in a zone.
type clockFields struct {
	y, mo, d, h, mi, sec, ns int
	utc                      bool // a trailing Z: the time is in UTC
}

// readClock reads "2006-01-02", "2006-01-02 15:04:05" or
// "2006-01-02T15:04:05.999999999", with an optional trailing Z meaning UTC.
// ok=false means another form: the caller falls back to the general
// layouts. zero reports a MySQL zero date (0000-00-00).
func readClock(s string) (f clockFields, zero, ok bool) {
	if n := len(s); n > 0 && s[n-1] == 'Z' {
		s, f.utc = s[:n-1], true
	}
	n := len(s)
	if n != 10 && (n < 19 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' ||
		(n > 19 && (s[19] != '.' || n == 20 || n > 29))) {
		return f, false, false
	}
	if s[4] != '-' || s[7] != '-' {
		return f, false, false
	}
	// Two digits at i; bad is set by any non-digit.
	bad := false
	d2 := func(i int) int {
		a, b := s[i]-'0', s[i+1]-'0'
		bad = bad || a > 9 || b > 9
		return int(a)*10 + int(b)
	}
	f.y = d2(0)*100 + d2(2)
	f.mo, f.d = d2(5), d2(8)
	if bad {
		return f, false, false
	}
	if f.y == 0 || f.mo == 0 || f.d == 0 {
		return f, true, true
	}
	if n >= 19 {
		f.h, f.mi, f.sec = d2(11), d2(14), d2(17)
		if bad {
			return f, false, false
		}
		if n > 20 {
			v := 0
			for i := 20; i < n; i++ {
				c := s[i] - '0'
				if c > 9 {
					return f, false, false
				}
				v = v*10 + int(c)
			}
			for i := n - 20; i < 9; i++ {
				v *= 10
			}
			f.ns = v
		}
	}
	if f.mo > 12 || f.d > 31 || f.h > 23 || f.mi > 59 || f.sec > 59 {
		return f, false, false // let the general parser word the error
	}
	return f, false, true
}

// parseClock is readClock placed in loc (UTC for a trailing Z).
func parseClock(s string, loc *time.Location) (t time.Time, zero, ok bool) {
	f, zero, ok := readClock(s)
	if !ok || zero {
		return t, zero, ok
	}
	if f.utc {
		loc = time.UTC
	}
	return time.Date(f.y, time.Month(f.mo), f.d, f.h, f.mi, f.sec, f.ns, loc), false, true
}

// parseMySQLTime is parseClock for bytes, with an error for other forms.
func parseMySQLTime(b []byte, loc *time.Location) (t time.Time, zero bool, err error) {
	t, zero, ok := parseClock(str(b), loc)
	if !ok {
		return t, false, fmt.Errorf("%q %w", b, errNotTime)
	}
	return t, zero, nil
}

// daysFromCivil is the count of days from 1970-01-01 to y-m-d (proleptic
// Gregorian; a day past the month's end runs on into the next month, as
// in time.Date).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + 1 - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468 + int64(d-1)
}

// zoneClock turns wall-clock times of one location into instants exactly
// as time.Date does, without its per-call work: it remembers the zone
// segments (offset and the UTC span it holds for) it last used, so a
// lookup is two comparisons until the next DST transition. One per
// goroutine.
type zoneClock struct {
	loc  *time.Location
	segs [2]zoneSeg
	// the last date read and its day number
	y, mo, d int
	day      int64
}

type zoneSeg struct {
	start, end, off int64 // offset off holds for UTC seconds in [start, end)
	ok              bool
}

func newZoneClock(loc *time.Location) *zoneClock { return &zoneClock{loc: loc} }

// lookup is time.Location's zone lookup of the UTC second sec.
func (z *zoneClock) lookup(sec int64) zoneSeg {
	for _, s := range z.segs {
		if s.ok && sec >= s.start && sec < s.end {
			return s
		}
	}
	t := time.Unix(sec, 0).In(z.loc)
	_, off := t.Zone()
	st, en := t.ZoneBounds()
	s := zoneSeg{start: math.MinInt64, end: math.MaxInt64, off: int64(off), ok: true}
	if !st.IsZero() {
		s.start = st.Unix()
	}
	if !en.IsZero() {
		s.end = en.Unix()
	}
	z.segs[1], z.segs[0] = z.segs[0], s
	return s
}

// micros is time.Date(f…, loc or UTC).UnixMicro(): the same first guess
// and correction as time.Date, so gaps and repeated hours at DST
// transitions resolve the same way.
func (z *zoneClock) micros(f clockFields) int64 {
	if f.y != z.y || f.mo != z.mo || f.d != z.d {
		z.y, z.mo, z.d, z.day = f.y, f.mo, f.d, daysFromCivil(f.y, f.mo, f.d)
	}
	wall := z.day*86400 + int64(f.h*3600+f.mi*60+f.sec)
	if !f.utc && z.loc != time.UTC {
		s := z.lookup(wall)
		if off := s.off; off != 0 {
			utc := wall - off
			if utc < s.start || utc >= s.end {
				off = z.lookup(utc).off
			}
			wall -= off
		}
	}
	return wall*1_000_000 + int64(f.ns/1000)
}
