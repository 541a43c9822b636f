package benchreport

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/metrics"
)

// metricsRecompute times a full re-score of every customer, then a full
// recompute of compliance, calibration, freshness and grading accuracy for
// the anchor's quarter, at each scale, and prints the figures themselves.
// (metrics' BenchmarkRescore measures the re-score with go test.)
func metricsRecompute(ctx context.Context, e *Env) error {

	cfg := config.Default()
	var rows [][]string
	var report [][]string
	for _, scale := range e.Scales {
		db, err := e.OpenDemo(ctx, scale)
		if err != nil {
			return err
		}
		cal := clock.Calendar{Clock: clock.NewFixed(e.Anchor.Add(9 * time.Hour)), Loc: e.Loc}
		p, err := metrics.QuarterPeriod(cal, "")
		if err != nil {
			db.Close()
			return err
		}
		h := metrics.HealthSettings{HealthScoring: cfg.Scoring.Health}
		measure := func(name string, n func() (int64, error)) error {
			start := time.Now()
			count, err := n()
			if err != nil {
				return fmt.Errorf("%s at scale %d: %w", name, scale, err)
			}
			d := time.Since(start)
			rows = append(rows, []string{fmt.Sprint(scale), name, fmt.Sprint(count), fmt.Sprintf("%.3f", d.Seconds()),
				fmt.Sprintf("%.0f", float64(count)/d.Seconds())})
			return nil
		}
		var r metrics.Report
		err = measure("re-score all customers", func() (int64, error) {
			res, err := metrics.Rescore(ctx, db.DB, h, metrics.Scope{All: true}, "bench", cal.Now())
			return int64(res.Scored), err
		})
		if err == nil {
			err = measure("compliance", func() (int64, error) {
				return countRows(ctx, db.DB, "stage_history"), func() error {
					var err error
					r.Compliance, err = metrics.ComputeCompliance(ctx, db.DB, p, cfg.Scoring.Compliance.AmountThreshold)
					return err
				}()
			})
		}
		if err == nil {
			err = measure("calibration", func() (int64, error) {
				return countRows(ctx, db.DB, "contracts"), func() error {
					var err error
					r.Calibration, err = metrics.ComputeCalibration(ctx, db.DB, p, cfg.Scoring.Calibration)
					return err
				}()
			})
		}
		if err == nil {
			err = measure("freshness", func() (int64, error) {
				n := countRows(ctx, db.DB, "visits") + countRows(ctx, db.DB, "stage_history") + countRows(ctx, db.DB, "key_actions") + countRows(ctx, db.DB, "contracts")
				var err error
				r.Freshness, err = metrics.ComputeFreshness(ctx, db.DB, p, cfg.Business.Holidays)
				return n, err
			})
		}
		if err == nil {
			err = measure("grading accuracy", func() (int64, error) {
				var err error
				r.Accuracy, err = metrics.ComputeAccuracy(ctx, db.DB, p, cfg.Scoring.InactiveDays)
				return countRows(ctx, db.DB, "customers"), err
			})
		}
		db.Close()
		if err != nil {
			return err
		}
		for _, a := range r.Accuracy {
			report = append(report, []string{fmt.Sprint(scale), "grading accuracy (" + a.Basis + ")", fmt.Sprintf("%.1f%%", a.Accuracy*100),
				fmt.Sprintf("A %d/%d, C %d/%d, backfilled %d", a.AMatched, a.A, a.CMatched, a.C, a.Backfilled)})
		}
		c := r.Compliance
		report = append(report,
			[]string{fmt.Sprint(scale), "compliance rate", fmt.Sprintf("%.1f%%", c.Rate*100), fmt.Sprintf("%d/%d", c.Compliant, c.Population)},
			[]string{fmt.Sprint(scale), "technical confirmation", fmt.Sprintf("%.1f%%", c.TechRate*100), fmt.Sprintf("%d/%d", c.TechConfirmed, c.PastSolution)},
			[]string{fmt.Sprint(scale), "calibration degree", fmt.Sprintf("%.1f%%", r.Calibration.Degree*100), fmt.Sprintf("%d reps, spread ±%.1f%%", r.Calibration.Team, r.Calibration.Spread*100)})
		if r.Freshness.MedianHours != nil {
			report = append(report, []string{fmt.Sprint(scale), "freshness (median entry latency)", fmt.Sprintf("%.2f h", *r.Freshness.MedianHours), fmt.Sprintf("%d records", r.Freshness.Records)})
		}
	}
	e.Table("metrics: full recompute", []string{"scale", "step", "rows", "seconds", "rows/s"}, rows)
	e.Table("metrics: figures on the demo company ("+clock.QuarterLabel(e.Anchor)+")", []string{"scale", "metric", "value", "of"}, report)
	return nil
}

// countRows is the size of one of our own canonical tables (the rows a
// step reads), for rows/s.
func countRows(ctx context.Context, db *sql.DB, table string) int64 {
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		return 0
	}
	return n
}
