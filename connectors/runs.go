package connectors

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Run is one row of the sync log (table sync_runs, migration 3).
type Run struct {
	RunID       int64      `json:"run_id"`
	Source      string     `json:"source"`
	Table       string     `json:"table"`
	Mode        string     `json:"mode"`   // full or incremental
	Status      string     `json:"status"` // ok or failed
	RowsRead    int64      `json:"rows_read"`
	RowsWritten int64      `json:"rows_written"`
	RowsDeleted int64      `json:"rows_deleted"`
	StartedAt   time.Time  `json:"started_at"`
	FinishedAt  time.Time  `json:"finished_at"`
	Watermark   *time.Time `json:"watermark,omitempty"`
	Error       string     `json:"error,omitempty"`
	// StageTook and SwapTook split the run's time (not stored; for the bench
	// and the log).
	StageTook time.Duration `json:"-"`
	SwapTook  time.Duration `json:"-"`
	// ReadWait: the source reader waited for the converters and the writer;
	// AppendWait: the writer (the stage feed) waited for converted rows.
	ReadWait, AppendWait time.Duration `json:"-"`
	// Writer is how the rows reached the staging table (not stored).
	Writer StageWriter `json:"-"`
}

type execer interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

func insertRun(ctx context.Context, db execer, r Run) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, `INSERT INTO sync_runs (source, table_name, mode, status, rows_read, rows_written,
		rows_deleted, started_at, finished_at, watermark, error) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING run_id`,
		r.Source, r.Table, r.Mode, r.Status, r.RowsRead, r.RowsWritten, r.RowsDeleted, r.StartedAt, r.FinishedAt,
		nullTime(r.Watermark), nullString(r.Error)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("logging the sync run of %s: %w", r.Table, err)
	}
	return id, nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// RunFilter narrows ListRuns.
type RunFilter struct {
	Table  string
	Status string
	Limit  int // default 100
}

// ListRuns returns the latest runs first.
func ListRuns(ctx context.Context, db *sql.DB, f RunFilter) ([]Run, error) {
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 100
	}
	rows, err := db.QueryContext(ctx, `SELECT run_id, source, table_name, mode, status, rows_read, rows_written, rows_deleted,
		started_at, finished_at, watermark, coalesce(error, '') FROM sync_runs
		WHERE ($1 = '' OR table_name = $2) AND ($3 = '' OR status = $4)
		ORDER BY run_id DESC LIMIT $5`, f.Table, f.Table, f.Status, f.Status, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("reading the sync log: %w", err)
	}
	defer rows.Close()
	out := []Run{}
	for rows.Next() {
		var r Run
		var wm sql.NullTime
		if err := rows.Scan(&r.RunID, &r.Source, &r.Table, &r.Mode, &r.Status, &r.RowsRead, &r.RowsWritten, &r.RowsDeleted,
			&r.StartedAt, &r.FinishedAt, &wm, &r.Error); err != nil {
			return nil, err
		}
		if wm.Valid {
			t := wm.Time
			r.Watermark = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Watermark is the stored state of an incremental table.
type Watermark struct {
	At   *time.Time
	Runs int64 // incremental runs since the table's watermark row was made
}

// GetWatermark reads table's watermark (nil At when none).
func GetWatermark(ctx context.Context, db execer, table string) (Watermark, error) {
	var w Watermark
	var at sql.NullTime
	err := db.QueryRowContext(ctx, `SELECT watermark, incremental_runs FROM sync_watermarks WHERE table_name = $1`, table).Scan(&at, &w.Runs)
	if err == sql.ErrNoRows {
		return w, nil
	}
	if err != nil {
		return w, fmt.Errorf("reading the watermark of %s: %w", table, err)
	}
	if at.Valid {
		t := at.Time
		w.At = &t
	}
	return w, nil
}
