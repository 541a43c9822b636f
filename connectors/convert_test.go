package connectors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseScaledIsExact(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "1234.5": 123450, "1,234.565": 123457, "-0.005": -1, "-0.004": 0, "0.1": 10,
		"9999999999999999.99": 999999999999999999, "1e3": 100000, "+7": 700, "12.3456": 1235,
	} {
		got, ok := parseScaled(in, 2)
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "abc", "1.2.3", "--1", "八十万", "12a"} {
		_, ok := parseScaled(bad, 2)
		require.False(t, ok, bad)
	}
}

func TestParseMySQLTime(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	tm, zero, err := parseMySQLTime([]byte("2026-01-31 08:00:00.5"), sh)
	require.NoError(t, err)
	require.False(t, zero)
	require.True(t, tm.Equal(time.Date(2026, 1, 31, 0, 0, 0, 500_000_000, time.UTC)))
	_, zero, err = parseMySQLTime([]byte("0000-00-00 00:00:00"), sh)
	require.NoError(t, err)
	require.True(t, zero)
	_, _, err = parseMySQLTime([]byte("31/01/2026"), sh)
	require.ErrorIs(t, err, errNotTime)
}
