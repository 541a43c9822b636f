package metrics

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/config"
)

func bands() []config.Band { return config.Default().Scoring.Calibration.Bands }

func TestBandRuleOnTheArticleAndBoundaries(t *testing.T) {
	// The article: capability 82, resource heat 76 → m 79 → ±15 %.
	require.Equal(t, 79.0, Match(82, 76))
	require.Equal(t, 0.15, BandFor(Match(82, 76), bands()))
	for _, c := range []struct{ m, band float64 }{
		{100, 0.10}, {85, 0.10}, {84.99, 0.15}, {79, 0.15}, {70, 0.15},
		{69.99, 0.20}, {55, 0.20}, {54.99, 0.25}, {20, 0.25}, {0, 0.25},
	} {
		require.Equal(t, c.band, BandFor(c.m, bands()), "m=%v", c.m)
	}
}

func TestRecommendationMonotoneInCapabilityAndHeat(t *testing.T) {
	// Two colleagues fixed at c=60, h=60; the third rep's c (then h) rises:
	// their recommended share never falls and their band never widens.
	var prevR, prevBand float64
	for _, vary := range []string{"capability", "heat"} {
		prevR, prevBand = -1, 1
		for _, x := range []float64{0, 20, 40, 55, 70, 82, 85, 90, 100} {
			c, h := 70.0, 70.0
			if vary == "capability" {
				c = x
			} else {
				h = x
			}
			m := Match(c, h)
			r := Recommend(3_000_000, []float64{m, Match(60, 60), Match(60, 60)})[0]
			band := BandFor(m, bands())
			require.Greater(t, r, prevR, "%s %v", vary, x)
			require.LessOrEqual(t, band, prevBand, "%s %v", vary, x)
			prevR, prevBand = r, band
		}
	}
	// The total is kept.
	rs := Recommend(3_000_000, []float64{92.5, 35, 10})
	require.InDelta(t, 3_000_000, rs[0]+rs[1]+rs[2], 1e-6)
}

func TestTeamDeviatingExactlyEightPercentPasses(t *testing.T) {
	// Two reps with the same match: R = T/2 = 1,000,000 each; set targets
	// 1,080,000 and 920,000 deviate 8.0 % each.
	reps := []RepCalibration{{RepID: 1, SetTarget: 1_080_000}, {RepID: 2, SetTarget: 920_000}}
	calibrate(reps, config.Default().Scoring.Calibration)
	require.Equal(t, 1_000_000.0, reps[0].Recommended)
	c := summarise("2026-Q4", reps)
	require.InDelta(t, 0.08, c.Degree, 1e-12)
	goals := config.Default().Scoring.Goals
	sc := scoreRow("calibration_degree", c.Degree, goals.CalibrationDegree, "max", 2)
	require.True(t, *sc.Pass, "8.0 %% meets the ≤ 8 %% goal")
	sc = scoreRow("calibration_degree", 0.0801, goals.CalibrationDegree, "max", 2)
	require.False(t, *sc.Pass)
}

func TestCalibrationOnHandMadeTeam(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	cal, _ := fixedCal(at("2026-12-31 12:00"))
	p, err := QuarterPeriod(cal, "2026-Q4")
	require.NoError(t, err)
	exec(t, db, `INSERT INTO markets (market_id, name, fiscal_progress_pct, policy_date, competition_index) VALUES
		(10, '高校', 80, DATE '2026-11-15', 0.2), (20, 'K12 民办', 40, DATE '2026-12-30', 0.6)`)
	exec(t, db, `INSERT INTO reps (rep_id, name, market_id) VALUES (1, 'A', 10), (2, 'B', 20), (3, 'C', 20)`)
	// rep 1 best everywhere; rep 2 worst on the product test only; rep 3 mid
	// on the product test and worst on the rest.
	exec(t, db, `INSERT INTO rep_capability VALUES
		(1, '2026-Q4', 90, 0.5, 0.01, 30, 0.4, 0.9, now()),
		(2, '2026-Q4', 70, 0.4, 0.02, 45, 0.3, 0.7, now()),
		(3, '2026-Q3', 80, 0.3, 0.03, 60, 0.2, 0.5, now())`) // rep 3: last quarter's row is used
	exec(t, db, `INSERT INTO targets (rep_id, period, target_amount) VALUES
		(1, '2026-Q4', 1000000), (2, '2026-Q4', 1000000), (3, '2026-Q4', 1000000),
		(1, '2026-Q3', 1000000), (2, '2026-Q3', 1000000), (3, '2026-Q3', 1000000)`)
	exec(t, db, `INSERT INTO customers (customer_id, name, owner_rep_id) VALUES (1, 'x', 1), (2, 'y', 2), (3, 'z', 3)`)
	exec(t, db, `INSERT INTO contracts (contract_id, customer_id, amount, signed_at) VALUES
		(1, 1, 1200000, $1), (2, 1, 1100000, $2), (3, 2, 500000, $3), (4, 2, 400000, $4), (5, 3, 1000000, $5)`,
		at("2026-11-01 10:00"), at("2026-08-01 10:00"), at("2026-11-02 10:00"), at("2026-08-02 10:00"), at("2026-12-01 10:00"))

	c, err := ComputeCalibration(ctx, db.DB, p, config.Default().Scoring.Calibration)
	require.NoError(t, err)
	require.Len(t, c.Reps, 3)
	// Capability: rep 1 100; rep 2 (0+50·5)/6; rep 3 (50+0·5)/6.
	// Heat: market 10 = (80 + 100·(1−45/180) + 100)/3 = 85; market 20 = (40 + 50 + 0)/3 = 30.
	want := []struct{ c, h, m, r, band, dev, att float64 }{
		{100, 85, 92.5, 1881355.9322033902, 0.10, 0.46846846846846857, 1.2},
		{250.0 / 6, 30, 35.833333333333336, 728813.5593220339, 0.25, 0.37209302325581395, 0.5},
		{50.0 / 6, 30, 19.166666666666668, 389830.50847457635, 0.25, 1.5652173913043474, 1.0},
	}
	for i, w := range want {
		r := c.Reps[i]
		require.InDelta(t, w.c, r.Capability, 1e-9, "rep %d", r.RepID)
		require.InDelta(t, w.h, r.Heat, 1e-9, "rep %d", r.RepID)
		require.InDelta(t, w.m, r.Match, 1e-9, "rep %d", r.RepID)
		require.InDelta(t, w.r, r.Recommended, 1e-6, "rep %d", r.RepID)
		require.Equal(t, w.band, r.BandPct, "rep %d", r.RepID)
		require.InDelta(t, w.dev, r.Deviation, 1e-9, "rep %d", r.RepID)
		require.InDelta(t, w.att, r.Attainment, 1e-9, "rep %d", r.RepID)
	}
	require.InDelta(t, 0.8019262943428767, c.Degree, 1e-9)
	require.InDelta(t, 0.29439202887759486, c.Spread, 1e-9) // pstdev(1.2, 0.5, 1.0)
	require.Equal(t, 1, c.BelowTwice)
	require.True(t, c.Reps[1].BelowTwice)
	require.Equal(t, "product_test_score", c.Reps[1].Weakest)
	require.Equal(t, "big_deal_win_rate", c.Reps[2].Weakest) // ties: first in order
	require.Equal(t, 3, count(t, db, `SELECT count(*) FROM metric_calibration WHERE period = '2026-Q4'`))
}
