package boards

import (
	"context"
	"fmt"
	"time"

	"salesbi/i18n"
	"salesbi/presets"
	"salesbi/query"
)

// noRows: the answer shows nothing — no rows, or (a KPI, no dimension)
// every value empty or zero.
func noRows(spec query.Spec, res *query.Result) bool {
	if len(res.Rows) == 0 {
		return true
	}
	if len(spec.Dimensions) > 0 || spec.Records {
		return false
	}
	for _, row := range res.Rows {
		for _, v := range row {
			switch x := v.(type) {
			case nil:
			case int64:
				if x != 0 {
					return false
				}
			case float64:
				if x != 0 {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// withoutPeriod is the spec without the board's period filter, which
// PanelSpec appends right after the panel's own filters (drilling keeps
// the order and appends its own after).
func withoutPeriod(p presets.Panel, spec query.Spec) (query.Spec, bool) {
	i := len(p.Spec.Filters)
	if p.Period == "" || i >= len(spec.Filters) || spec.Filters[i].Field != p.Period {
		return spec, false
	}
	out := spec
	out.Filters = append(append([]query.Filter(nil), spec.Filters[:i]...), spec.Filters[i+1:]...)
	return out, true
}

// emptyPeriod explains a panel with no rows in the chosen period when the
// dataset has rows under the same other filters (and the caller's row
// restriction): the day of the newest row (a max of the period field,
// through the engine) and the ?asof that shows the same preset with it.
// Nil when the panel has no period or the dataset has no such rows.
func (s *Service) emptyPeriod(ctx context.Context, r Request, p presets.Panel, spec query.Spec, sel presets.Selection, now time.Time) *Empty {
	rest, ok := withoutPeriod(p, spec)
	if !ok {
		return nil
	}
	latest := query.Spec{Dataset: rest.Dataset, Filters: rest.Filters, Measures: []query.Measure{{Field: p.Period, Agg: "max"}}}
	res, err := s.Query.RunAt(ctx, latest, r.Identity, r.Locale, now)
	if err != nil || len(res.Rows) != 1 || res.Rows[0][0] == nil {
		return nil
	}
	day, ok := dayOf(res.Rows[0][0], s.Cal.Loc)
	if !ok {
		return nil
	}
	e := &Empty{Latest: day.Format("2006-01-02")}
	if sel.From == "" {
		e.AsOf = asOfShowing(sel.Period, day)
	}
	label := PeriodLabel(sel, r.Locale, s.calAt(now))
	e.Message = fmt.Sprintf(i18n.T("所选期间（%s）没有数据；最近一条在 %s。", "No data in the chosen period (%s); the latest is from %s.").In(r.Locale),
		label, e.Latest)
	return e
}

// dayOf reads a time value of a result (an RFC 3339 instant or a
// YYYY-MM-DD date) as its day in the business zone.
func dayOf(v any, loc *time.Location) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		t = t.In(loc)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc), true
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t, true
	}
	return time.Time{}, false
}
