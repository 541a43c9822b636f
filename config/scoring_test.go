package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestScoringAndAlertsDefaults(t *testing.T) {
	c := Default()
	require.Equal(t, DefaultHealthWeights, c.Scoring.Health.Weights)
	require.Equal(t, 85.0, c.Scoring.Health.GradeA)
	require.Equal(t, 70.0, c.Scoring.Health.GradeB)
	require.Equal(t, 500000.0, c.Scoring.Compliance.AmountThreshold)
	require.Equal(t, []Band{{85, 0.10}, {70, 0.15}, {55, 0.20}, {0, 0.25}}, c.Scoring.Calibration.Bands)
	require.Equal(t, ScorecardGoals{0.92, 0.08, 3.2}, c.Scoring.Goals)
	require.Equal(t, "wecom", c.Alerts.Channel.Kind)
	require.NoError(t, c.Validate())
}

func TestScoringAndAlertsValidationNamesThePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "salesbi.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`
scoring:
  health:
    weights: {plan: 0.5, budget: 0.25, tech: 0.20, competitor: 0.10, payment: 0.10, delivery: 0.05}
    grade_a: 70
    grade_b: 85
  calibration:
    bands: [{min_match: 80, half_width: 1.5}]
alerts:
  channel: {kind: sms, url_env: HOOK}
`), 0o644))
	_, err := Load(path)
	require.Error(t, err)
	for _, want := range []string{
		"scoring.health.weights: they sum to 1.2, they must sum to 1",
		"scoring.health: grade_b (85) must be below grade_a (70)",
		"scoring.calibration.bands[0].half_width: 1.5 is outside (0, 1)",
		"scoring.calibration.bands: one band needs min_match 0",
		`alerts.channel.kind: "sms" is not one of wecom, dingtalk, feishu, json`,
	} {
		require.Contains(t, err.Error(), want)
	}
}
