package clock_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
)

func TestYesterdayIsComputedInTheBusinessZone(t *testing.T) {
	// 2026-11-26 17:30 UTC is already 2026-11-27 01:30 in Shanghai.
	now := time.Date(2026, 11, 26, 17, 30, 0, 0, time.UTC)
	cal, err := clock.NewCalendar(clock.NewFixed(now), "Asia/Shanghai")
	require.NoError(t, err)
	y := cal.Yesterday()
	require.Equal(t, "2026-11-26T00:00:00+08:00", y.From.Format(time.RFC3339))
	require.Equal(t, "2026-11-27T00:00:00+08:00", y.To.Format(time.RFC3339))
	// The same instant in New York is still the 26th: yesterday is the 25th.
	ny, err := clock.NewCalendar(clock.NewFixed(now), "America/New_York")
	require.NoError(t, err)
	require.Equal(t, "2026-11-25", ny.Yesterday().From.Format("2006-01-02"))
}

func TestWeeksStartOnMonday(t *testing.T) {
	cal, err := clock.NewCalendar(clock.System{}, "Asia/Shanghai")
	require.NoError(t, err)
	for _, c := range []struct{ day, monday string }{
		{"2026-11-23", "2026-11-23"}, // Monday
		{"2026-11-29", "2026-11-23"}, // Sunday belongs to the week before
		{"2026-01-01", "2025-12-29"}, // ISO week across the year
	} {
		d, _ := time.ParseInLocation("2006-01-02", c.day, cal.Loc)
		w := cal.Week(d)
		require.Equal(t, c.monday, w.From.Format("2006-01-02"), c.day)
		require.Equal(t, 7*24*time.Hour, w.To.Sub(w.From))
	}
}

func TestMonthsQuartersAndLabels(t *testing.T) {
	cal, _ := clock.NewCalendar(clock.System{}, "Asia/Shanghai")
	d := time.Date(2026, 2, 14, 10, 0, 0, 0, cal.Loc)
	require.Equal(t, "2026-02-01", cal.Month(d).From.Format("2006-01-02"))
	require.Equal(t, "2026-03-01", cal.Month(d).To.Format("2006-01-02"))
	q := cal.Quarter(d)
	require.Equal(t, "2026-01-01", q.From.Format("2006-01-02"))
	require.Equal(t, "2026-04-01", q.To.Format("2006-01-02"))
	require.Equal(t, "2026-Q1", clock.QuarterLabel(d))
	require.Equal(t, "2026-02", clock.MonthLabel(d))
	r, err := clock.ParseQuarter("2026-Q4", cal.Loc)
	require.NoError(t, err)
	require.Equal(t, "2026-10-01", r.From.Format("2006-01-02"))
	for _, bad := range []string{"2026-Q5", "2026Q1", "Q1-2026", ""} {
		_, err := clock.ParseQuarter(bad, cal.Loc)
		require.Error(t, err, bad)
	}
}

func TestFixedClockMovesOnlyWhenTold(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)
	f := clock.NewFixed(t0)
	require.Equal(t, t0, f.Now())
	f.Advance(time.Hour)
	require.Equal(t, t0.Add(time.Hour), f.Now())
	_, err := clock.NewCalendar(f, "Mars/Olympus")
	require.ErrorContains(t, err, "Mars/Olympus")
}
