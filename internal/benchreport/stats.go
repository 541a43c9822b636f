package benchreport

import (
	"fmt"
	"sort"
	"time"
)

// Durations are timed samples, with the statistics the bench tables print.
type Durations []time.Duration

func (d Durations) sorted() Durations {
	s := append(Durations{}, d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s
}

// Min of the durations.
func (d Durations) Min() time.Duration { return d.sorted()[0] }

// Max of the durations.
func (d Durations) Max() time.Duration { s := d.sorted(); return s[len(s)-1] }

// Median of the durations.
func (d Durations) Median() time.Duration { s := d.sorted(); return s[len(s)/2] }

// P95 is the nearest-rank 95th percentile (of 20 samples, the 19th).
func (d Durations) P95() time.Duration { s := d.sorted(); return s[(len(s)*95+99)/100-1] }

// MS writes a duration in milliseconds with two decimals.
func MS(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }
