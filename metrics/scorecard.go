package metrics

import (
	"context"
	"database/sql"

	"salesbi/config"
)

// ScoreRow is one validation figure with its goal (DESIGN.md: compliance
// ≥ 92 %, calibration degree ≤ 8 %, freshness ≤ 3.2 h). Value and Pass are
// nil when the period has no data for the figure.
type ScoreRow struct {
	Metric     string   `json:"metric"`
	Value      *float64 `json:"value"`
	Goal       float64  `json:"goal"`
	Direction  string   `json:"direction"` // "min": value ≥ goal passes; "max": value ≤ goal passes
	Pass       *bool    `json:"pass"`
	Population int64    `json:"population"`
}

// goalSlack absorbs floating-point noise so a value exactly at the goal
// (8.0 %, 3.2 h) passes.
const goalSlack = 1e-9

func scoreRow(metric string, value, goal float64, direction string, population int64) ScoreRow {
	r := ScoreRow{Metric: metric, Goal: goal, Direction: direction, Population: population}
	if population == 0 {
		return r
	}
	v := value
	r.Value = &v
	pass := v >= goal-goalSlack
	if direction == "max" {
		pass = v <= goal+goalSlack
	}
	r.Pass = &pass
	return r
}

// Report is every metric of one period.
type Report struct {
	Period      string      `json:"period"`
	Accuracy    []Accuracy  `json:"grading_accuracy"`
	Compliance  Compliance  `json:"compliance"`
	Calibration Calibration `json:"calibration"`
	Freshness   Freshness   `json:"freshness"`
	Scorecard   []ScoreRow  `json:"scorecard"`
}

// Recompute rebuilds every derived table of period p and the scorecard.
func Recompute(ctx context.Context, db *sql.DB, p Period, cfg *config.Config) (Report, error) {
	r := Report{Period: p.Label}
	var err error
	if r.Accuracy, err = ComputeAccuracy(ctx, db, p, cfg.Scoring.InactiveDays); err != nil {
		return r, err
	}
	if r.Compliance, err = ComputeCompliance(ctx, db, p, cfg.Scoring.Compliance.AmountThreshold); err != nil {
		return r, err
	}
	if r.Calibration, err = ComputeCalibration(ctx, db, p, cfg.Scoring.Calibration); err != nil {
		return r, err
	}
	if r.Freshness, err = ComputeFreshness(ctx, db, p, cfg.Business.Holidays); err != nil {
		return r, err
	}
	r.Scorecard = Scorecard(r, cfg.Scoring.Goals)
	return r, storeScorecard(ctx, db, p.Label, r.Scorecard)
}

// Scorecard is the three validation figures of a report against the goals.
func Scorecard(r Report, g config.ScorecardGoals) []ScoreRow {
	fresh := 0.0
	if r.Freshness.MedianHours != nil {
		fresh = *r.Freshness.MedianHours
	}
	return []ScoreRow{
		scoreRow("compliance_rate", r.Compliance.Rate, g.Compliance, "min", int64(r.Compliance.Population)),
		scoreRow("calibration_degree", r.Calibration.Degree, g.CalibrationDegree, "max", int64(r.Calibration.Team)),
		scoreRow("freshness_hours", fresh, g.FreshnessHours, "max", r.Freshness.Records),
	}
}

func storeScorecard(ctx context.Context, db *sql.DB, period string, rows []ScoreRow) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM metric_scorecard WHERE period = $1`, period); err != nil {
		return wrapf(err, "clearing metric_scorecard for %s", period)
	}
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO metric_scorecard (period, metric, value, goal, direction, pass, population) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			period, r.Metric, r.Value, r.Goal, r.Direction, r.Pass, r.Population); err != nil {
			return wrapf(err, "storing scorecard row %s", r.Metric)
		}
	}
	return tx.Commit()
}
