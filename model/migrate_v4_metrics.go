package model

// Version 4: the metrics' own tables (owned by package metrics). It does not
// alter any canonical table.
//
//   - health_scores: the current score and grade of each customer, with the
//     nodes' updated_at it was computed from (so a sync that moves it is seen).
//   - grade_changes: every grade a customer took (the first grading too, from
//     NULL), with the weights version; grading accuracy reads the grade at a
//     period's start from it.
//   - alerts / alert_attempts: the webhook queue, in the database so a
//     restart loses nothing, and every delivery attempt with the response.
//   - metric_*: derived tables, recomputed per period by metrics.Recompute,
//     that the catalog exposes to the query engine and the dashboards.
var v4Metrics = Migration{Version: 4, Name: "metrics: health, alerts, derived metric tables", SQL: []string{
	`CREATE SEQUENCE grade_change_ids START 1`,
	`CREATE SEQUENCE alert_ids START 1`,
	`CREATE SEQUENCE alert_attempt_ids START 1`,
	`CREATE TABLE health_scores (
		customer_id BIGINT PRIMARY KEY, score DOUBLE NOT NULL, grade VARCHAR NOT NULL,
		nodes_updated_at TIMESTAMPTZ, weights_version BIGINT NOT NULL,
		scored_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE grade_changes (
		change_id BIGINT PRIMARY KEY DEFAULT nextval('grade_change_ids'),
		customer_id BIGINT NOT NULL, from_grade VARCHAR, to_grade VARCHAR NOT NULL,
		from_score DOUBLE, score DOUBLE NOT NULL, changed_at TIMESTAMPTZ NOT NULL,
		cause VARCHAR NOT NULL, weights_version BIGINT NOT NULL,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE INDEX grade_changes_customer ON grade_changes (customer_id, changed_at)`,
	`CREATE TABLE alerts (
		alert_id BIGINT PRIMARY KEY DEFAULT nextval('alert_ids'),
		kind VARCHAR NOT NULL,            -- drop | summary
		customer_id BIGINT, manager_rep_id BIGINT,
		title VARCHAR NOT NULL, body VARCHAR NOT NULL, -- markdown, rendered per channel at delivery
		status VARCHAR NOT NULL DEFAULT 'pending', -- pending | delivered | failed
		attempts INTEGER NOT NULL DEFAULT 0,
		next_attempt_at TIMESTAMPTZ NOT NULL, created_at TIMESTAMPTZ NOT NULL,
		delivered_at TIMESTAMPTZ, last_error VARCHAR,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE alert_attempts (
		attempt_id BIGINT PRIMARY KEY DEFAULT nextval('alert_attempt_ids'),
		alert_id BIGINT NOT NULL, attempt_no INTEGER NOT NULL, channel VARCHAR NOT NULL,
		attempted_at TIMESTAMPTZ NOT NULL, status_code INTEGER, response VARCHAR, error VARCHAR,
		duration_ms DOUBLE, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE metric_grading_accuracy (
		period VARCHAR NOT NULL, basis VARCHAR NOT NULL, grade VARCHAR NOT NULL,
		customers BIGINT NOT NULL, matched BIGINT NOT NULL, backfilled BIGINT NOT NULL,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (period, basis, grade))`,
	`CREATE TABLE metric_compliance_opps (
		period VARCHAR NOT NULL, opp_id BIGINT NOT NULL, rep_id BIGINT, amount DECIMAL(18,2),
		gates_passed INTEGER NOT NULL, gates_violated INTEGER NOT NULL, compliant BOOLEAN NOT NULL,
		past_solution BOOLEAN NOT NULL, tech_confirmed BOOLEAN NOT NULL,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (period, opp_id))`,
	`CREATE TABLE metric_compliance_violations (
		period VARCHAR NOT NULL, opp_id BIGINT NOT NULL, rep_id BIGINT, gate_stage VARCHAR NOT NULL,
		missing_action VARCHAR NOT NULL, changed_at TIMESTAMPTZ NOT NULL, change_id BIGINT,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (period, opp_id, missing_action))`,
	`CREATE TABLE metric_deal_attribution (
		period VARCHAR NOT NULL, opp_id BIGINT NOT NULL, rep_id BIGINT, kind VARCHAR NOT NULL,
		stalled_stage VARCHAR, missing_action VARCHAR NOT NULL, amount DECIMAL(18,2),
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (period, opp_id))`,
	`CREATE TABLE metric_calibration (
		period VARCHAR NOT NULL, rep_id BIGINT NOT NULL, market_id BIGINT,
		capability DOUBLE, heat DOUBLE, match DOUBLE, set_target DECIMAL(18,2),
		recommended DOUBLE, band_pct DOUBLE, band_low DOUBLE, band_high DOUBLE, deviation DOUBLE,
		signed DECIMAL(18,2), attainment DOUBLE, below_target_twice BOOLEAN, weakest_indicator VARCHAR,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (period, rep_id))`,
	`CREATE TABLE metric_freshness (
		period VARCHAR NOT NULL, measure VARCHAR NOT NULL, subject VARCHAR NOT NULL,
		value DOUBLE, n BIGINT, unit VARCHAR NOT NULL,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (period, measure, subject))`,
	`CREATE TABLE metric_scorecard (
		period VARCHAR NOT NULL, metric VARCHAR NOT NULL, value DOUBLE, goal DOUBLE NOT NULL,
		direction VARCHAR NOT NULL, pass BOOLEAN, population BIGINT,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (period, metric))`,
}}
