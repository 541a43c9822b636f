package dashboards

import (
	"os"
	"runtime/debug"
)

// TuneGC sets the garbage collector for a serving process; `salesbi serve`
// calls it, and so does the query API bench, which measures the server.
//
// The Go heap of a server is small next to DuckDB's memory, which the
// collector neither sees nor counts, and a cold chart answer allocates a
// few megabytes (rows, the chart option, two JSON encodings). With Go's
// default GOGC=100 a collection ran during most answers and took its
// marking share of the two cores DuckDB was using: the 3,781-point trend of
// the query bench answered in 1.32x its SQL time with it, 1.20x with no
// collection at all, 1.10-1.17x with this policy. So unless GOGC or
// GOMEMLIMIT is set in the environment, the heap may grow to five times
// what is live (GOGC=400) up to a soft limit of 1 GiB, where the collector
// works harder instead of letting it grow. A sync keeps Go's defaults: its
// peak memory is a goal of its own (+40-60 MiB at 1-5 M rows with this
// policy).
func TuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return // the operator's settings win
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(1 << 30)
}
