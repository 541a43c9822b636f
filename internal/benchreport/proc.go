package benchreport

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// What the process used, read from Linux's /proc and getrusage: the report
// measures its own process, so these live here and nowhere else.

// resetPeakRSS restarts VmHWM (Linux: writing 5 to clear_refs).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procStatusMiB reads one "VmXXX:" line of /proc/self/status in MiB (-1 if
// it cannot).
func procStatusMiB(key string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, key+":") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return kb / 1024
		}
	}
	return -1
}

// peakRSS shows VmHWM and how far it rose above the RSS the process had when
// the measurement started: in a full `make bench` the same process has just
// generated the scale-100 demo company and still holds that memory, so the
// peak alone would say nothing about the sync.
func peakRSS(startMiB int) string {
	peak := procStatusMiB("VmHWM")
	if peak < 0 {
		return "?"
	}
	return fmt.Sprintf("%d MiB (+%d during the sync)", peak, peak-startMiB)
}

// processCPU is the user+system CPU time this process has used: with the
// wall time it says how many cores the sync actually got on a shared box.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}
