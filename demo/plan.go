package demo

import (
	"math"
	"time"
)

// The calendar-level story of the article is set top-down here, and who
// wins is decided bottom-up from hidden qualities (see outcomes.go):
//   - signings per ISO week = conversion × leads that became valid that
//     week, with the conversion stuck near 23.6 % for the last weeks;
//   - signed sales per month follow a budget that falls 12 % a year (the
//     latest January vs the one before), spread over that month's deals in
//     proportion to each deal's own size.

const (
	plateauConversion = 0.236
	plateauWeeks      = 8    // complete weeks before the anchor that sit on the plateau
	salesYoY          = 0.88 // signed sales, this January vs last
	visitsYoY         = 1.18 // visits per rep per working day, year on year
	meanDeal          = 80000.0
)

// signingsPerWeek is the number of contracts to sign in each week.
func signingsPerWeek(seed int64, sp span, validByWeek []int) []int {
	r := stream(seed, kindPlan, 0)
	lastComplete := sp.weekOf(sp.anchor) - 1
	out := make([]int, sp.weeks)
	for w := range out {
		var conv float64
		switch {
		case w >= lastComplete-plateauWeeks+1:
			conv = plateauConversion + clamp(normal(r, 0, 0.003), -0.007, 0.007)
		default:
			conv = 0.255 + 0.02*math.Sin(2*math.Pi*float64(w)/17) + clamp(normal(r, 0, 0.01), -0.025, 0.025)
		}
		out[w] = int(math.Round(conv * float64(validByWeek[w])))
	}
	return out
}

var seasonality = [13]float64{0, 0.9, 0.7, 1.0, 0.95, 1.0, 1.1, 0.9, 0.9, 1.05, 0.9, 1.05, 1.35}

// monthBudgets is the signed sales of each month, given the number of
// signings each month actually got (the first months ramp up with the
// pipeline; the partial anchor month gets its elapsed share).
func monthBudgets(seed int64, sp span, countByMonth []int) []float64 {
	r := stream(seed, kindPlan, 1)
	n := sp.months()
	steady, k := 0.0, 0
	for m := 3; m < n-1; m++ {
		steady += float64(countByMonth[m])
		k++
	}
	if k > 0 {
		steady /= float64(k)
	}
	jan := sp.monthOf(sp.latestJan)
	out := make([]float64, n)
	for m := range out {
		ms := sp.monthStart(m)
		b := meanDeal * steady * seasonality[ms.Month()] * math.Pow(salesYoY, float64(m-jan)/12)
		b *= 1 + clamp(normal(r, 0, 0.01), -0.015, 0.015)
		if m < 3 && steady > 0 {
			b *= math.Min(1, float64(countByMonth[m])/steady)
		}
		if m == n-1 { // the anchor's month so far
			days := float64(civil(ms.AddDate(0, 1, 0)) - civil(ms))
			b *= float64(civil(sp.anchor)-civil(ms)) / days
		}
		out[m] = b
	}
	return out
}

// signingDay draws a day of week w (before the anchor) for a signing.
func signingDay(rf func() float64, sp span, w int) int {
	first := civil(sp.weekStart(w)) - civil(sp.start)
	var days []int
	var cum []float64
	s := 0.0
	for d := first; d < first+7; d++ {
		if d < 0 || d >= sp.days {
			continue
		}
		wt := 1.0
		switch sp.day(d).Weekday() {
		case time.Saturday:
			wt = 0.12
		case time.Sunday:
			wt = 0.05
		}
		s += wt
		days = append(days, d)
		cum = append(cum, s)
	}
	x := rf() * s
	for i, c := range cum {
		if x < c {
			return days[i]
		}
	}
	return days[len(days)-1]
}
