package model

// Version 5 (chart builder, owned by query/dashboards builder): charts the
// analysts save from the builder and the custom dashboards they put them
// on. The spec is the JSON chart spec of query.Spec, validated before it is
// stored and again each time it runs (the catalog may have changed).
var v5Builder = Migration{Version: 5, Name: "saved charts and custom dashboards", SQL: []string{
	`CREATE SEQUENCE saved_chart_ids START 1`,
	`CREATE TABLE saved_charts (
		chart_id BIGINT PRIMARY KEY DEFAULT nextval('saved_chart_ids'),
		name VARCHAR NOT NULL, spec JSON NOT NULL, created_by VARCHAR,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE SEQUENCE custom_dashboard_ids START 1`,
	`CREATE TABLE custom_dashboards (
		dashboard_id BIGINT PRIMARY KEY DEFAULT nextval('custom_dashboard_ids'),
		name VARCHAR NOT NULL, created_by VARCHAR,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE custom_dashboard_charts (
		dashboard_id BIGINT NOT NULL, chart_id BIGINT NOT NULL, position INTEGER NOT NULL,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		PRIMARY KEY (dashboard_id, chart_id))`,
}}
