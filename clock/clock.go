// Package clock gives the current instant (settable in tests) and the
// business calendar: "today", "yesterday", ISO weeks, months and quarters
// computed in the business time zone whatever the server's own zone is.
package clock

import (
	"fmt"
	"sync"
	"time"
)

// Clock tells the current instant.
type Clock interface{ Now() time.Time }

// System is the machine's clock.
type System struct{}

// Now implements Clock.
func (System) Now() time.Time { return time.Now() }

// Fixed is a clock that tests (and `demo --anchor`) set; it does not move
// unless Set or Advance is called.
type Fixed struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixed returns a clock stopped at t.
func NewFixed(t time.Time) *Fixed { return &Fixed{t: t} }

// Now implements Clock.
func (f *Fixed) Now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t }

// Set moves the clock to t.
func (f *Fixed) Set(t time.Time) { f.mu.Lock(); f.t = t; f.mu.Unlock() }

// Advance moves the clock forward by d.
func (f *Fixed) Advance(d time.Duration) { f.mu.Lock(); f.t = f.t.Add(d); f.mu.Unlock() }

// DefaultZone is the business time zone when none is configured.
const DefaultZone = "Asia/Shanghai"

// Calendar computes business days, weeks, months and quarters in Loc.
type Calendar struct {
	Clock Clock
	Loc   *time.Location
}

// NewCalendar loads the named zone ("" means DefaultZone).
func NewCalendar(c Clock, zone string) (Calendar, error) {
	if zone == "" {
		zone = DefaultZone
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return Calendar{}, fmt.Errorf("business time zone %q: %w (use an IANA name such as Asia/Shanghai)", zone, err)
	}
	if c == nil {
		c = System{}
	}
	return Calendar{Clock: c, Loc: loc}, nil
}

// Now is the current instant in the business zone.
func (c Calendar) Now() time.Time { return c.Clock.Now().In(c.Loc) }

// Today is midnight of the current business day.
func (c Calendar) Today() time.Time { return StartOfDay(c.Now()) }

// Range is a half-open interval [From, To).
type Range struct{ From, To time.Time }

// Contains reports whether t is in [From, To).
func (r Range) Contains(t time.Time) bool { return !t.Before(r.From) && t.Before(r.To) }

// Day is the business day that contains t.
func (c Calendar) Day(t time.Time) Range {
	d := StartOfDay(t.In(c.Loc))
	return Range{d, d.AddDate(0, 0, 1)}
}

// Yesterday is the business day before today.
func (c Calendar) Yesterday() Range {
	t := c.Today()
	return Range{t.AddDate(0, 0, -1), t}
}

// Week is the ISO week (Monday start) containing t.
func (c Calendar) Week(t time.Time) Range {
	d := StartOfDay(t.In(c.Loc))
	offset := (int(d.Weekday()) + 6) % 7 // Monday = 0
	from := d.AddDate(0, 0, -offset)
	return Range{from, from.AddDate(0, 0, 7)}
}

// Month is the calendar month containing t.
func (c Calendar) Month(t time.Time) Range {
	t = t.In(c.Loc)
	from := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, c.Loc)
	return Range{from, from.AddDate(0, 1, 0)}
}

// Quarter is the calendar quarter containing t.
func (c Calendar) Quarter(t time.Time) Range {
	t = t.In(c.Loc)
	m := time.Month((int(t.Month())-1)/3*3 + 1)
	from := time.Date(t.Year(), m, 1, 0, 0, 0, 0, c.Loc)
	return Range{from, from.AddDate(0, 3, 0)}
}

// StartOfDay is midnight of t's day in t's location.
func StartOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// MonthLabel writes a month the model's way: "2026-01".
func MonthLabel(t time.Time) string { return t.Format("2006-01") }

// QuarterLabel writes a quarter the model's way: "2026-Q1".
func QuarterLabel(t time.Time) string {
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
}

// ParseQuarter reads "2026-Q1" into its range in loc.
func ParseQuarter(s string, loc *time.Location) (Range, error) {
	var y, q int
	if _, err := fmt.Sscanf(s, "%d-Q%d", &y, &q); err != nil || q < 1 || q > 4 {
		return Range{}, fmt.Errorf("quarter %q: want the form 2026-Q1", s)
	}
	from := time.Date(y, time.Month((q-1)*3+1), 1, 0, 0, 0, 0, loc)
	return Range{from, from.AddDate(0, 3, 0)}, nil
}
