package query

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

// Every metrics dataset compiles and runs, aggregated and as records, for a
// director and for a rep (row-level restriction), on hand-made rows.
func TestMetricsDatasetsRun(t *testing.T) {
	ctx := context.Background()
	db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "1GB", TimeZone: "Asia/Shanghai", Threads: 1})
	require.NoError(t, err)
	defer db.Close()
	for _, q := range []string{
		`INSERT INTO regions VALUES (1, '华东', now())`,
		`INSERT INTO reps (rep_id, name, region_id) VALUES (11, '张伟', 1), (12, '李娜', 1)`,
		`INSERT INTO customers (customer_id, name, region_id, owner_rep_id, static_tier) VALUES (1, '云帆', 1, 11, 'A'), (2, '明德', 1, 12, 'B')`,
		`INSERT INTO health_scores VALUES (1, 60.0, 'C', now(), 0, now(), now()), (2, 90.0, 'A', now(), 0, now(), now())`,
		`INSERT INTO grade_changes (customer_id, from_grade, to_grade, score, changed_at, cause, weights_version) VALUES (1, 'B', 'C', 60, now(), 'sync', 0)`,
		`INSERT INTO metric_compliance_opps VALUES ('2026-Q4', 1, 11, 600000, 2, 0, true, true, true, now()), ('2026-Q4', 2, 12, 800000, 3, 1, false, true, false, now())`,
		`INSERT INTO metric_compliance_violations VALUES ('2026-Q4', 2, 12, 'contract', 'requirements_approved', now(), 1, now())`,
		`INSERT INTO metric_deal_attribution VALUES ('2026-Q4', 3, 11, 'lost', 'quote', 'quote_costed', 600000, now())`,
		`INSERT INTO metric_calibration VALUES ('2026-Q4', 11, NULL, 80, 70, 75, 1000000, 900000, 0.15, 765000, 1035000, 0.111, 800000, 0.8, false, 'renewal_rate', now())`,
		`INSERT INTO metric_freshness VALUES ('2026-Q4', 'entry_latency', 'all', 3.1, 10, 'hours', now()), ('2026-Q4', 'entry_latency', 'rep:11', 2.0, 4, 'hours', now())`,
		`INSERT INTO metric_scorecard VALUES ('2026-Q4', 'compliance_rate', 0.5, 0.92, 'min', false, 2, now())`,
	} {
		_, err := db.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	e := &Engine{DB: db, Cal: testCal}
	rep := model.Identity{UserID: 2, Login: "zw", Role: model.RoleRep, RepID: 11}
	for _, name := range []string{"health_scores", "grade_changes", "compliance", "compliance_violations", "deal_attribution", "calibration", "freshness", "scorecard"} {
		ds, ok := Lookup(name)
		require.True(t, ok, name)
		var dim, meas string
		for _, f := range ds.Fields {
			if dim == "" && f.Kind == KindDimension {
				dim = f.Name
			}
			if meas == "" && f.Kind == KindMeasure {
				meas = f.Name
			}
		}
		agg := Spec{Dataset: name, Dimensions: []Dimension{{Field: dim}}, Measures: []Measure{{Field: meas, Agg: "sum"}}, Chart: "bar"}
		res, err := e.Run(ctx, agg, model.DemoDirector, "zh-CN")
		require.NoError(t, err, name)
		require.NotEmpty(t, res.Rows, name)
		_, err = e.Run(ctx, agg, rep, "en")
		require.NoError(t, err, name+" as a rep")
		res, err = e.Run(ctx, Spec{Dataset: name, Records: true, Chart: "table"}, model.DemoDirector, "zh-CN")
		require.NoError(t, err, name+" records")
		require.NotEmpty(t, res.Rows, name+" records")
	}
	// A rep sees their own health scores only.
	res, err := e.Run(ctx, Spec{Dataset: "health_scores", Measures: []Measure{{Agg: "count"}}, Chart: "kpi"}, rep, "zh-CN")
	require.NoError(t, err)
	require.EqualValues(t, 1, res.Rows[0][0])
}
