package metrics

import (
	"context"
	"database/sql"
	"math"

	"salesbi/config"
)

// Target calibration for a quarter (DESIGN.md "Target calibration"). The
// team is every rep with a set target in the period; T is the sum of their
// set targets, so the director's total is kept and redistributed.
//
//   - capability c: each of the six indicators (the rep's rep_capability row
//     for the period, else their latest earlier one) scaled 0–100 against the
//     team's min–max, complaint rate and cycle days reversed; a team where
//     everyone has the same value, or a rep without the value, gets 50
//     (neutral); then weighted (default equal).
//   - heat h per market: fiscal progress (percent, clamped 0–100); policy
//     date: 100 on the day, falling linearly to 0 at policy_window_days away
//     (before or after the period's start); competition reversed min–max
//     over the team's markets. A rep without a market gets 50.
//   - m = (c + h)/2; Rᵢ = T·mᵢ/Σm; band half-width from the band table by m.
//   - degree = mean |setᵢ − Rᵢ|/Rᵢ; attainment = signed/set (contracts signed
//     in the period, credited to the opportunity's owner, else the
//     customer's); spread = population standard deviation of attainment.
//   - below target two quarters running: attainment < 1 now and in the
//     previous quarter (which needs a target there); weakest indicator = the
//     lowest scaled one (ties: the first in the order above).

// Indicators are the six capability indicators in their order.
var Indicators = []string{"product_test_score", "big_deal_win_rate", "complaint_rate", "avg_cycle_days", "visit_to_opp_rate", "renewal_rate"}

// reversedIndicator marks indicators where less is better.
var reversedIndicator = [6]bool{false, false, true, true, false, false}

// RepCalibration is one rep's row of metric_calibration.
type RepCalibration struct {
	RepID          int64    `json:"rep_id"`
	MarketID       *int64   `json:"market_id"`
	Capability     float64  `json:"capability"`
	Heat           float64  `json:"heat"`
	Match          float64  `json:"match"`
	SetTarget      float64  `json:"set_target"`
	Recommended    float64  `json:"recommended"`
	BandPct        float64  `json:"band_pct"`
	BandLow        float64  `json:"band_low"`
	BandHigh       float64  `json:"band_high"`
	Deviation      float64  `json:"deviation"`
	Signed         float64  `json:"signed"`
	Attainment     float64  `json:"attainment"`
	PrevAttainment *float64 `json:"prev_attainment"`
	BelowTwice     bool     `json:"below_target_twice"`
	Weakest        string   `json:"weakest_indicator"`

	raw    [6]sql.NullFloat64
	norm   [6]float64
	market struct {
		fiscal, policyDays, competition sql.NullFloat64
	}
}

// Calibration is the period's summary.
type Calibration struct {
	Period     string           `json:"period"`
	Team       int              `json:"team"`
	Total      float64          `json:"team_target"`
	Degree     float64          `json:"degree"`
	Spread     float64          `json:"attainment_spread"`
	MeanAttain float64          `json:"attainment_mean"`
	BelowTwice int              `json:"below_target_twice"`
	Reps       []RepCalibration `json:"reps"`
}

// Match is m = (c + h)/2.
func Match(capability, heat float64) float64 { return (capability + heat) / 2 }

// BandFor is the band half-width of match m (bands sorted by MinMatch, descending).
func BandFor(m float64, bands []config.Band) float64 {
	for _, b := range bands {
		if m >= b.MinMatch {
			return b.HalfWidth
		}
	}
	return bands[len(bands)-1].HalfWidth
}

// Recommend is Rᵢ = T·mᵢ/Σm.
func Recommend(total float64, matches []float64) []float64 {
	sum := 0.0
	for _, m := range matches {
		sum += m
	}
	out := make([]float64, len(matches))
	for i, m := range matches {
		if sum > 0 {
			out[i] = total * m / sum
		} else {
			out[i] = total / float64(len(matches))
		}
	}
	return out
}

// PolicyHeat is 100 on the policy day, 0 at window days away or more.
func PolicyHeat(days float64, window int) float64 {
	if window <= 0 {
		return 50
	}
	return clamp(100*(1-math.Abs(days)/float64(window)), 0, 100)
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// scale is x on the 0–100 scale of [lo, hi], reversed if less is better.
func scale(x sql.NullFloat64, lo, hi float64, reversed bool) float64 {
	if !x.Valid || hi <= lo {
		return 50
	}
	v := (x.Float64 - lo) / (hi - lo) * 100
	if reversed {
		v = 100 - v
	}
	return v
}

// ComputeCalibration recomputes metric_calibration for period p.
func ComputeCalibration(ctx context.Context, db *sql.DB, p Period, cfg config.CalibrationScoring) (Calibration, error) {
	cal := Calibration{Period: p.Label}
	reps, prevTargets, prevSigned, err := calibrationInputs(ctx, db, p)
	if err != nil {
		return cal, err
	}
	calibrate(reps, cfg)
	for i := range reps {
		r := &reps[i]
		if r.SetTarget > 0 {
			r.Attainment = r.Signed / r.SetTarget
		}
		if prevTargets[i].Valid && prevTargets[i].Float64 > 0 {
			a := prevSigned[i] / prevTargets[i].Float64
			r.PrevAttainment = &a
			r.BelowTwice = r.Attainment < 1 && a < 1
		}
	}
	cal = summarise(p.Label, reps)
	return cal, storeCalibration(ctx, db, p.Label, reps)
}

// calibrationInputs reads each rep's target, capability, market and signed
// amounts for p, with the previous period's target and signed amount.
func calibrationInputs(ctx context.Context, db *sql.DB, p Period) ([]RepCalibration, []sql.NullFloat64, []float64, error) {
	prev := p.Previous()
	rows, err := db.QueryContext(ctx, `WITH cap AS (
			SELECT * FROM rep_capability WHERE period <= $1
			QUALIFY row_number() OVER (PARTITION BY rep_id ORDER BY period DESC) = 1),
		signed AS (
			SELECT coalesce(o.owner_rep_id, cu.owner_rep_id) AS rep_id,
				sum(k.amount) FILTER (WHERE k.signed_at >= $2 AND k.signed_at < $3)::DOUBLE AS cur,
				sum(k.amount) FILTER (WHERE k.signed_at >= $4 AND k.signed_at < $5)::DOUBLE AS prev
			FROM contracts k LEFT JOIN opportunities o ON o.opp_id = k.opp_id
			LEFT JOIN customers cu ON cu.customer_id = k.customer_id
			WHERE k.signed_at >= $6 AND k.signed_at < $7 GROUP BY 1)
		SELECT t.rep_id, r.market_id, t.target_amount::DOUBLE,
			cap.product_test_score, cap.big_deal_win_rate, cap.complaint_rate, cap.avg_cycle_days, cap.visit_to_opp_rate, cap.renewal_rate,
			m.fiscal_progress_pct, date_diff('day', CAST($8 AS DATE), m.policy_date)::DOUBLE, m.competition_index,
			coalesce(s.cur, 0), coalesce(s.prev, 0), pt.target_amount::DOUBLE
		FROM targets t LEFT JOIN reps r ON r.rep_id = t.rep_id
		LEFT JOIN markets m ON m.market_id = r.market_id
		LEFT JOIN cap ON cap.rep_id = t.rep_id
		LEFT JOIN signed s ON s.rep_id = t.rep_id
		LEFT JOIN targets pt ON pt.rep_id = t.rep_id AND pt.period = $9
		WHERE t.period = $10 ORDER BY t.rep_id`,
		p.Label, p.From, p.To, prev.From, prev.To, prev.From, p.To, p.From.Format("2006-01-02"), prev.Label, p.Label)
	if err != nil {
		return nil, nil, nil, wrapf(err, "reading calibration inputs for %s", p.Label)
	}
	defer rows.Close()
	var reps []RepCalibration
	var prevTargets []sql.NullFloat64
	var prevSigned []float64
	for rows.Next() {
		var r RepCalibration
		var market sql.NullInt64
		var pt sql.NullFloat64
		var ps float64
		if err := rows.Scan(&r.RepID, &market, &r.SetTarget, &r.raw[0], &r.raw[1], &r.raw[2], &r.raw[3], &r.raw[4], &r.raw[5],
			&r.market.fiscal, &r.market.policyDays, &r.market.competition, &r.Signed, &ps, &pt); err != nil {
			return nil, nil, nil, err
		}
		if market.Valid {
			id := market.Int64
			r.MarketID = &id
		}
		reps = append(reps, r)
		prevTargets = append(prevTargets, pt)
		prevSigned = append(prevSigned, ps)
	}
	return reps, prevTargets, prevSigned, rows.Err()
}

// calibrate fills capability, heat, match, recommendation, band and
// deviation of every rep of one team.
func calibrate(reps []RepCalibration, cfg config.CalibrationScoring) {
	if len(reps) == 0 {
		return
	}
	w := cfg.CapabilityWeights
	weights := [6]float64{w.ProductTest, w.BigDealWin, w.Complaint, w.CycleDays, w.VisitToOpp, w.RenewalRate}
	for k := 0; k < 6; k++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, r := range reps {
			if r.raw[k].Valid {
				lo, hi = math.Min(lo, r.raw[k].Float64), math.Max(hi, r.raw[k].Float64)
			}
		}
		for i := range reps {
			reps[i].norm[k] = scale(reps[i].raw[k], lo, hi, reversedIndicator[k])
		}
	}
	compLo, compHi := math.Inf(1), math.Inf(-1)
	for _, r := range reps {
		if c := r.market.competition; c.Valid {
			compLo, compHi = math.Min(compLo, c.Float64), math.Max(compHi, c.Float64)
		}
	}
	matches := make([]float64, len(reps))
	total := 0.0
	for i := range reps {
		r := &reps[i]
		r.Capability = 0
		weakest := 0
		for k := 0; k < 6; k++ {
			r.Capability += weights[k] * r.norm[k]
			if r.norm[k] < r.norm[weakest] {
				weakest = k
			}
		}
		r.Weakest = Indicators[weakest]
		r.Heat = 50
		if r.MarketID != nil {
			fiscal := 50.0
			if r.market.fiscal.Valid {
				fiscal = clamp(r.market.fiscal.Float64, 0, 100)
			}
			policy := 50.0
			if r.market.policyDays.Valid {
				policy = PolicyHeat(r.market.policyDays.Float64, cfg.PolicyWindowDays)
			}
			comp := scale(r.market.competition, compLo, compHi, true)
			hw := cfg.HeatWeights
			r.Heat = hw.FiscalProgress*fiscal + hw.PolicyDate*policy + hw.Competition*comp
		}
		r.Match = Match(r.Capability, r.Heat)
		matches[i] = r.Match
		total += r.SetTarget
	}
	rec := Recommend(total, matches)
	for i := range reps {
		r := &reps[i]
		r.Recommended = rec[i]
		r.BandPct = BandFor(r.Match, cfg.Bands)
		r.BandLow, r.BandHigh = r.Recommended*(1-r.BandPct), r.Recommended*(1+r.BandPct)
		if r.Recommended > 0 {
			r.Deviation = math.Abs(r.SetTarget-r.Recommended) / r.Recommended
		}
	}
}

func summarise(period string, reps []RepCalibration) Calibration {
	c := Calibration{Period: period, Team: len(reps), Reps: reps}
	if len(reps) == 0 {
		return c
	}
	for _, r := range reps {
		c.Total += r.SetTarget
		c.Degree += r.Deviation
		c.MeanAttain += r.Attainment
		if r.BelowTwice {
			c.BelowTwice++
		}
	}
	n := float64(len(reps))
	c.Degree /= n
	c.MeanAttain /= n
	for _, r := range reps {
		c.Spread += (r.Attainment - c.MeanAttain) * (r.Attainment - c.MeanAttain)
	}
	c.Spread = math.Sqrt(c.Spread / n)
	return c
}

func storeCalibration(ctx context.Context, db *sql.DB, period string, reps []RepCalibration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM metric_calibration WHERE period = $1`, period); err != nil {
		return wrapf(err, "clearing metric_calibration for %s", period)
	}
	for _, r := range reps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO metric_calibration (period, rep_id, market_id, capability, heat, match, set_target,
				recommended, band_pct, band_low, band_high, deviation, signed, attainment, below_target_twice, weakest_indicator)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			period, r.RepID, r.MarketID, r.Capability, r.Heat, r.Match, r.SetTarget, r.Recommended, r.BandPct,
			r.BandLow, r.BandHigh, r.Deviation, r.Signed, r.Attainment, r.BelowTwice, r.Weakest); err != nil {
			return wrapf(err, "storing calibration of rep %d for %s", r.RepID, period)
		}
	}
	return tx.Commit()
}
