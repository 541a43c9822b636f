// Package demo generates the built-in demo company: a believable Chinese
// B2B sales company, deterministic for a seed and an anchor date.
package demo

import (
	"context"
	"errors"
	"time"

	"salesbi/model"
	"salesbi/progress"
)

// Options of one generation.
type Options struct {
	Seed  int64
	Scale int // multiplies customers, leads, opportunities and visits
	// Anchor is "today" for the demo, a date in Loc; yesterday always has data.
	Anchor   time.Time
	Loc      *time.Location
	Progress progress.Reporter
}

// Stats counts what was written.
type Stats struct {
	Rows     map[string]int64
	Duration time.Duration
}

// Generate fills an empty canonical model. It refuses a database that
// already holds data (it never overwrites a user's tables).
func Generate(ctx context.Context, db *model.DB, opt Options) (Stats, error) {
	return Stats{}, errors.New("demo: not built yet")
}

// IsEmpty reports whether the canonical tables hold no rows.
func IsEmpty(ctx context.Context, db *model.DB) (bool, error) {
	var n int64
	for _, t := range model.CanonicalTables {
		if t == "users" {
			continue
		}
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&n); err != nil {
			return false, err
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}
