package boards

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"salesbi/clock"
	"salesbi/dashboards/charts"
	"salesbi/presets"
)

// DefaultParallel is how many panels of one board run at a time.
const DefaultParallel = 4

// WarmTimeout bounds a panel still running past the board's budget: it
// goes on (its answer fills the result cache for the page's ?panel=
// request) at most this long after the board was answered.
const WarmTimeout = time.Minute

// Answer answers every panel of the board (or those in r.Only),
// DefaultParallel at a time. A panel not done within the budget comes
// back Pending (the page asks for it alone with ?panel=) and goes on
// running to warm the cache; a panel's failure is the panel's Error,
// never the board's. Panels asked for by name (r.Only) are waited for.
func (s *Service) Answer(ctx context.Context, r Request) (*Answer, error) {
	start := time.Now()
	now, err := s.viewInstant(r.AsOf)
	if err != nil {
		return nil, err
	}
	cal := s.calAt(now)
	b := r.Board
	sel := s.selection(r)
	a := &Answer{Slug: b.ID, Title: b.Title.In(r.Locale), Description: b.Description.In(r.Locale),
		Selection: sel, AsOfDay: r.AsOf, PeriodLabel: PeriodLabel(sel, r.Locale, cal)}

	var panels []presets.Panel
	for _, p := range b.Panels {
		if len(r.Only) == 0 || slices.Contains(r.Only, p.ID) {
			panels = append(panels, p)
		}
	}
	log := s.syncLog(ctx)

	// Panels run on a context that outlives the request by WarmTimeout
	// (values kept, cancellation not): a late panel finishes into the
	// cache. Background, when set, still stops them (server shutdown).
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), WarmTimeout)
	if s.Background != nil {
		stop := context.AfterFunc(s.Background, cancel)
		go func() { <-pctx.Done(); stop() }()
	}
	out := make([]PanelAnswer, len(panels))
	done := make([]bool, len(panels))
	var mu sync.Mutex
	finished := make(chan struct{})
	sem := make(chan struct{}, s.parallel())
	var wg sync.WaitGroup
	for i, p := range panels {
		wg.Add(1)
		s.running.Add(1)
		go func() {
			defer s.running.Done()
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-pctx.Done():
				return
			}
			defer func() { <-sem }()
			pa := s.safePanel(pctx, r, p, sel, now, log)
			mu.Lock()
			out[i], done[i] = pa, true
			mu.Unlock()
		}()
	}
	go func() { wg.Wait(); cancel(); close(finished) }()

	if len(r.Only) > 0 {
		select {
		case <-finished:
		case <-ctx.Done():
		}
	} else {
		timer := time.NewTimer(s.budget())
		select {
		case <-finished:
		case <-timer.C:
		case <-ctx.Done():
		}
		timer.Stop()
	}
	mu.Lock()
	for i, p := range panels {
		if !done[i] {
			out[i] = s.pendingPanel(r, p, sel, cal)
		}
	}
	a.Panels = slices.Clone(out)
	mu.Unlock()

	for _, p := range a.Panels {
		if !p.DataAsOf.IsZero() && (a.DataAsOf.IsZero() || p.DataAsOf.Before(a.DataAsOf)) {
			a.DataAsOf = p.DataAsOf
		}
		a.Stale = a.Stale || p.Stale
	}
	if fc, err := s.choices(ctx, r, sel); err != nil {
		s.log().Warn("boards: reading the filter choices", "board", b.ID, "err", err)
		a.Filters = FilterChoices{Periods: PeriodChoices(r.Locale)}
	} else {
		a.Filters = fc
	}
	a.Elapsed = float64(time.Since(start).Microseconds()) / 1000
	return a, nil
}

// Wait returns when no panel of any answer is running any more (the
// late ones warming the cache): the server's shutdown waits for it
// before it closes the database.
func (s *Service) Wait() { s.running.Wait() }

func (s *Service) parallel() int {
	if s.Parallel > 0 {
		return s.Parallel
	}
	return DefaultParallel
}

func (s *Service) budget() time.Duration {
	if s.Budget > 0 {
		return s.Budget
	}
	return DefaultBudget
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// selection is the request's filters with the board's default period
// filled in.
func (s *Service) selection(r Request) presets.Selection {
	sel := r.Selection
	if sel.Period == "" && sel.From == "" {
		sel.Period = r.Board.Filters.Period
	}
	return sel
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

// head is what a panel says before (or without) its data.
func (s *Service) head(r Request, p presets.Panel, sel presets.Selection, cal clock.Calendar) PanelAnswer {
	spec, skipped := r.Board.PanelSpec(p, sel)
	return PanelAnswer{ID: p.ID, Title: panelTitle(p, sel, r.Locale, cal), About: p.About.In(r.Locale), Width: p.Width,
		Order: p.Order, Chart: spec.Chart, Spec: spec, Skipped: skipped, Drillable: drillable(spec)}
}

func (s *Service) pendingPanel(r Request, p presets.Panel, sel presets.Selection, cal clock.Calendar) PanelAnswer {
	pa := s.head(r, p, sel, cal)
	pa.Pending = true
	return pa
}

// safePanel is panel with a panic turned into the panel's error.
func (s *Service) safePanel(ctx context.Context, r Request, p presets.Panel, sel presets.Selection, now time.Time, log map[string]time.Time) (pa PanelAnswer) {
	defer func() {
		if v := recover(); v != nil {
			s.log().Error("boards: panel panicked", "board", r.Board.ID, "panel", p.ID, "panic", v)
			pa = s.head(r, p, sel, s.calAt(now))
			pa.Error = fmt.Sprint("internal error: ", v)
		}
	}()
	return s.panel(ctx, r, p, sel, now, log)
}

// panel answers one panel; a failure is the panel's, not the board's.
func (s *Service) panel(ctx context.Context, r Request, p presets.Panel, sel presets.Selection, now time.Time, log map[string]time.Time) PanelAnswer {
	cal := s.calAt(now)
	pa := s.head(r, p, sel, cal)
	spec := pa.Spec
	drilledHere := r.Drill != nil && r.Drill.Panel == p.ID
	if drilledHere {
		d, err := drillDown(spec, r.Drill.Points, r.Locale, cal)
		if err != nil {
			pa.Error = err.Error()
			return pa
		}
		spec, pa.Level, pa.Crumbs = d.Spec, d.Level, d.Crumbs
		pa.Spec, pa.Chart, pa.Drillable = spec, spec.Chart, drillable(spec)
	}
	if tables, err := s.Tables(spec, r.Identity, r.Locale); err == nil {
		pa.DataAsOf = dataAsOf(log, tables)
		pa.Stale = s.stale(pa.DataAsOf)
	}
	if spec.Records && drilledHere {
		if err := s.recordsPage(ctx, r, spec, now, &pa); err != nil {
			pa.Error = err.Error()
		}
		return pa
	}
	res, err := s.Query.RunAt(ctx, spec, r.Identity, r.Locale, now)
	if res != nil {
		pa.Elapsed = res.ElapsedMS
	}
	if err != nil {
		pa.Error = err.Error()
		return pa
	}
	pa.Columns, pa.Rows, pa.Rollup, pa.Cached = res.Columns, res.Rows, res.Rollup, res.Cached
	if noRows(spec, res) {
		pa.Empty = s.emptyPeriod(ctx, r, p, spec, sel, now)
	}
	if spec.Records {
		return pa
	}
	opt, err := charts.Render(charts.Input{Kind: spec.Chart, Columns: res.Columns, Rows: res.Rows,
		Locale: r.Locale, Currency: s.Currency, Animation: s.Animation})
	if err != nil {
		pa.Error = err.Error()
		return pa
	}
	pa.Option, pa.Height, pa.KPI = opt, opt.Height, opt.KPI
	// The renderer knows which datum is which point (sorted bars, folded
	// "others" slices); boards' own reading of the rows is the fallback
	// for a kind that does not say.
	pa.Points = opt.Points
	if pa.Points == nil {
		pa.Points = clickPoints(spec, res.Columns, res.Rows, len(opt.Series), r.Locale)
	}
	return pa
}
