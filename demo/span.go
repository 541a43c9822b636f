package demo

import (
	"math"
	"time"
)

// historyMonths is how far back the history starts (first of that month):
// 28 months cover the latest complete January and the one before it with
// at least four months of pipeline ramp-up before the earlier one, whatever
// the anchor.
const historyMonths = 28

// span is the generated calendar: days are civil days in the business zone.
type span struct {
	loc       *time.Location
	anchor    time.Time // midnight of the demo's today
	start     time.Time // first generated day
	days      int       // days in [start, anchor)
	weekMon0  time.Time // the Monday on or before start: week 0
	weeks     int       // weeks 0..weeks-1 touch [start, anchor)
	latestJan time.Time // first day of the latest complete January
}

func newSpan(anchor time.Time, loc *time.Location) span {
	a := anchor.In(loc)
	s := span{loc: loc, anchor: time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, loc)}
	s.start = time.Date(a.Year(), a.Month()-historyMonths, 1, 0, 0, 0, 0, loc)
	s.days = civil(s.anchor) - civil(s.start)
	off := (int(s.start.Weekday()) + 6) % 7
	s.weekMon0 = s.start.AddDate(0, 0, -off)
	s.weeks = (civil(s.anchor)-1-civil(s.weekMon0))/7 + 1
	y := a.Year()
	if a.Month() == time.January {
		y-- // this January is not complete yet
	}
	s.latestJan = time.Date(y, time.January, 1, 0, 0, 0, 0, loc)
	return s
}

// civil numbers the calendar day of t (in its own location) from 1970-01-01.
func civil(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Unix() / 86400)
}

// day is midnight of day i.
func (s span) day(i int) time.Time { return s.start.AddDate(0, 0, i) }

// dayOf is the index of t's business day.
func (s span) dayOf(t time.Time) int { return civil(t.In(s.loc)) - civil(s.start) }

// weekOf is the index of t's ISO week.
func (s span) weekOf(t time.Time) int { return (civil(t.In(s.loc)) - civil(s.weekMon0)) / 7 }

// weekStart is the Monday of week w.
func (s span) weekStart(w int) time.Time { return s.weekMon0.AddDate(0, 0, 7*w) }

// monthOf numbers t's month from the first generated month.
func (s span) monthOf(t time.Time) int {
	t = t.In(s.loc)
	return (t.Year()-s.start.Year())*12 + int(t.Month()) - int(s.start.Month())
}

// months is the number of months touched by [start, anchor).
func (s span) months() int { return s.monthOf(s.anchor.AddDate(0, 0, -1)) + 1 }

// monthStart is the first day of month m.
func (s span) monthStart(m int) time.Time { return s.start.AddDate(0, m, 0) }

// at is day i at a time of day given in fractional hours.
func (s span) at(i int, hours float64) time.Time {
	d := s.day(i)
	sec := int(math.Round(hours * 3600))
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, sec, 0, s.loc)
}

// yearsFrom is the (fractional) number of years from ref to t, for trends.
func yearsFrom(ref, t time.Time) float64 { return t.Sub(ref).Hours() / (24 * 365.25) }

// workday reports Monday to Friday.
func workday(t time.Time) bool { wd := t.Weekday(); return wd != time.Saturday && wd != time.Sunday }

// clampBefore keeps a recorded instant from landing after the demo's
// today: a record entered later does not exist yet.
func (s span) clampBefore(t time.Time, floor time.Time) time.Time {
	lim := s.anchor.Add(-time.Minute)
	if t.After(lim) {
		if floor.After(lim) {
			return floor
		}
		return lim
	}
	return t
}
