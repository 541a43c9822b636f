// Package metrics computes the three management break points of DESIGN.md
// (customer health, key-action compliance, target calibration) plus data
// freshness and the scorecard, in DuckDB SQL over the canonical model, into
// the metric tables of migration 4.
package metrics

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"salesbi/apperr"
	"salesbi/config"
)

// HealthSettingsKey is the row of the settings table that holds the
// director's weights and thresholds (they win over salesbi.yaml).
const HealthSettingsKey = "scoring.health"

// HealthSettings are the weights and thresholds in force, with the version
// every grade change records. Version 0 means "the YAML defaults, never edited".
type HealthSettings struct {
	config.HealthScoring
	Version int64 `json:"version"`
}

// LoadHealthSettings returns the edited settings from the database, or the
// YAML defaults when nobody has edited them.
func LoadHealthSettings(ctx context.Context, db *sql.DB, defaults config.HealthScoring) (HealthSettings, error) {
	var raw string
	err := db.QueryRowContext(ctx, `SELECT CAST(value AS VARCHAR) FROM settings WHERE key = $1`, HealthSettingsKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return HealthSettings{HealthScoring: defaults}, nil
	}
	if err != nil {
		return HealthSettings{}, fmt.Errorf("reading health settings: %w", err)
	}
	var s HealthSettings
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return HealthSettings{}, fmt.Errorf("settings row %q holds bad JSON (fix or delete the row): %w", HealthSettingsKey, err)
	}
	return s, nil
}

// ValidateHealth refuses weights that are negative or do not sum to 1 and
// thresholds out of order, as a BadInput error listing every problem.
func ValidateHealth(h config.HealthScoring) error {
	errs := h.Validate("health")
	if len(errs) == 0 {
		return nil
	}
	problems := make([]string, len(errs))
	for i, e := range errs {
		problems[i] = e.Error()
	}
	return apperr.New(apperr.BadInput, "health scoring settings refused, nothing was changed", problems...)
}

// SaveHealthSettings validates next and stores it as the new version, with
// an audit row (who, when, old, new) in the same transaction. Bad settings
// change nothing.
func SaveHealthSettings(ctx context.Context, db *sql.DB, defaults config.HealthScoring, next config.HealthScoring, by string, now time.Time) (HealthSettings, error) {
	if err := ValidateHealth(next); err != nil {
		return HealthSettings{}, err
	}
	old, err := LoadHealthSettings(ctx, db, defaults)
	if err != nil {
		return HealthSettings{}, err
	}
	saved := HealthSettings{HealthScoring: next, Version: old.Version + 1}
	oldJSON, _ := json.Marshal(old)
	newJSON, _ := json.Marshal(saved)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return HealthSettings{}, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4)`,
		HealthSettingsKey, string(newJSON), by, now); err != nil {
		return HealthSettings{}, fmt.Errorf("saving health settings: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings_audit (audit_id, key, old_value, new_value, changed_by, changed_at)
		SELECT coalesce(max(audit_id), 0) + 1, $1, $2, $3, $4, $5 FROM settings_audit`,
		HealthSettingsKey, string(oldJSON), string(newJSON), by, now); err != nil {
		return HealthSettings{}, fmt.Errorf("auditing health settings: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return HealthSettings{}, fmt.Errorf("saving health settings: %w", err)
	}
	return saved, nil
}

// AuditEntry is one edit of the settings.
type AuditEntry struct {
	ChangedBy string          `json:"changed_by"`
	ChangedAt time.Time       `json:"changed_at"`
	Old       json.RawMessage `json:"old"`
	New       json.RawMessage `json:"new"`
}

// HealthAudit lists the edits of the health settings, newest first.
func HealthAudit(ctx context.Context, db *sql.DB, limit int) ([]AuditEntry, error) {
	rows, err := db.QueryContext(ctx, `SELECT coalesce(changed_by, ''), changed_at, coalesce(CAST(old_value AS VARCHAR), 'null'), CAST(new_value AS VARCHAR)
		FROM settings_audit WHERE key = $1 ORDER BY audit_id DESC LIMIT $2`, HealthSettingsKey, limit)
	if err != nil {
		return nil, fmt.Errorf("reading the settings audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var o, n string
		if err := rows.Scan(&e.ChangedBy, &e.ChangedAt, &o, &n); err != nil {
			return nil, err
		}
		e.Old, e.New = json.RawMessage(o), json.RawMessage(n)
		out = append(out, e)
	}
	return out, rows.Err()
}
