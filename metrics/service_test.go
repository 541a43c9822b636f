package metrics

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/config"
	"salesbi/metrics/alerts"
	"salesbi/model"
)

func newHealth(t *testing.T, db *model.DB) (*Health, *[]model.DataChange) {
	cal, _ := fixedCal(at("2026-11-27 09:00"))
	bus := &model.Bus{}
	var mu sync.Mutex
	var seen []model.DataChange
	bus.Subscribe(func(d model.DataChange) { mu.Lock(); seen = append(seen, d); mu.Unlock() })
	return &Health{DB: db, Cfg: config.Default(), Cal: cal, Bus: bus}, &seen
}

func TestSyncDropQueuesOneAlertPerDrop(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	h, seen := newHealth(t, db)
	addCustomer(t, db, 1, all(8), at("2026-11-20 09:00")) // 80 B
	addCustomer(t, db, 2, all(9), at("2026-11-20 09:00")) // 90 A
	require.NoError(t, h.EnsureScored(ctx))
	require.Equal(t, 0, count(t, db, `SELECT count(*) FROM alerts`))

	// Sync 1 drops customer 1 into C: one alert to manager 100.
	setNodes(t, db, 1, all(6), at("2026-11-27 08:00"))
	require.NoError(t, h.OnDataChange(ctx, model.DataChange{Cause: "sync", Tables: []string{"customer_health_nodes"}, CustomerIDs: []int64{1}}))
	require.Equal(t, 1, count(t, db, `SELECT count(*) FROM alerts WHERE kind = 'drop' AND customer_id = 1 AND manager_rep_id = 100`))
	require.Equal(t, "scoring", (*seen)[len(*seen)-1].Cause)
	require.Contains(t, (*seen)[len(*seen)-1].Tables, "health_scores")

	// Sync 2 keeps it in C (lower still): no second alert.
	setNodes(t, db, 1, all(5), at("2026-11-27 08:30"))
	require.NoError(t, h.OnDataChange(ctx, model.DataChange{Cause: "sync", Tables: []string{"customer_health_nodes"}}))
	require.Equal(t, 1, count(t, db, `SELECT count(*) FROM alerts`))

	// It recovers, then drops again: a second alert.
	setNodes(t, db, 1, all(8), at("2026-11-27 09:00"))
	require.NoError(t, h.OnDataChange(ctx, model.DataChange{Cause: "sync", Tables: []string{"customer_health_nodes"}}))
	setNodes(t, db, 1, all(6), at("2026-11-27 09:30"))
	require.NoError(t, h.OnDataChange(ctx, model.DataChange{Cause: "sync", Tables: []string{"customer_health_nodes"}}))
	require.Equal(t, 2, count(t, db, `SELECT count(*) FROM alerts`))

	// A change that is not a sync, or does not touch health, re-scores nothing.
	setNodes(t, db, 2, all(1), at("2026-11-27 10:00"))
	require.NoError(t, h.OnDataChange(ctx, model.DataChange{Cause: "sync", Tables: []string{"visits"}}))
	require.NoError(t, h.OnDataChange(ctx, model.DataChange{Cause: "demo", Tables: []string{"customer_health_nodes"}}))
	_, g := gradeOf(t, db, 2)
	require.Equal(t, "A", g)
	require.Equal(t, 4, count(t, db, `SELECT count(*) FROM grade_changes WHERE customer_id = 1`)) // NULL→B, B→C, C→B, B→C
}

func TestDropAlertReachesReceiverAsWeCom(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	h, _ := newHealth(t, db)
	var mu sync.Mutex
	var got int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got++
		mu.Unlock()
		_, _ = w.Write([]byte(`{"errcode":0}`))
	}))
	defer srv.Close()
	addCustomer(t, db, 1, all(8), at("2026-11-20 09:00"))
	require.NoError(t, h.EnsureScored(ctx))
	setNodes(t, db, 1, all(6), at("2026-11-27 08:00"))
	for i := 0; i < 3; i++ { // three syncs, one drop
		require.NoError(t, h.OnDataChange(ctx, model.DataChange{Cause: "sync", Tables: []string{"customer_health_nodes"}}))
	}
	cfg := h.Cfg.Alerts
	cfg.Channel.URLEnv = "HOOK"
	s := &alerts.Sender{DB: db.DB, Cfg: cfg, Clock: h.Cal.Clock, Getenv: func(string) string { return srv.URL }}
	n, err := s.DeliverDue(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, 1, got)
}

func TestSettingsEditRegradesAllAndSendsOneSummary(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	h, _ := newHealth(t, db)
	for i := int64(1); i <= 4; i++ {
		addCustomer(t, db, i, all(7.5), at("2026-11-20 09:00")) // 75 B
	}
	require.NoError(t, h.EnsureScored(ctx))
	next := h.Cfg.Scoring.Health
	next.GradeA, next.GradeB = 90, 80 // everyone 75 → C
	saved, res, err := h.SaveSettings(ctx, next, "director")
	require.NoError(t, err)
	require.Equal(t, int64(1), saved.Version)
	require.Equal(t, 4, res.Scored)
	require.Len(t, res.Drops, 4)
	require.Equal(t, 1, count(t, db, `SELECT count(*) FROM alerts`))
	require.Equal(t, 1, count(t, db, `SELECT count(*) FROM alerts WHERE kind = 'summary' AND title LIKE '%4 个客户%'`))
	require.Equal(t, 4, count(t, db, `SELECT count(*) FROM health_scores WHERE grade = 'C' AND weights_version = 1`))

	// Audited: who, when, old, new.
	audit, err := HealthAudit(ctx, db.DB, 10)
	require.NoError(t, err)
	require.Len(t, audit, 1)
	require.Equal(t, "director", audit[0].ChangedBy)
	require.Contains(t, string(audit[0].Old), `"grade_b":70`)
	require.Contains(t, string(audit[0].New), `"grade_b":80`)

	// The database wins over the YAML from now on.
	s, err := h.Settings(ctx)
	require.NoError(t, err)
	require.Equal(t, 80.0, s.GradeB)
}

func TestBadSettingsRefusedNothingChanged(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	h, _ := newHealth(t, db)
	addCustomer(t, db, 1, all(7.5), at("2026-11-20 09:00"))
	require.NoError(t, h.EnsureScored(ctx))
	good := h.Cfg.Scoring.Health

	notOne := good
	notOne.Weights.Plan = 0.5 // sums to 1.2
	outOfOrder := good
	outOfOrder.GradeA, outOfOrder.GradeB = 70, 85
	negative := good
	negative.Weights.Plan, negative.Weights.Budget = -0.1, 0.65
	for name, bad := range map[string]config.HealthScoring{"sum": notOne, "order": outOfOrder, "negative": negative} {
		_, _, err := h.SaveSettings(ctx, bad, "director")
		require.Error(t, err, name)
		require.Equal(t, apperr.BadInput, apperr.KindOf(err), name)
		require.Contains(t, err.Error(), "nothing was changed", name)
	}
	_, _, err := h.SaveSettings(ctx, notOne, "director")
	require.Contains(t, apperr.ProblemsOf(err), "health.weights: they sum to 1.2, they must sum to 1")
	_, _, err = h.SaveSettings(ctx, outOfOrder, "director")
	require.Contains(t, apperr.ProblemsOf(err), "health: grade_b (85) must be below grade_a (70)")
	_, _, err = h.SaveSettings(ctx, negative, "director")
	require.Contains(t, apperr.ProblemsOf(err)[0], "health.weights.plan: -0.1 is negative")

	require.Equal(t, 0, count(t, db, `SELECT count(*) FROM settings`))
	require.Equal(t, 0, count(t, db, `SELECT count(*) FROM settings_audit`))
	require.Equal(t, 1, count(t, db, `SELECT count(*) FROM grade_changes`))
	_, err = PreviewSettings(ctx, db.DB, HealthSettings{HealthScoring: notOne})
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
}
