package query

import (
	"sort"
	"strings"
	"time"

	"salesbi/clock"
)

// Relative periods are computed from the business calendar, so "yesterday"
// is the business zone's yesterday and tests set "today" through the clock.
// Each is a half-open range [From, To). A name with the suffix
// "_last_year" is the same range a year earlier; "same_period_last_year"
// is this year to date (through today) a year ago.
var relativePeriods = map[string]func(c clock.Calendar) clock.Range{
	"today":     func(c clock.Calendar) clock.Range { return c.Day(c.Now()) },
	"yesterday": func(c clock.Calendar) clock.Range { return c.Yesterday() },
	"last_7_days": func(c clock.Calendar) clock.Range {
		t := c.Today()
		return clock.Range{From: t.AddDate(0, 0, -7), To: t}
	},
	"last_30_days": func(c clock.Calendar) clock.Range {
		t := c.Today()
		return clock.Range{From: t.AddDate(0, 0, -30), To: t}
	},
	"this_week": func(c clock.Calendar) clock.Range { return c.Week(c.Now()) },
	"last_week": func(c clock.Calendar) clock.Range { return c.Week(c.Today().AddDate(0, 0, -7)) },
	// The 26 complete ISO weeks before this one (the funnel's weekly
	// conversion), and the 26 complete weeks that ended at least 12 weeks
	// ago: the weeks whose 12-week cohorts have closed (DESIGN.md
	// "Conversion").
	"last_26_weeks":        func(c clock.Calendar) clock.Range { return weeksBack(c, 26, 0) },
	"last_26_mature_weeks": func(c clock.Calendar) clock.Range { return weeksBack(c, 26, 12) },
	"this_month":           func(c clock.Calendar) clock.Range { return c.Month(c.Now()) },
	"last_month":           func(c clock.Calendar) clock.Range { return c.Month(c.Month(c.Now()).From.AddDate(0, 0, -1)) },
	"this_quarter":         func(c clock.Calendar) clock.Range { return c.Quarter(c.Now()) },
	"last_quarter":         func(c clock.Calendar) clock.Range { return c.Quarter(c.Quarter(c.Now()).From.AddDate(0, 0, -1)) },
	"this_year": func(c clock.Calendar) clock.Range {
		t := c.Today()
		from := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, c.Loc)
		return clock.Range{From: from, To: from.AddDate(1, 0, 0)}
	},
	"year_to_date": func(c clock.Calendar) clock.Range {
		t := c.Today()
		return clock.Range{From: time.Date(t.Year(), 1, 1, 0, 0, 0, 0, c.Loc), To: t.AddDate(0, 0, 1)}
	},
}

const lastYearSuffix = "_last_year"

// resolvePeriod returns the range of a relative period name.
func resolvePeriod(name string, c clock.Calendar) (clock.Range, bool) {
	if name == "same_period_last_year" {
		name = "year_to_date" + lastYearSuffix
	}
	if f, ok := relativePeriods[name]; ok {
		return f(c), true
	}
	if base, ok := strings.CutSuffix(name, lastYearSuffix); ok {
		if f, ok := relativePeriods[base]; ok {
			r := f(c)
			return clock.Range{From: r.From.AddDate(-1, 0, 0), To: r.To.AddDate(-1, 0, 0)}, true
		}
	}
	return clock.Range{}, false
}

// RelativePeriods lists the names the builder offers.
func RelativePeriods() []string {
	out := []string{"same_period_last_year"}
	for k := range relativePeriods {
		out = append(out, k, k+lastYearSuffix)
	}
	sort.Strings(out)
	return out
}

// weeksBack is the n complete ISO weeks that end skip weeks before the
// Monday of this week.
func weeksBack(c clock.Calendar, n, skip int) clock.Range {
	mon := c.Week(c.Now()).From
	to := mon.AddDate(0, 0, -7*skip)
	return clock.Range{From: to.AddDate(0, 0, -7*n), To: to}
}
