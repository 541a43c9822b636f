package model

// Version 2: operational tables shared by every part of the server: the
// key/value settings store (edited values win over salesbi.yaml) and its
// audit trail, and the data version that result caches key on.
var v2Settings = Migration{Version: 2, Name: "settings and data version", SQL: []string{
	`CREATE TABLE settings (
		key VARCHAR PRIMARY KEY, value JSON NOT NULL, updated_by VARCHAR,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE settings_audit (
		audit_id BIGINT PRIMARY KEY, key VARCHAR NOT NULL, old_value JSON, new_value JSON NOT NULL,
		changed_by VARCHAR, changed_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE data_versions (
		scope VARCHAR PRIMARY KEY, version BIGINT NOT NULL DEFAULT 0,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
}}
