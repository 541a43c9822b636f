package model

// Version 1: the canonical sales model of DESIGN.md. Conventions: every table
// has a primary key and updated_at (incremental sync and delete reconciliation
// need both); money is DECIMAL(18,2) yuan; instants are TIMESTAMPTZ; periods
// are text ('2026-Q1', '2026-01'); codes are lower-case English words.
// Entity ids are BIGINT: CRMs key by integers, and integer joins keep the
// 10-million-visit scale fast.
var v1Canonical = Migration{Version: 1, Name: "canonical sales model", SQL: []string{
	`CREATE TABLE regions (
		region_id BIGINT PRIMARY KEY, name VARCHAR NOT NULL,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE markets (
		market_id BIGINT PRIMARY KEY, name VARCHAR NOT NULL, region_id BIGINT,
		segment VARCHAR, fiscal_progress_pct DOUBLE, policy_date DATE, competition_index DOUBLE,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE reps (
		rep_id BIGINT PRIMARY KEY, name VARCHAR NOT NULL, region_id BIGINT, market_id BIGINT,
		manager_id BIGINT, level VARCHAR, hired_on DATE, active BOOLEAN NOT NULL DEFAULT true,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE rep_capability (
		rep_id BIGINT NOT NULL, period VARCHAR NOT NULL,
		product_test_score DOUBLE, big_deal_win_rate DOUBLE, complaint_rate DOUBLE,
		avg_cycle_days DOUBLE, visit_to_opp_rate DOUBLE, renewal_rate DOUBLE,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		PRIMARY KEY (rep_id, period))`,
	`CREATE TABLE customers (
		customer_id BIGINT PRIMARY KEY, name VARCHAR NOT NULL, industry VARCHAR, region_id BIGINT,
		owner_rep_id BIGINT, static_tier VARCHAR, annual_purchase DECIMAL(18,2), created_at TIMESTAMPTZ,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE customer_health_nodes (
		customer_id BIGINT PRIMARY KEY,
		plan_approved DOUBLE, budget_approved DOUBLE, tech_connected DOUBLE,
		competitor_status DOUBLE, payment_terms DOUBLE, delivery_buffer DOUBLE,
		evidence_refs VARCHAR,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE leads (
		lead_id BIGINT PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL, region_id BIGINT, channel VARCHAR,
		status VARCHAR NOT NULL, owner_rep_id BIGINT, first_followed_at TIMESTAMPTZ,
		last_followed_at TIMESTAMPTZ, customer_id BIGINT,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE opportunities (
		opp_id BIGINT PRIMARY KEY, customer_id BIGINT, owner_rep_id BIGINT, amount DECIMAL(18,2),
		stage VARCHAR NOT NULL, outcome VARCHAR NOT NULL DEFAULT 'open', lost_reason VARCHAR,
		created_at TIMESTAMPTZ NOT NULL, closed_at TIMESTAMPTZ, planned_sign_date DATE,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE stage_history (
		change_id BIGINT PRIMARY KEY, opp_id BIGINT NOT NULL, from_stage VARCHAR, to_stage VARCHAR NOT NULL,
		changed_at TIMESTAMPTZ NOT NULL, recorded_at TIMESTAMPTZ,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE key_actions (
		opp_id BIGINT NOT NULL, action VARCHAR NOT NULL, completed_at TIMESTAMPTZ, recorded_at TIMESTAMPTZ,
		evidence_ref VARCHAR, approver VARCHAR,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		PRIMARY KEY (opp_id, action))`,
	`CREATE TABLE requirements (
		req_id BIGINT PRIMARY KEY, opp_id BIGINT NOT NULL, raised_at TIMESTAMPTZ NOT NULL,
		ticket_id VARCHAR, approved_at TIMESTAMPTZ,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE visits (
		visit_id BIGINT PRIMARY KEY, rep_id BIGINT NOT NULL, customer_id BIGINT,
		visited_at TIMESTAMPTZ NOT NULL, recorded_at TIMESTAMPTZ, purpose VARCHAR,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE contracts (
		contract_id BIGINT PRIMARY KEY, opp_id BIGINT, customer_id BIGINT, amount DECIMAL(18,2) NOT NULL,
		signed_at TIMESTAMPTZ NOT NULL, recorded_at TIMESTAMPTZ, renewal_of BIGINT,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`CREATE TABLE targets (
		rep_id BIGINT NOT NULL, period VARCHAR NOT NULL, target_amount DECIMAL(18,2) NOT NULL, set_by VARCHAR,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		PRIMARY KEY (rep_id, period))`,
	`CREATE TABLE users (
		user_id BIGINT PRIMARY KEY, login VARCHAR NOT NULL UNIQUE, display_name VARCHAR NOT NULL,
		role VARCHAR NOT NULL CHECK (role IN ('admin','director','manager','analyst','rep')),
		rep_id BIGINT, password_hash VARCHAR, disabled BOOLEAN NOT NULL DEFAULT false,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
}}
