package model

// Version 6 (custom dashboards as boards, owned by query/saved.go): a
// custom dashboard holds panels in the same format as a preset board's
// (presets.Panel: title and definition in both languages, width in the
// 12-column grid, position, the time field the period filter applies to,
// the chart spec), the preset it was copied from (so it can be reset to
// it) and its global filters. The charts that version 5's dashboards held
// by id become panels (half width, titled with the chart's name), and
// version 5's link table goes: the panels are the one store.
var v6CustomPanels = Migration{Version: 6, Name: "custom dashboard panels", SQL: []string{
	// preset: the slug of the preset board the dashboard was copied from
	// ("" for one made from saved charts); filters: the board's global
	// filters as JSON {"period": "yesterday", "region": true, "rep": true}.
	`ALTER TABLE custom_dashboards ADD COLUMN preset VARCHAR DEFAULT ''`,
	`ALTER TABLE custom_dashboards ADD COLUMN filters JSON`,
	`CREATE SEQUENCE custom_panel_ids START 1`,
	// title/about: {"zh": …, "en": …}; period: the time field the board's
	// period applies to ("" none); spec: query.Spec as JSON; preset and
	// preset_panel: where a panel copied from a preset came from; chart_id:
	// the saved chart a panel was added from.
	`CREATE TABLE custom_dashboard_panels (
		panel_id BIGINT PRIMARY KEY DEFAULT nextval('custom_panel_ids'),
		dashboard_id BIGINT NOT NULL,
		position INTEGER NOT NULL,
		width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 12),
		title JSON NOT NULL,
		about JSON,
		period VARCHAR NOT NULL DEFAULT '',
		spec JSON NOT NULL,
		preset VARCHAR NOT NULL DEFAULT '',
		preset_panel VARCHAR NOT NULL DEFAULT '',
		chart_id BIGINT,
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	`INSERT INTO custom_dashboard_panels (dashboard_id, position, width, title, about, spec, chart_id)
		SELECT dc.dashboard_id,
			row_number() OVER (PARTITION BY dc.dashboard_id ORDER BY dc.position, dc.chart_id),
			6, json_object('zh', c.name, 'en', c.name), NULL, c.spec, c.chart_id
		FROM custom_dashboard_charts dc JOIN saved_charts c ON c.chart_id = dc.chart_id`,
	`UPDATE custom_dashboards SET preset = coalesce(preset, ''), filters = coalesce(filters, '{"period":"this_month","region":true,"rep":true}')`,
	`DROP TABLE custom_dashboard_charts`,
}}
