package config

import (
	"fmt"
	"math"
	"sort"
)

// Scoring holds the initial defaults of the metrics (DESIGN.md "The three
// break points"); a director's edits in the UI are kept in the database and
// win. Owned by the metrics package.
type Scoring struct {
	// Health is the customer-health formula: node weights and grade thresholds.
	Health HealthScoring `yaml:"health"`
	// Compliance is the key-action trail.
	Compliance ComplianceScoring `yaml:"compliance"`
	// Calibration is the quarterly target calibration.
	Calibration CalibrationScoring `yaml:"calibration"`
	// Goals are the scorecard's pass marks.
	Goals ScorecardGoals `yaml:"goals"`
	// InactiveDays: a C customer with no visit, lead or opportunity activity
	// for this many days counts as a foretold loss in grading accuracy. Default 60.
	InactiveDays int `yaml:"inactive_days"`
}

// HealthWeights are the weights of the six health nodes; they sum to 1.
// Defaults 0.30/0.25/0.20/0.10/0.10/0.05.
type HealthWeights struct {
	Plan       float64 `yaml:"plan" json:"plan"`
	Budget     float64 `yaml:"budget" json:"budget"`
	Tech       float64 `yaml:"tech" json:"tech"`
	Competitor float64 `yaml:"competitor" json:"competitor"`
	Payment    float64 `yaml:"payment" json:"payment"`
	Delivery   float64 `yaml:"delivery" json:"delivery"`
}

// DefaultHealthWeights are DESIGN.md's defaults.
var DefaultHealthWeights = HealthWeights{0.30, 0.25, 0.20, 0.10, 0.10, 0.05}

// Sum is the total weight.
func (w HealthWeights) Sum() float64 {
	return w.Plan + w.Budget + w.Tech + w.Competitor + w.Payment + w.Delivery
}

// Named lists the weights with their YAML names, in node order.
func (w HealthWeights) Named() []NamedWeight {
	return []NamedWeight{{"plan", w.Plan}, {"budget", w.Budget}, {"tech", w.Tech},
		{"competitor", w.Competitor}, {"payment", w.Payment}, {"delivery", w.Delivery}}
}

// NamedWeight is one weight with its name.
type NamedWeight struct {
	Name  string
	Value float64
}

// HealthScoring is the weights and thresholds of the health score.
type HealthScoring struct {
	Weights HealthWeights `yaml:"weights" json:"weights"`
	// GradeA: score at or above is A (green). Default 85.
	GradeA float64 `yaml:"grade_a" json:"grade_a"`
	// GradeB: score at or above is B (yellow); below is C (red). Default 70.
	GradeB float64 `yaml:"grade_b" json:"grade_b"`
}

// Validate lists every problem, each with its path under prefix.
func (h HealthScoring) Validate(prefix string) []error {
	var errs []error
	for _, nw := range h.Weights.Named() {
		if nw.Value < 0 || math.IsNaN(nw.Value) {
			errs = append(errs, fmt.Errorf("%s.weights.%s: %v is negative; weights are shares between 0 and 1", prefix, nw.Name, nw.Value))
		}
	}
	if s := h.Weights.Sum(); math.Abs(s-1) > 1e-6 {
		errs = append(errs, fmt.Errorf("%s.weights: they sum to %.4g, they must sum to 1", prefix, s))
	}
	if h.GradeA <= 0 || h.GradeA > 100 {
		errs = append(errs, fmt.Errorf("%s.grade_a: %v is outside (0, 100]", prefix, h.GradeA))
	}
	if h.GradeB <= 0 || h.GradeB > 100 {
		errs = append(errs, fmt.Errorf("%s.grade_b: %v is outside (0, 100]", prefix, h.GradeB))
	}
	if h.GradeB >= h.GradeA {
		errs = append(errs, fmt.Errorf("%s: grade_b (%v) must be below grade_a (%v)", prefix, h.GradeB, h.GradeA))
	}
	return errs
}

// ComplianceScoring configures the compliance population.
type ComplianceScoring struct {
	// AmountThreshold: opportunities at or above this many yuan are in the
	// population. Default 500000.
	AmountThreshold float64 `yaml:"amount_threshold"`
}

// CalibrationScoring configures target calibration.
type CalibrationScoring struct {
	// CapabilityWeights of the six indicators (default equal).
	CapabilityWeights CapabilityWeights `yaml:"capability_weights"`
	// HeatWeights of the three market parameters (default equal).
	HeatWeights HeatWeights `yaml:"heat_weights"`
	// Bands: the half-width of the recommended band for a match score at or
	// above MinMatch. Default ≥85 ±10 %, ≥70 ±15 %, ≥55 ±20 %, else ±25 %.
	Bands []Band `yaml:"bands"`
	// PolicyWindowDays: a policy date this many days away (or more) adds no
	// heat; on the day it adds full heat. Default 180.
	PolicyWindowDays int `yaml:"policy_window_days"`
}

// CapabilityWeights weigh the six capability indicators.
type CapabilityWeights struct {
	ProductTest float64 `yaml:"product_test_score"`
	BigDealWin  float64 `yaml:"big_deal_win_rate"`
	Complaint   float64 `yaml:"complaint_rate"`
	CycleDays   float64 `yaml:"avg_cycle_days"`
	VisitToOpp  float64 `yaml:"visit_to_opp_rate"`
	RenewalRate float64 `yaml:"renewal_rate"`
}

// Sum is the total weight.
func (w CapabilityWeights) Sum() float64 {
	return w.ProductTest + w.BigDealWin + w.Complaint + w.CycleDays + w.VisitToOpp + w.RenewalRate
}

// HeatWeights weigh the three market parameters.
type HeatWeights struct {
	FiscalProgress float64 `yaml:"fiscal_progress"`
	PolicyDate     float64 `yaml:"policy_date"`
	Competition    float64 `yaml:"competition"`
}

// Sum is the total weight.
func (w HeatWeights) Sum() float64 { return w.FiscalProgress + w.PolicyDate + w.Competition }

// Band is one row of the band table.
type Band struct {
	MinMatch  float64 `yaml:"min_match"`
	HalfWidth float64 `yaml:"half_width"` // 0.15 = ±15 %
}

// ScorecardGoals are the article's validation goals.
type ScorecardGoals struct {
	// Compliance rate at or above. Default 0.92.
	Compliance float64 `yaml:"compliance"`
	// CalibrationDegree at or below. Default 0.08.
	CalibrationDegree float64 `yaml:"calibration_degree"`
	// FreshnessHours (median entry latency) at or below. Default 3.2.
	FreshnessHours float64 `yaml:"freshness_hours"`
}

func (s *Scoring) applyDefaults() {
	if s.Health.Weights == (HealthWeights{}) {
		s.Health.Weights = DefaultHealthWeights
	}
	if s.Health.GradeA == 0 {
		s.Health.GradeA = 85
	}
	if s.Health.GradeB == 0 {
		s.Health.GradeB = 70
	}
	if s.Compliance.AmountThreshold == 0 {
		s.Compliance.AmountThreshold = 500000
	}
	c := &s.Calibration
	if c.CapabilityWeights == (CapabilityWeights{}) {
		e := 1.0 / 6
		c.CapabilityWeights = CapabilityWeights{e, e, e, e, e, e}
	}
	if c.HeatWeights == (HeatWeights{}) {
		e := 1.0 / 3
		c.HeatWeights = HeatWeights{e, e, e}
	}
	if len(c.Bands) == 0 {
		c.Bands = []Band{{85, 0.10}, {70, 0.15}, {55, 0.20}, {0, 0.25}}
	}
	sort.SliceStable(c.Bands, func(i, j int) bool { return c.Bands[i].MinMatch > c.Bands[j].MinMatch })
	if c.PolicyWindowDays == 0 {
		c.PolicyWindowDays = 180
	}
	if s.Goals.Compliance == 0 {
		s.Goals.Compliance = 0.92
	}
	if s.Goals.CalibrationDegree == 0 {
		s.Goals.CalibrationDegree = 0.08
	}
	if s.Goals.FreshnessHours == 0 {
		s.Goals.FreshnessHours = 3.2
	}
	if s.InactiveDays == 0 {
		s.InactiveDays = 60
	}
}

func (s *Scoring) validate(path string) []error {
	errs := s.Health.Validate(path + ".health")
	if s.Compliance.AmountThreshold < 0 {
		errs = append(errs, fmt.Errorf("%s.compliance.amount_threshold: %v is negative", path, s.Compliance.AmountThreshold))
	}
	c := s.Calibration
	if math.Abs(c.CapabilityWeights.Sum()-1) > 1e-6 {
		errs = append(errs, fmt.Errorf("%s.calibration.capability_weights: they sum to %.4g, they must sum to 1", path, c.CapabilityWeights.Sum()))
	}
	if math.Abs(c.HeatWeights.Sum()-1) > 1e-6 {
		errs = append(errs, fmt.Errorf("%s.calibration.heat_weights: they sum to %.4g, they must sum to 1", path, c.HeatWeights.Sum()))
	}
	hasFloor := false
	for i, b := range c.Bands {
		if b.HalfWidth <= 0 || b.HalfWidth >= 1 {
			errs = append(errs, fmt.Errorf("%s.calibration.bands[%d].half_width: %v is outside (0, 1)", path, i, b.HalfWidth))
		}
		if b.MinMatch <= 0 {
			hasFloor = true
		}
	}
	if !hasFloor {
		errs = append(errs, fmt.Errorf("%s.calibration.bands: one band needs min_match 0 so every match score has a band", path))
	}
	if c.PolicyWindowDays < 0 {
		errs = append(errs, fmt.Errorf("%s.calibration.policy_window_days: %d is negative", path, c.PolicyWindowDays))
	}
	if s.InactiveDays < 0 {
		errs = append(errs, fmt.Errorf("%s.inactive_days: %d is negative", path, s.InactiveDays))
	}
	return errs
}
