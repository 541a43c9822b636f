package model

// Version 3: the connectors' sync log and watermarks. sync_runs feeds
// GET /api/sync/runs and the data-freshness dashboard (sync lag per table);
// sync_watermarks holds, per canonical table, the highest incremental value
// of the last committed run. Both are written in the same transaction as the
// data they describe, so a failed run leaves them as they were.
var v3Sync = Migration{Version: 3, Name: "sync runs and watermarks", SQL: []string{
	`CREATE SEQUENCE sync_run_seq START 1`,
	`CREATE TABLE sync_runs (
		run_id BIGINT PRIMARY KEY DEFAULT nextval('sync_run_seq'),
		source VARCHAR NOT NULL, table_name VARCHAR NOT NULL,
		mode VARCHAR NOT NULL CHECK (mode IN ('full','incremental')),
		status VARCHAR NOT NULL CHECK (status IN ('ok','failed')),
		rows_read BIGINT NOT NULL DEFAULT 0, rows_written BIGINT NOT NULL DEFAULT 0,
		rows_deleted BIGINT NOT NULL DEFAULT 0,
		started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ NOT NULL,
		watermark TIMESTAMPTZ, error VARCHAR,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE sync_watermarks (
		table_name VARCHAR PRIMARY KEY, source VARCHAR NOT NULL,
		watermark TIMESTAMPTZ, incremental_runs BIGINT NOT NULL DEFAULT 0,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
}}
