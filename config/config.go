// Package config reads salesbi.yaml. Every setting has a default, applied
// before validation; secrets never live in the file (sources name the
// environment variable that holds their DSN).
package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"salesbi/i18n"
)

// Config is the whole salesbi.yaml. Sections owned by one part of the
// system have their own file here (sources.go, scoring.go, alerts.go).
type Config struct {
	Server     Server            `yaml:"server"`
	Database   Database          `yaml:"database"`
	Business   Business          `yaml:"business"`
	Sources    map[string]Source `yaml:"sources"`
	Tables     map[string]Table  `yaml:"tables"`
	Schedules  Schedules         `yaml:"schedules"`
	Alerts     Alerts            `yaml:"alerts"`
	Scoring    Scoring           `yaml:"scoring"`
	Demo       Demo              `yaml:"demo"`
	Dashboards Dashboards        `yaml:"dashboards"`
	path       string
}

// Server is the HTTP side.
type Server struct {
	// Addr to listen on. Default ":8080".
	Addr string `yaml:"addr"`
	// TestMode turns chart animation off (browser tests, screenshots).
	TestMode bool `yaml:"test_mode"`
}

// Database is the DuckDB file.
type Database struct {
	// Path of the DuckDB file. Default "salesbi.duckdb".
	Path string `yaml:"path"`
	// MemoryLimit for DuckDB, e.g. "8GB". Default: half of RAM.
	MemoryLimit string `yaml:"memory_limit"`
}

// Business is how the company keeps its calendar and money.
type Business struct {
	// TimeZone (IANA). Default "Asia/Shanghai".
	TimeZone string `yaml:"timezone"`
	// Currency code shown beside money. Default "CNY".
	Currency string `yaml:"currency"`
	// Locale of labels: "zh-CN" (default) or "en".
	Locale string `yaml:"locale"`
	// Holidays are business-calendar dates (YYYY-MM-DD) that are not
	// working days, for per-working-day rates.
	Holidays []string `yaml:"holidays"`
}

// Demo is the built-in demo company.
type Demo struct {
	// Seed of the generator. Default 1.
	Seed int64 `yaml:"seed"`
	// Scale multiplies customers, leads, opportunities and visits. Default 1.
	Scale int `yaml:"scale"`
	// FillEmpty: serve fills an empty database with the demo. Default true.
	FillEmpty *bool `yaml:"fill_empty"`
}

// Dashboards are the preset boards.
type Dashboards struct {
	// StaleAfter marks a panel whose data (its tables' last successful
	// sync) is older than this. Default 24h.
	StaleAfter time.Duration `yaml:"stale_after"`
}

// Schedules are background jobs.
type Schedules struct {
	// SyncEvery is the default interval between syncs of a source. Default 5m.
	SyncEvery time.Duration `yaml:"sync_every"`
}

// Default returns a Config with every default set.
func Default() *Config {
	c := &Config{}
	c.applyDefaults()
	return c
}

// Load reads path ("" means defaults only), applies defaults and validates.
func Load(path string) (*Config, error) {
	c := &Config{path: path}
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading config: %w", err)
		}
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	c.applyDefaults()
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Path is the file the config was read from ("" for defaults).
func (c *Config) Path() string { return c.path }

func (c *Config) applyDefaults() {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&c.Server.Addr, ":8080")
	def(&c.Database.Path, "salesbi.duckdb")
	def(&c.Business.TimeZone, "Asia/Shanghai")
	def(&c.Business.Currency, "CNY")
	def(&c.Business.Locale, i18n.ZH)
	if c.Demo.Seed == 0 {
		c.Demo.Seed = 1
	}
	if c.Demo.Scale == 0 {
		c.Demo.Scale = 1
	}
	if c.Demo.FillEmpty == nil {
		t := true
		c.Demo.FillEmpty = &t
	}
	if c.Schedules.SyncEvery == 0 {
		c.Schedules.SyncEvery = 5 * time.Minute
	}
	if c.Dashboards.StaleAfter == 0 {
		c.Dashboards.StaleAfter = 24 * time.Hour
	}
	c.Scoring.applyDefaults()
	c.Alerts.applyDefaults()
	for name, s := range c.Sources {
		s.applyDefaults(c.Schedules.SyncEvery)
		c.Sources[name] = s
	}
}

// Validate lists every problem with its location in the YAML.
func (c *Config) Validate() error {
	var errs []error
	if _, err := time.LoadLocation(c.Business.TimeZone); err != nil {
		errs = append(errs, fmt.Errorf("business.timezone: unknown zone %q", c.Business.TimeZone))
	}
	for i, h := range c.Business.Holidays {
		if _, err := time.Parse("2006-01-02", h); err != nil {
			errs = append(errs, fmt.Errorf("business.holidays[%d]: %q is not a date (want YYYY-MM-DD, e.g. 2026-10-01)", i, h))
		}
	}
	if c.Business.Locale != i18n.ZH && c.Business.Locale != i18n.EN {
		errs = append(errs, fmt.Errorf("business.locale: %q is not zh-CN or en", c.Business.Locale))
	}
	if c.Dashboards.StaleAfter < 0 {
		errs = append(errs, fmt.Errorf("dashboards.stale_after: must be positive, e.g. 24h"))
	}
	if c.Demo.Scale < 1 {
		errs = append(errs, fmt.Errorf("demo.scale: must be at least 1"))
	}
	errs = append(errs, c.Scoring.validate("scoring")...)
	errs = append(errs, c.Alerts.validate("alerts")...)
	errs = append(errs, c.validateSources()...)
	return errors.Join(errs...)
}
