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
