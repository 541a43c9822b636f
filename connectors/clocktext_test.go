package connectors

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// zoneClock must give exactly time.Date's instant, DST gaps and repeated
// hours included, in zones with and without DST and with odd historical
// offsets (Shanghai's LMT +8:05:43, Lord Howe's half-hour DST).
func TestZoneClockMatchesTimeDate(t *testing.T) {
	zones := []string{"UTC", "America/New_York", "Asia/Shanghai", "Europe/London", "Australia/Lord_Howe", "America/Sao_Paulo"}
	rng := rand.New(rand.NewSource(1))
	for _, zn := range zones {
		loc, err := time.LoadLocation(zn)
		require.NoError(t, err)
		z := newZoneClock(loc)
		check := func(s string) {
			f, zero, ok := readClock(s)
			require.True(t, ok, s)
			require.False(t, zero, s)
			want, _, ok := parseClock(s, loc)
			require.True(t, ok, s)
			require.Equal(t, want.UnixMicro(), z.micros(f), "%s in %s: want %v", s, zn, want)
		}
		// Every minute around the 2026 US and EU transitions and some others.
		for _, day := range []string{"2026-03-08", "2026-11-01", "2026-03-29", "2026-10-25", "2026-04-05", "2026-10-04", "1901-01-01", "1986-05-04", "1991-09-15", "2018-11-04", "2019-02-17"} {
			for h := 0; h < 24; h++ {
				for m := 0; m < 60; m += 7 {
					check(fmt.Sprintf("%s %02d:%02d:%02d.%06d", day, h, m, rng.Intn(60), rng.Intn(1000000)))
					check(fmt.Sprintf("%sT%02d:%02d:00", day, h, m))
				}
			}
			check(day)
		}
		// Random instants 1900–2100, in random order (the cache must not care).
		for i := 0; i < 20000; i++ {
			y, mo, d := 1900+rng.Intn(200), 1+rng.Intn(12), 1+rng.Intn(31)
			s := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d.%03d", y, mo, d, rng.Intn(24), rng.Intn(60), rng.Intn(60), rng.Intn(1000))
			if i%5 == 0 {
				s += "Z"
			}
			check(s)
		}
	}
}
