package boards

import (
	"context"
	"slices"
	"time"

	"salesbi/clock"
	"salesbi/dashboards/charts"
	"salesbi/presets"
	"salesbi/query"
)

// Answer answers every panel of the board (or those in r.Only).
func (s *Service) Answer(ctx context.Context, r Request) (*Answer, error) {
	start := time.Now()
	now, err := s.viewInstant(r.AsOf)
	if err != nil {
		return nil, err
	}
	b := r.Board
	a := &Answer{Slug: b.ID, Title: b.Title.In(r.Locale), Description: b.Description.In(r.Locale),
		Selection: r.Selection, AsOfDay: r.AsOf}
	if a.Selection.Period == "" && a.Selection.From == "" {
		a.Selection.Period = b.Filters.Period
	}
	for _, p := range b.Panels {
		if len(r.Only) > 0 && !slices.Contains(r.Only, p.ID) {
			continue
		}
		a.Panels = append(a.Panels, s.panel(ctx, r, p, now))
	}
	for _, p := range a.Panels {
		if !p.DataAsOf.IsZero() && (a.DataAsOf.IsZero() || p.DataAsOf.Before(a.DataAsOf)) {
			a.DataAsOf = p.DataAsOf
		}
		a.Stale = a.Stale || p.Stale
	}
	a.Elapsed = float64(time.Since(start).Microseconds()) / 1000
	return a, nil
}

// viewInstant is the instant relative periods are taken from: now, or the
// end of the ?asof day.
func (s *Service) viewInstant(asof string) (time.Time, error) {
	if asof == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation("2006-01-02", asof, s.Cal.Loc)
	if err != nil {
		return time.Time{}, err
	}
	return d.AddDate(0, 0, 1).Add(-time.Second), nil
}

// calAt is the calendar seen from now (zero: the clock's).
func (s *Service) calAt(now time.Time) clock.Calendar {
	if now.IsZero() {
		return s.Cal
	}
	return clock.Calendar{Clock: clock.NewFixed(now), Loc: s.Cal.Loc}
}

// panel answers one panel; a failure is the panel's, not the board's.
func (s *Service) panel(ctx context.Context, r Request, p presets.Panel, now time.Time) PanelAnswer {
	spec, skipped := r.Board.PanelSpec(p, r.Selection)
	pa := PanelAnswer{ID: p.ID, Title: p.Title.In(r.Locale), About: p.About.In(r.Locale), Width: p.Width,
		Order: p.Order, Skipped: skipped}
	if r.Drill != nil && r.Drill.Panel == p.ID {
		for _, pt := range r.Drill.Points {
			step, err := query.Drill(spec, pt, s.calAt(now))
			if err != nil {
				pa.Error = err.Error()
				return pa
			}
			spec, pa.Level = step.Spec, step.Level
		}
	}
	pa.Spec, pa.Chart = spec, spec.Chart
	pa.Drillable = !spec.Records && len(spec.Dimensions) > 0
	res, err := s.Query.RunAt(ctx, spec, r.Identity, r.Locale, now)
	if err != nil {
		pa.Error = err.Error()
		return pa
	}
	pa.Columns, pa.Rows, pa.Rollup, pa.Cached, pa.Elapsed = res.Columns, res.Rows, res.Rollup, res.Cached, res.ElapsedMS
	if !spec.Records {
		opt, err := charts.Render(charts.Input{Kind: spec.Chart, Columns: res.Columns, Rows: res.Rows,
			Locale: r.Locale, Animation: s.Animation})
		if err != nil {
			pa.Error = err.Error()
			return pa
		}
		pa.Option = opt
	}
	return pa
}
