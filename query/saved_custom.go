package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/model"
)

// The custom-dashboard store (tables custom_dashboards and
// custom_dashboard_panels, migrations 5 and 6). A custom dashboard holds
// panels in the format of a preset board's panels (presets.Panel, which
// this package cannot name: presets imports query) — title and definition
// in both languages, width in the 12-column grid, position, the time field
// the board's period applies to, the chart spec — plus where each came
// from. A dashboard copied from a preset keeps the preset's slug and can
// be reset to it; the presets themselves are never written.

// BoardFilters are a custom dashboard's global filters (presets.Filters).
type BoardFilters struct {
	// Period is the default period preset (presets.PeriodPresets).
	Period string `json:"period"`
	// Region and Rep say whether the board offers those filters.
	Region bool `json:"region"`
	Rep    bool `json:"rep"`
}

// DefaultBoardFilters are the filters of a dashboard made from saved
// charts: this month, region and rep offered.
var DefaultBoardFilters = BoardFilters{Period: "this_month", Region: true, Rep: true}

// CustomPanel is one panel of a custom dashboard.
type CustomPanel struct {
	ID int64 `json:"id"`
	// Position is 1..n on its dashboard (the board's panel order).
	Position int       `json:"position"`
	Width    int       `json:"width"`
	Title    i18n.Text `json:"title"`
	About    i18n.Text `json:"about"`
	// Period is the time field the board's period filter applies to; ""
	// when the panel does not take the period.
	Period string `json:"period,omitempty"`
	Spec   Spec   `json:"spec"`
	// Preset and PresetPanel name the preset panel this one was copied
	// from; ChartID the saved chart it was added from (0: none).
	Preset      string `json:"preset,omitempty"`
	PresetPanel string `json:"preset_panel,omitempty"`
	ChartID     int64  `json:"chart_id,omitempty"`
}

// CustomDashboard is a named board of panels.
type CustomDashboard struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Preset is the slug of the preset board it was copied from, "" if
	// none: only a copy can be reset.
	Preset  string        `json:"preset,omitempty"`
	Filters BoardFilters  `json:"filters"`
	Panels  []CustomPanel `json:"panels"`
	// Charts are the saved charts on it (panels added from a saved chart),
	// in panel order.
	Charts []int64 `json:"charts"`
}

// PanelChange is an edit of one panel: a nil field stays as it is.
// Position moves the panel there (1 = first; past the end = last), the
// others shifting to make room.
type PanelChange struct {
	Width    *int `json:"width,omitempty"`
	Position *int `json:"position,omitempty"`
}

// The store's messages, in the caller's language.
var (
	msgNoDashboard   = i18n.T("自定义看板 %d 不存在", "custom dashboard %d does not exist")
	msgNoPanel       = i18n.T("自定义看板 %d 没有面板 %d", "custom dashboard %d has no panel %d")
	msgBadPanel      = i18n.T("面板设置有误", "invalid panel")
	msgBadWidth      = i18n.T("width：宽度应为 1 到 12 列（12 列网格），收到 %d", "width: must be 1 to 12 columns of the 12-column grid, got %d")
	msgBadPosition   = i18n.T("position：位置应为从 1 开始的正整数，收到 %d", "position: must be a position from 1, got %d")
	msgBadName       = i18n.T("名称有误", "invalid name")
	msgNameProblem   = i18n.T("name：请填写 1 到 100 个字符的名称", "name: give a name of 1 to 100 characters")
	msgNothingToEdit = i18n.T("请至少给出 width 或 position", "give width or position (or both)")
)

func checkNameIn(name, locale string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return "", apperr.New(apperr.BadInput, msgBadName.In(locale), msgNameProblem.In(locale))
	}
	return name, nil
}

// CheckPanelWidth is the one rule for a panel's width: 1..12 columns.
func CheckPanelWidth(w int, locale string) error {
	if w < 1 || w > 12 {
		return apperr.New(apperr.BadInput, msgBadPanel.In(locale), fmt.Sprintf(msgBadWidth.In(locale), w))
	}
	return nil
}

func notFound(t i18n.Text, locale string, args ...any) error {
	return apperr.New(apperr.NotFound, fmt.Sprintf(t.In(locale), args...))
}

// CreateDashboard makes an empty custom dashboard with the default filters.
func CreateDashboard(ctx context.Context, db *model.DB, by model.Identity, name, locale string) (CustomDashboard, error) {
	return CopyDashboard(ctx, db, by, CustomDashboard{Name: name, Filters: DefaultBoardFilters}, locale)
}

// CopyDashboard stores d (its name, preset, filters and panels, in their
// order) as a new custom dashboard and returns it as stored. The panels'
// ids and positions are assigned here.
func CopyDashboard(ctx context.Context, db *model.DB, by model.Identity, d CustomDashboard, locale string) (CustomDashboard, error) {
	name, err := checkNameIn(d.Name, locale)
	if err != nil {
		return CustomDashboard{}, err
	}
	for _, p := range d.Panels {
		if err := CheckPanelWidth(p.Width, locale); err != nil {
			return CustomDashboard{}, err
		}
	}
	filters, err := json.Marshal(d.Filters)
	if err != nil {
		return CustomDashboard{}, err
	}
	var id int64
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO custom_dashboards (name, created_by, preset, filters) VALUES ($1, $2, $3, $4) RETURNING dashboard_id`,
			name, by.Login, d.Preset, string(filters)).Scan(&id); err != nil {
			return fmt.Errorf("creating dashboard %q: %w", name, err)
		}
		return insertPanels(ctx, tx, id, 0, d.Panels)
	})
	if err != nil {
		return CustomDashboard{}, err
	}
	return LoadDashboard(ctx, db, id, locale)
}

// ResetPanels replaces every panel of dashboard id with panels (its
// preset's, as the caller read them) and its filters with filters.
func ResetPanels(ctx context.Context, db *model.DB, id int64, filters BoardFilters, panels []CustomPanel, locale string) (CustomDashboard, error) {
	for _, p := range panels {
		if err := CheckPanelWidth(p.Width, locale); err != nil {
			return CustomDashboard{}, err
		}
	}
	f, err := json.Marshal(filters)
	if err != nil {
		return CustomDashboard{}, err
	}
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		if err := dashboardExists(ctx, tx, id, locale); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM custom_dashboard_panels WHERE dashboard_id = $1`, id); err != nil {
			return fmt.Errorf("resetting dashboard %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE custom_dashboards SET filters = $1, updated_at = now() WHERE dashboard_id = $2`, string(f), id); err != nil {
			return fmt.Errorf("resetting dashboard %d: %w", id, err)
		}
		return insertPanels(ctx, tx, id, 0, panels)
	})
	if err != nil {
		return CustomDashboard{}, err
	}
	return LoadDashboard(ctx, db, id, locale)
}

// RenameDashboard gives dashboard id a new name.
func RenameDashboard(ctx context.Context, db *model.DB, id int64, name, locale string) (CustomDashboard, error) {
	name, err := checkNameIn(name, locale)
	if err != nil {
		return CustomDashboard{}, err
	}
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		if err := dashboardExists(ctx, tx, id, locale); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE custom_dashboards SET name = $1, updated_at = now() WHERE dashboard_id = $2`, name, id)
		return err
	})
	if err != nil {
		return CustomDashboard{}, err
	}
	return LoadDashboard(ctx, db, id, locale)
}

// DeleteDashboard removes dashboard id and its panels (the saved charts
// stay).
func DeleteDashboard(ctx context.Context, db *model.DB, id int64, locale string) error {
	return inTx(ctx, db, func(tx *sql.Tx) error {
		if err := dashboardExists(ctx, tx, id, locale); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM custom_dashboard_panels WHERE dashboard_id = $1`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM custom_dashboards WHERE dashboard_id = $1`, id)
		return err
	})
}

// AddToDashboard puts a saved chart on a custom dashboard as a half-width
// panel at the end (once: adding it again keeps the one panel).
func AddToDashboard(ctx context.Context, db *model.DB, dashboard, chart int64) error {
	_, err := AddChartPanel(ctx, db, dashboard, chart, 6, i18n.EN)
	return err
}

// AddChartPanel puts saved chart chart on dashboard as a panel of width
// columns at the end, titled with the chart's name, and returns it; a
// chart already on the dashboard is not added twice (its panel is
// returned).
func AddChartPanel(ctx context.Context, db *model.DB, dashboard, chart int64, width int, locale string) (CustomPanel, error) {
	if err := CheckPanelWidth(width, locale); err != nil {
		return CustomPanel{}, err
	}
	c, err := LoadChart(ctx, db, chart)
	if err != nil {
		if apperr.KindOf(err) == apperr.NotFound {
			return CustomPanel{}, notFound(i18n.T("已保存的图表 %d 不存在", "saved chart %d does not exist"), locale, chart)
		}
		return CustomPanel{}, err
	}
	var id int64
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		if err := dashboardExists(ctx, tx, dashboard, locale); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `SELECT panel_id FROM custom_dashboard_panels WHERE dashboard_id = $1 AND chart_id = $2 ORDER BY position LIMIT 1`,
			dashboard, chart).Scan(&id)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM custom_dashboard_panels WHERE dashboard_id = $1`, dashboard).Scan(&n); err != nil {
			return err
		}
		p := CustomPanel{Width: width, Title: i18n.T(c.Name, c.Name), Spec: c.Spec, ChartID: c.ID}
		if err := insertPanels(ctx, tx, dashboard, n, []CustomPanel{p}); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT max(panel_id) FROM custom_dashboard_panels WHERE dashboard_id = $1`, dashboard).Scan(&id)
	})
	if err != nil {
		return CustomPanel{}, fmt.Errorf("adding chart %d to dashboard %d: %w", chart, dashboard, err)
	}
	return loadPanel(ctx, db, dashboard, id, locale)
}

// UpdatePanel resizes and/or moves one panel and returns it.
func UpdatePanel(ctx context.Context, db *model.DB, dashboard, panel int64, ch PanelChange, locale string) (CustomPanel, error) {
	var problems []string
	if ch.Width == nil && ch.Position == nil {
		problems = append(problems, msgNothingToEdit.In(locale))
	}
	if ch.Width != nil && (*ch.Width < 1 || *ch.Width > 12) {
		problems = append(problems, fmt.Sprintf(msgBadWidth.In(locale), *ch.Width))
	}
	if ch.Position != nil && *ch.Position < 1 {
		problems = append(problems, fmt.Sprintf(msgBadPosition.In(locale), *ch.Position))
	}
	if len(problems) > 0 {
		return CustomPanel{}, apperr.New(apperr.BadInput, msgBadPanel.In(locale), problems...)
	}
	err := inTx(ctx, db, func(tx *sql.Tx) error {
		old, err := panelPosition(ctx, tx, dashboard, panel, locale)
		if err != nil {
			return err
		}
		if ch.Width != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE custom_dashboard_panels SET width = $1, updated_at = now() WHERE panel_id = $2`, *ch.Width, panel); err != nil {
				return err
			}
		}
		if ch.Position == nil {
			return nil
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM custom_dashboard_panels WHERE dashboard_id = $1`, dashboard).Scan(&n); err != nil {
			return err
		}
		to := min(*ch.Position, n)
		switch {
		case to < old:
			_, err = tx.ExecContext(ctx, `UPDATE custom_dashboard_panels SET position = position + 1
				WHERE dashboard_id = $1 AND position >= $2 AND position < $3`, dashboard, to, old)
		case to > old:
			_, err = tx.ExecContext(ctx, `UPDATE custom_dashboard_panels SET position = position - 1
				WHERE dashboard_id = $1 AND position > $2 AND position <= $3`, dashboard, old, to)
		default:
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE custom_dashboard_panels SET position = $1, updated_at = now() WHERE panel_id = $2`, to, panel)
		return err
	})
	if err != nil {
		return CustomPanel{}, err
	}
	return loadPanel(ctx, db, dashboard, panel, locale)
}

// RemovePanel takes a panel off its dashboard (the panels after it move up).
func RemovePanel(ctx context.Context, db *model.DB, dashboard, panel int64, locale string) error {
	return inTx(ctx, db, func(tx *sql.Tx) error {
		pos, err := panelPosition(ctx, tx, dashboard, panel, locale)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM custom_dashboard_panels WHERE panel_id = $1`, panel); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE custom_dashboard_panels SET position = position - 1 WHERE dashboard_id = $1 AND position > $2`, dashboard, pos)
		return err
	})
}

// Dashboards lists the custom dashboards with their panels in order.
func Dashboards(ctx context.Context, db *model.DB) ([]CustomDashboard, error) {
	return loadDashboards(ctx, db, 0)
}

// LoadDashboard finds one custom dashboard with its panels.
func LoadDashboard(ctx context.Context, db *model.DB, id int64, locale string) (CustomDashboard, error) {
	ds, err := loadDashboards(ctx, db, id)
	if err != nil {
		return CustomDashboard{}, err
	}
	if len(ds) == 0 {
		return CustomDashboard{}, notFound(msgNoDashboard, locale, id)
	}
	return ds[0], nil
}

// loadDashboards reads every dashboard (id 0) or one.
func loadDashboards(ctx context.Context, db *model.DB, id int64) ([]CustomDashboard, error) {
	rows, err := db.QueryContext(ctx, `SELECT d.dashboard_id, d.name, coalesce(d.preset, ''), coalesce(CAST(d.filters AS VARCHAR), ''),
			p.panel_id, p.position, p.width, CAST(p.title AS VARCHAR), coalesce(CAST(p.about AS VARCHAR), ''), p.period,
			CAST(p.spec AS VARCHAR), p.preset, p.preset_panel, p.chart_id
		FROM custom_dashboards d
		LEFT JOIN custom_dashboard_panels p ON p.dashboard_id = d.dashboard_id
		WHERE $1 = 0 OR d.dashboard_id = $2
		ORDER BY d.dashboard_id, p.position, p.panel_id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("listing dashboards: %w", err)
	}
	defer rows.Close()
	out := []CustomDashboard{}
	for rows.Next() {
		var d CustomDashboard
		var filters string
		var pid, chart sql.NullInt64
		var pos, width sql.NullInt32
		var title, about, period, spec, preset, presetPanel sql.NullString
		if err := rows.Scan(&d.ID, &d.Name, &d.Preset, &filters, &pid, &pos, &width, &title, &about, &period, &spec, &preset, &presetPanel, &chart); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != d.ID {
			d.Filters = DefaultBoardFilters
			if filters != "" {
				if err := json.Unmarshal([]byte(filters), &d.Filters); err != nil {
					return nil, fmt.Errorf("dashboard %d has unreadable filters: %w", d.ID, err)
				}
			}
			d.Panels, d.Charts = []CustomPanel{}, []int64{}
			out = append(out, d)
		}
		if !pid.Valid {
			continue
		}
		cur := &out[len(out)-1]
		p := CustomPanel{ID: pid.Int64, Position: int(pos.Int32), Width: int(width.Int32), Period: period.String,
			Preset: preset.String, PresetPanel: presetPanel.String, ChartID: chart.Int64}
		if err := json.Unmarshal([]byte(title.String), &p.Title); err != nil {
			return nil, fmt.Errorf("panel %d has an unreadable title: %w", p.ID, err)
		}
		if about.String != "" && about.String != "null" {
			if err := json.Unmarshal([]byte(about.String), &p.About); err != nil {
				return nil, fmt.Errorf("panel %d has an unreadable definition: %w", p.ID, err)
			}
		}
		if err := json.Unmarshal([]byte(spec.String), &p.Spec); err != nil {
			return nil, fmt.Errorf("panel %d has an unreadable spec: %w", p.ID, err)
		}
		cur.Panels = append(cur.Panels, p)
		if chart.Valid {
			cur.Charts = append(cur.Charts, chart.Int64)
		}
	}
	return out, rows.Err()
}

func loadPanel(ctx context.Context, db *model.DB, dashboard, panel int64, locale string) (CustomPanel, error) {
	d, err := LoadDashboard(ctx, db, dashboard, locale)
	if err != nil {
		return CustomPanel{}, err
	}
	for _, p := range d.Panels {
		if p.ID == panel {
			return p, nil
		}
	}
	return CustomPanel{}, notFound(msgNoPanel, locale, dashboard, panel)
}

// insertPanels appends panels to dashboard after position after.
func insertPanels(ctx context.Context, tx *sql.Tx, dashboard int64, after int, panels []CustomPanel) error {
	for i, p := range panels {
		title, err := json.Marshal(p.Title)
		if err != nil {
			return err
		}
		about, err := json.Marshal(p.About)
		if err != nil {
			return err
		}
		spec, err := json.Marshal(p.Spec)
		if err != nil {
			return fmt.Errorf("encoding panel spec: %w", err)
		}
		var chart any
		if p.ChartID != 0 {
			chart = p.ChartID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO custom_dashboard_panels
			(dashboard_id, position, width, title, about, period, spec, preset, preset_panel, chart_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			dashboard, after+i+1, p.Width, string(title), string(about), p.Period, string(spec), p.Preset, p.PresetPanel, chart); err != nil {
			return fmt.Errorf("adding panel %d to dashboard %d: %w", i+1, dashboard, err)
		}
	}
	return nil
}

// dashboardExists checks that dashboard id exists and claims it for the
// transaction: every edit of a dashboard writes its row first, so two
// edits of one dashboard at once always conflict (and inTx retries the
// later one) instead of each moving positions the other did not see.
func dashboardExists(ctx context.Context, tx *sql.Tx, id int64, locale string) error {
	res, err := tx.ExecContext(ctx, `UPDATE custom_dashboards SET updated_at = now() WHERE dashboard_id = $1`, id)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(msgNoDashboard, locale, id)
	}
	return nil
}

func panelPosition(ctx context.Context, tx *sql.Tx, dashboard, panel int64, locale string) (int, error) {
	if err := dashboardExists(ctx, tx, dashboard, locale); err != nil {
		return 0, err
	}
	var pos int
	err := tx.QueryRowContext(ctx, `SELECT position FROM custom_dashboard_panels WHERE dashboard_id = $1 AND panel_id = $2`, dashboard, panel).Scan(&pos)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound(msgNoPanel, locale, dashboard, panel)
	}
	return pos, err
}

// inTx runs f in a transaction, again (a few times, after a short pause)
// when DuckDB reports a write-write conflict with another transaction —
// two edits of one dashboard at the same moment.
func inTx(ctx context.Context, db *model.DB, f func(*sql.Tx) error) error {
	var err error
	for attempt := 0; attempt < 20; attempt++ {
		if err = tryTx(ctx, db, f); err == nil || !isConflict(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(5+attempt*5) * time.Millisecond):
		}
	}
	return apperr.Wrap(apperr.Conflict, "the dashboard is being changed by another request: try again", err)
}

func tryTx(ctx context.Context, db *model.DB, f func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// isConflict is DuckDB's "TransactionContext Error: Conflict on update!"
// (and its write-write conflict on the catalog).
func isConflict(err error) bool {
	if apperr.KindOf(err) != apperr.Internal {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "Conflict") || strings.Contains(msg, "conflict")
}
