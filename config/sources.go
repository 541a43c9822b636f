package config

import (
	"fmt"
	"time"
)

// Source is one CRM/ERP database or file. Owned by the connectors.
type Source struct {
	// Kind: mysql, postgres, csv or xlsx.
	Kind string `yaml:"kind"`
	// DSNEnv names the environment variable holding the DSN (databases).
	DSNEnv string `yaml:"dsn_env"`
	// Path of a CSV or .xlsx file (files).
	Path string `yaml:"path"`
	// Every is the sync interval. Default schedules.sync_every.
	Every time.Duration `yaml:"every"`
}

// Table maps one canonical table onto a source. Owned by the connectors.
type Table struct {
	Source      string            `yaml:"source"`
	From        string            `yaml:"from"`
	Select      string            `yaml:"select"`
	Sheet       string            `yaml:"sheet"`
	Key         []string          `yaml:"key"`
	Incremental string            `yaml:"incremental"`
	Columns     map[string]string `yaml:"columns"`
}

func (s *Source) applyDefaults(every time.Duration) {
	if s.Every == 0 {
		s.Every = every
	}
}

func (c *Config) validateSources() []error {
	var errs []error
	for name, s := range c.Sources {
		switch s.Kind {
		case "mysql", "postgres", "csv", "xlsx":
		default:
			errs = append(errs, fmt.Errorf("sources.%s.kind: %q is not mysql, postgres, csv or xlsx", name, s.Kind))
		}
	}
	return errs
}
