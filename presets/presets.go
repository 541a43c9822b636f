// Package presets declares the twelve preset dashboards of DESIGN.md as
// data: one YAML file per board under this folder (embedded in the
// binary), decoded strictly and checked against the query catalog when
// first used. Adding a board or a panel is editing one file; the loader
// (load.go) says which file, panel and key is wrong.
package presets

import (
	"salesbi/i18n"
	"salesbi/query"
)

// Board is one preset dashboard. Boards and their panels are shared by
// every caller: treat them as read-only (PanelSpec builds new specs).
type Board struct {
	// ID is the slug: the file name without .yaml and the URL segment.
	ID          string
	Title       i18n.Text
	Description i18n.Text
	// Ready is true when the board is served; the home page says plainly
	// which boards are still being built rather than linking to a stub.
	Ready bool
	// Order places the board on the home page (DESIGN.md's order).
	Order   int
	Filters Filters
	// Panels in layout order (Panel.Order).
	Panels []Panel
	// File is where the board was read from, e.g. "presets/standup.yaml".
	File string
}

// Path is where the board is served.
func (b Board) Path() string { return "/dashboards/" + b.ID }

// Filters are the board's global filters (issue 10, item 4).
type Filters struct {
	// Period is the default period preset, one of PeriodPresets.
	Period string
	// Region and Rep say whether the board offers those filters.
	Region, Rep bool
}

// PeriodPresets are the periods a board's period filter offers (besides a
// custom range); each is a relative period of the query engine.
var PeriodPresets = []string{"yesterday", "today", "this_week", "last_week", "this_month", "last_month",
	"this_quarter", "last_quarter", "this_year"}

// Panel is one chart of a board.
type Panel struct {
	ID    string
	Title i18n.Text
	// About is the panel's definition: what is counted, from which
	// records. Shown behind an ⓘ on the panel.
	About i18n.Text
	// Width in the 12-column grid, 1..12; Order places it on the board.
	Width int
	Order int
	// Period is the time field of the dataset the board's period filter
	// applies to; "" when the panel does not take the period (a snapshot
	// such as the open pipeline, or a fixed window written in its spec).
	Period string
	// Spec is the chart spec as the query engine reads it (the same keys
	// as the JSON API), without the board's global filters.
	Spec query.Spec
}

// Selection is a choice of the board's global filters.
type Selection struct {
	// Period is a relative period name; "" takes the board's default.
	Period string
	// From and To (YYYY-MM-DD, both inclusive) give a custom range and
	// override Period when both are set.
	From, To string
	// Region and Rep are names as the catalog's region and rep fields
	// hold them; "" means all.
	Region, Rep string
}

// PanelSpec is the panel's spec with the board's global filters applied:
// the period on the panel's period field, region and rep on the fields of
// those names where the dataset has them. The period "this_year" is
// asked as "year_to_date" by a panel that compares with an earlier period
// or counts working days (the same rows, but last year's comparison stops
// at the same day and the year's remaining days are not working days yet).
// Skipped names the filters the
// panel cannot take, so the page can say so on the panel instead of
// silently ignoring them.
func (b Board) PanelSpec(p Panel, sel Selection) (spec query.Spec, skipped []string) {
	spec = p.Spec
	spec.Filters = append([]query.Filter(nil), p.Spec.Filters...)
	switch {
	case p.Period == "" && (sel.Period != "" || sel.From != ""):
		skipped = append(skipped, "period")
	case p.Period == "":
	case sel.From != "" && sel.To != "":
		spec.Filters = append(spec.Filters, query.Filter{Field: p.Period, Op: "between", Values: []any{sel.From, sel.To}})
	default:
		period := sel.Period
		if period == "" {
			period = b.Filters.Period
		}
		if period == "this_year" && comparesOrPerDay(p.Spec) {
			// No row lies after today, so this year and this year to date
			// hold the same rows; but a year-ago comparison must stop at
			// the same day last year, and working days must not count the
			// rest of the year.
			period = "year_to_date"
		}
		spec.Filters = append(spec.Filters, query.Filter{Field: p.Period, Op: "relative", Period: period})
	}
	ds, _ := query.Lookup(p.Spec.Dataset)
	for _, f := range []struct {
		name, value string
		offered     bool
	}{{"region", sel.Region, b.Filters.Region}, {"rep", sel.Rep, b.Filters.Rep}} {
		if f.value == "" || !f.offered {
			continue
		}
		if ds == nil {
			skipped = append(skipped, f.name)
			continue
		}
		if _, ok := ds.Field(f.name); !ok {
			skipped = append(skipped, f.name)
			continue
		}
		spec.Filters = append(spec.Filters, query.Filter{Field: f.name, Op: "eq", Values: []any{f.value}})
	}
	return spec, skipped
}

// comparesOrPerDay reports whether a spec compares with an earlier period
// or divides by working days: the forms for which a period running past
// today differs from the same period to date.
func comparesOrPerDay(s query.Spec) bool {
	if len(s.Compare) > 0 {
		return true
	}
	var perDay func(m query.Measure) bool
	perDay = func(m query.Measure) bool {
		for _, p := range m.Per {
			if p == "working_day" {
				return true
			}
		}
		return m.Num != nil && perDay(*m.Num) || m.Den != nil && perDay(*m.Den)
	}
	for _, m := range s.Measures {
		if perDay(m) {
			return true
		}
	}
	return false
}
