package metrics

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/metrics/alerts"
	"salesbi/model"
)

// ScoringTables are the tables a re-score writes; the "scoring" DataChange
// names them so query caches drop them.
var ScoringTables = []string{"health_scores", "grade_changes", "alerts"}

// Health ties scoring to the server: it re-scores on syncs and settings
// edits, queues alerts and tells caches. One mutex serialises re-scores so a
// sync and a settings save never interleave.
type Health struct {
	DB  *model.DB
	Cfg *config.Config
	Cal clock.Calendar
	Bus *model.Bus
	Log *slog.Logger
	mu  sync.Mutex
}

// Settings are the weights and thresholds in force.
func (h *Health) Settings(ctx context.Context) (HealthSettings, error) {
	return LoadHealthSettings(ctx, h.DB.DB, h.Cfg.Scoring.Health)
}

// OnDataChange re-scores after a sync that touched health nodes or
// customers: the customers it names, else those whose nodes moved. A drop
// into C queues one alert to the owner's manager.
func (h *Health) OnDataChange(ctx context.Context, d model.DataChange) error {
	if d.Cause != "sync" || !(d.Touches("customer_health_nodes") || d.Touches("customers")) {
		return nil
	}
	return h.rescoreChanged(ctx, Scope{CustomerIDs: d.CustomerIDs}, "sync")
}

// EnsureScored scores on server start what is missing or stale (first run
// on a demo database: everyone). Customers whose nodes moved while the
// server was down are treated like a sync (a drop alerts).
func (h *Health) EnsureScored(ctx context.Context) error {
	s, err := h.Settings(ctx)
	if err != nil {
		return err
	}
	missing, moved, other, err := StaleScores(ctx, h.DB.DB, s)
	if err != nil {
		return fmt.Errorf("checking health scores: %w", err)
	}
	if missing+moved+other == 0 {
		return nil
	}
	scope := Scope{}
	if other > 0 {
		scope.All = true
	}
	h.log().Info("scoring customers on start", "missing", missing, "moved", moved, "other_settings", other)
	return h.rescoreChanged(ctx, scope, "startup")
}

func (h *Health) rescoreChanged(ctx context.Context, scope Scope, cause string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, err := h.Settings(ctx)
	if err != nil {
		return err
	}
	now := h.Cal.Now()
	res, err := Rescore(ctx, h.DB.DB, s, scope, cause, now)
	if err != nil {
		return err
	}
	for _, d := range res.Drops {
		if _, err := alerts.Enqueue(ctx, h.DB.DB, dropAlert(d, s.GradeB, h.Cfg.Alerts.BaseURL), now); err != nil {
			return err
		}
	}
	h.log().Info("re-scored customers", "cause", cause, "scored", res.Scored, "grade_changes", res.Changed, "drops", len(res.Drops))
	if res.Scored > 0 && h.Bus != nil {
		h.Bus.Publish(model.DataChange{Cause: "scoring", Tables: ScoringTables})
	}
	return nil
}

// SaveSettings validates and stores the director's weights and thresholds,
// re-scores everyone at once and, if customers moved into C, queues ONE
// summary alert. Bad settings are refused and change nothing.
func (h *Health) SaveSettings(ctx context.Context, next config.HealthScoring, by string) (HealthSettings, RescoreResult, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.Cal.Now()
	saved, err := SaveHealthSettings(ctx, h.DB.DB, h.Cfg.Scoring.Health, next, by, now)
	if err != nil {
		return saved, RescoreResult{}, err
	}
	res, err := Rescore(ctx, h.DB.DB, saved, Scope{All: true}, "settings", now)
	if err != nil {
		return saved, res, fmt.Errorf("settings saved (version %d) but re-scoring failed, it is retried on restart: %w", saved.Version, err)
	}
	if len(res.Drops) > 0 {
		if _, err := alerts.Enqueue(ctx, h.DB.DB, summaryAlert(res.Drops, by, saved.Version, h.Cfg.Alerts.BaseURL), now); err != nil {
			return saved, res, err
		}
	}
	if h.Bus != nil {
		h.Bus.Publish(model.DataChange{Cause: "scoring", Tables: ScoringTables})
	}
	return saved, res, nil
}

func (h *Health) log() *slog.Logger {
	if h.Log == nil {
		return slog.Default()
	}
	return h.Log
}
