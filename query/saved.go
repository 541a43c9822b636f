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
	"salesbi/clock"
	"salesbi/model"
)

// SavedChart is a named spec kept by the builder (table saved_charts,
// migration 5).
type SavedChart struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Spec      Spec      `json:"spec"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// CustomDashboard is a named list of saved charts.
type CustomDashboard struct {
	ID     int64   `json:"id"`
	Name   string  `json:"name"`
	Charts []int64 `json:"charts"`
}

func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return "", badInput("invalid name", "name: give a name of 1 to 100 characters")
	}
	return name, nil
}

// SaveChart validates spec as the saver and stores it.
func SaveChart(ctx context.Context, db *model.DB, cal clock.Calendar, id model.Identity, name string, spec Spec) (SavedChart, error) {
	name, err := checkName(name)
	if err != nil {
		return SavedChart{}, err
	}
	if _, err := Validate(spec, id, cal, "zh-CN"); err != nil {
		return SavedChart{}, err
	}
	b, err := json.Marshal(spec)
	if err != nil {
		return SavedChart{}, fmt.Errorf("encoding chart spec: %w", err)
	}
	c := SavedChart{Name: name, Spec: spec, CreatedBy: id.Login}
	err = db.QueryRowContext(ctx, `INSERT INTO saved_charts (name, spec, created_by) VALUES ($1, $2, $3) RETURNING chart_id, created_at`,
		name, string(b), id.Login).Scan(&c.ID, &c.CreatedAt)
	if err != nil {
		return SavedChart{}, fmt.Errorf("saving chart %q: %w", name, err)
	}
	return c, nil
}

// SavedCharts lists the saved charts, newest first.
func SavedCharts(ctx context.Context, db *model.DB) ([]SavedChart, error) {
	rows, err := db.QueryContext(ctx, `SELECT chart_id, name, CAST(spec AS VARCHAR), coalesce(created_by, ''), created_at FROM saved_charts ORDER BY chart_id DESC`)
	if err != nil {
		return nil, fmt.Errorf("listing saved charts: %w", err)
	}
	defer rows.Close()
	out := []SavedChart{}
	for rows.Next() {
		var c SavedChart
		var spec string
		if err := rows.Scan(&c.ID, &c.Name, &spec, &c.CreatedBy, &c.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(spec), &c.Spec); err != nil {
			return nil, fmt.Errorf("saved chart %d has an unreadable spec: %w", c.ID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LoadChart finds one saved chart.
func LoadChart(ctx context.Context, db *model.DB, id int64) (SavedChart, error) {
	var c SavedChart
	var spec string
	err := db.QueryRowContext(ctx, `SELECT chart_id, name, CAST(spec AS VARCHAR), coalesce(created_by, ''), created_at FROM saved_charts WHERE chart_id = $1`, id).
		Scan(&c.ID, &c.Name, &spec, &c.CreatedBy, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, fmt.Sprintf("saved chart %d does not exist", id))
	}
	if err != nil {
		return c, fmt.Errorf("loading saved chart %d: %w", id, err)
	}
	if err := json.Unmarshal([]byte(spec), &c.Spec); err != nil {
		return c, fmt.Errorf("saved chart %d has an unreadable spec: %w", id, err)
	}
	return c, nil
}

// CreateDashboard makes an empty custom dashboard.
func CreateDashboard(ctx context.Context, db *model.DB, by model.Identity, name string) (CustomDashboard, error) {
	name, err := checkName(name)
	if err != nil {
		return CustomDashboard{}, err
	}
	d := CustomDashboard{Name: name, Charts: []int64{}}
	err = db.QueryRowContext(ctx, `INSERT INTO custom_dashboards (name, created_by) VALUES ($1, $2) RETURNING dashboard_id`, name, by.Login).Scan(&d.ID)
	if err != nil {
		return d, fmt.Errorf("creating dashboard %q: %w", name, err)
	}
	return d, nil
}

// AddToDashboard appends a saved chart to a custom dashboard (once).
func AddToDashboard(ctx context.Context, db *model.DB, dashboard, chart int64) error {
	if _, err := LoadChart(ctx, db, chart); err != nil {
		return err
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM custom_dashboards WHERE dashboard_id = $1`, dashboard).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.New(apperr.NotFound, fmt.Sprintf("dashboard %d does not exist", dashboard))
	}
	_, err := db.ExecContext(ctx, `INSERT INTO custom_dashboard_charts (dashboard_id, chart_id, position)
		SELECT $1, $2, coalesce(max(position), 0) + 1 FROM custom_dashboard_charts WHERE dashboard_id = $3
		ON CONFLICT DO NOTHING`, dashboard, chart, dashboard)
	if err != nil {
		return fmt.Errorf("adding chart %d to dashboard %d: %w", chart, dashboard, err)
	}
	return nil
}

// Dashboards lists the custom dashboards with their charts in order.
func Dashboards(ctx context.Context, db *model.DB) ([]CustomDashboard, error) {
	rows, err := db.QueryContext(ctx, `SELECT d.dashboard_id, d.name, dc.chart_id FROM custom_dashboards d
		LEFT JOIN custom_dashboard_charts dc ON dc.dashboard_id = d.dashboard_id
		ORDER BY d.dashboard_id, dc.position`)
	if err != nil {
		return nil, fmt.Errorf("listing dashboards: %w", err)
	}
	defer rows.Close()
	out := []CustomDashboard{}
	for rows.Next() {
		var id int64
		var name string
		var chart sql.NullInt64
		if err := rows.Scan(&id, &name, &chart); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, CustomDashboard{ID: id, Name: name, Charts: []int64{}})
		}
		if chart.Valid {
			out[len(out)-1].Charts = append(out[len(out)-1].Charts, chart.Int64)
		}
	}
	return out, rows.Err()
}
