package config_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/config"
)

func TestDefaultsWithoutAFile(t *testing.T) {
	c, err := config.Load("")
	require.NoError(t, err)
	require.Equal(t, ":8080", c.Server.Addr)
	require.Equal(t, "salesbi.duckdb", c.Database.Path)
	require.Equal(t, "Asia/Shanghai", c.Business.TimeZone)
	require.Equal(t, "zh-CN", c.Business.Locale)
	require.Equal(t, 5*time.Minute, c.Schedules.SyncEvery)
	require.True(t, *c.Demo.FillEmpty)
}

func TestBadConfigListsEveryProblemWithItsPath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "salesbi.yaml")
	require.NoError(t, os.WriteFile(p, []byte("business:\n  timezone: Mars/Olympus\n  locale: fr\ndemo:\n  scale: -2\n"), 0o644))
	_, err := config.Load(p)
	require.Error(t, err)
	for _, want := range []string{"business.timezone", "business.locale", "demo.scale"} {
		require.ErrorContains(t, err, want)
	}
}

func TestUnknownKeysAreRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "salesbi.yaml")
	require.NoError(t, os.WriteFile(p, []byte("server:\n  adress: \":9090\"\n"), 0o644))
	_, err := config.Load(p)
	require.ErrorContains(t, err, "adress")
}

// A holiday that is not a date is named with its place, and good ones load.
func TestHolidaysAreDates(t *testing.T) {
	p := filepath.Join(t.TempDir(), "salesbi.yaml")
	require.NoError(t, os.WriteFile(p, []byte("business:\n  holidays: [2026-10-01, 国庆]\n"), 0o644))
	_, err := config.Load(p)
	require.ErrorContains(t, err, `business.holidays[1]: "国庆" is not a date`)
	require.NoError(t, os.WriteFile(p, []byte("business:\n  holidays: [2026-10-01, 2026-10-02]\n"), 0o644))
	cfg, err := config.Load(p)
	require.NoError(t, err)
	require.Equal(t, []string{"2026-10-01", "2026-10-02"}, cfg.Business.Holidays)
}
