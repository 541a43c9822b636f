// Package demo generates the built-in demo company: a believable Chinese
// B2B sales company, deterministic for a seed, an anchor date and a scale.
//
// Hidden qualities (customer propensity, rep skill, discipline, diligence)
// drive outcomes and habits; the calendar-level story of the source
// article (visits up, sales down, a flat 23.6 % conversion) is planned
// top-down in plan.go. Nothing is derived from the health grade, the static
// tier or any metric formula, so the metrics built on this data measure
// something rather than echo the generator.
package demo

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"salesbi/clock"
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
	// GeneratedAt is logged in the sync log as when each table's data was
	// made (the boards' "data as of"); zero: the wall clock when the
	// generation ends. The rows themselves never see it.
	GeneratedAt time.Time
}

// Stats counts what was written.
type Stats struct {
	Rows     map[string]int64
	Duration time.Duration
	// From and To bound the generated history: [From, To) with To the anchor.
	From, To time.Time
	// UsersSkipped is set when the users table already had accounts; the
	// demo then leaves it alone.
	UsersSkipped bool
}

// ErrNotEmpty means the database already holds data; the demo never writes
// over a user's tables. Use a new --db file, or empty the tables first.
var ErrNotEmpty = errors.New("database already holds data")

// Generate fills an empty canonical model. It refuses a database that
// already holds data (it never overwrites a user's tables); if generation
// fails half-way, the rows it wrote are removed again.
func Generate(ctx context.Context, db *model.DB, opt Options) (Stats, error) {
	start := time.Now() // measures the run only; the data never sees the wall clock
	if opt.Scale < 1 {
		opt.Scale = 1
	}
	if opt.Loc == nil {
		loc, err := time.LoadLocation(clock.DefaultZone)
		if err != nil {
			return Stats{}, fmt.Errorf("demo: loading %s: %w", clock.DefaultZone, err)
		}
		opt.Loc = loc
	}
	if opt.Anchor.IsZero() {
		return Stats{}, errors.New("demo: Options.Anchor is required (the demo's today, a date in the business zone)")
	}
	if opt.Progress == nil {
		opt.Progress = progress.Nop{}
	}
	empty, err := IsEmpty(ctx, db)
	if err != nil {
		return Stats{}, fmt.Errorf("demo: checking the database is empty: %w", err)
	}
	if !empty {
		return Stats{}, fmt.Errorf("demo: %w (%s): the demo company is only written into an empty database — use a new --db file", ErrNotEmpty, db.Path)
	}
	var users int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&users); err != nil {
		return Stats{}, fmt.Errorf("demo: counting users: %w", err)
	}
	// A bulk load boxes every value for the appender: collecting garbage
	// less often saves about a fifth of the CPU, for a few hundred MB more
	// at peak. Restored when done.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	sp := newSpan(opt.Anchor, opt.Loc)
	stats := &statsSink{rows: map[string]int64{}}
	err = generate(ctx, db, opt, sp, users == 0, stats)
	if err != nil {
		if cerr := cleanup(db, users == 0); cerr != nil {
			return Stats{}, fmt.Errorf("%w; removing the partial demo data also failed (%v): delete %s and run again", err, cerr, db.Path)
		}
		return Stats{}, err
	}
	if err := logGeneration(ctx, db, start, opt.GeneratedAt, users == 0, stats.rows); err != nil {
		if cerr := cleanup(db, users == 0); cerr != nil {
			return Stats{}, fmt.Errorf("%w; removing the partial demo data also failed (%v): delete %s and run again", err, cerr, db.Path)
		}
		return Stats{}, err
	}
	return Stats{Rows: stats.rows, Duration: time.Since(start), From: sp.start, To: sp.anchor, UsersSkipped: users > 0}, nil
}

func generate(ctx context.Context, db *model.DB, opt Options, sp span, withUsers bool, stats *statsSink) error {
	seed, prog := opt.Seed, opt.Progress
	og := buildOrg(seed, sp)
	cs := buildCustomers(seed, sp, og, opt.Scale)
	if err := writeOrg(ctx, db, sp, og, withUsers, prog, stats); err != nil {
		return err
	}
	if err := writeCapability(ctx, db, seed, sp, og, prog, stats); err != nil {
		return err
	}
	leads := newLeadGen(seed, sp, og, cs, opt.Scale)
	validByWeek, convertedLeads := leads.funnelInputs()
	plan := signingsPerWeek(seed, sp, validByWeek)
	opps := buildOpps(seed, sp, og, cs, opt.Scale, convertedLeads)
	contracts, renewals := decideOutcomes(seed, sp, og, cs, opps, plan)
	for i, o := range renewals {
		o.id = int64(len(opps) + i + 1)
	}
	settleAmounts(seed, sp, contracts)
	all := append(opps, renewals...)
	if err := writeCustomers(ctx, db, sp, og, cs, healthNodes(seed, sp, cs, all), prog, stats); err != nil {
		return err
	}
	// Leads, visits and the pipeline tables only read what is settled
	// above, so they load side by side.
	var wg sync.WaitGroup
	var visitErr, leadErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		visitErr = writeVisits(ctx, db, newVisitGen(seed, sp, og, cs, all, opt.Scale), opt.Scale, prog, stats)
	}()
	go func() {
		defer wg.Done()
		leadErr = writeLeads(ctx, db, leads, opt.Scale, prog, stats)
	}()
	err := writePipeline(ctx, db, seed, sp, og, cs, all, contracts, prog, stats)
	if err == nil {
		count := make([]int, sp.months())
		for _, c := range contracts {
			count[sp.monthOf(c.signed)]++
		}
		err = writeTargets(ctx, db, seed, sp, og, cs, monthBudgets(seed, sp, count), prog, stats)
	}
	wg.Wait()
	return errors.Join(err, visitErr, leadErr)
}

// logGeneration records the generation in the sync log, one successful
// full run of source "demo" per table written, so "data as of" reads the
// same log for the demo company as for a synced CRM. One statement: all
// rows or none.
func logGeneration(ctx context.Context, db *model.DB, started, finished time.Time, withUsers bool, rows map[string]int64) error {
	if finished.IsZero() {
		finished = time.Now()
	}
	if started.After(finished) {
		started = finished
	}
	q := "INSERT INTO sync_runs (source, table_name, mode, status, rows_read, rows_written, started_at, finished_at) VALUES "
	var args []any
	for _, t := range model.CanonicalTables {
		if t == "users" && !withUsers {
			continue
		}
		if len(args) > 0 {
			q += ", "
		}
		n := len(args)
		q += fmt.Sprintf("('demo', $%d, 'full', 'ok', $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5)
		args = append(args, t, rows[t], rows[t], started, finished)
	}
	if _, err := db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("demo: logging the generation in the sync log: %w", err)
	}
	return nil
}

// cleanup empties what a failed generation wrote (the database was empty
// before it started, so nothing of the user's is touched), children first.
// It runs on a fresh context: the generation's may be the one cancelled.
func cleanup(db *model.DB, users bool) error {
	ctx := context.Background()
	var errs []error
	for i := len(model.CanonicalTables) - 1; i >= 0; i-- {
		t := model.CanonicalTables[i]
		if t == "users" && !users {
			continue
		}
		if _, err := db.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			errs = append(errs, fmt.Errorf("emptying %s: %w", t, err))
		}
	}
	return errors.Join(errs...)
}

// IsEmpty reports whether the canonical tables hold no rows (users are not
// counted: an administrator account may exist before any data).
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
