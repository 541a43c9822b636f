package boards

import (
	"fmt"
	"time"

	"salesbi/clock"
	"salesbi/i18n"
	"salesbi/model"
	"salesbi/presets"
	"salesbi/query"
)

// periodNames are the short names of the period presets, as the filter
// offers them and as a panel's title is prefixed with them.
var periodNames = map[string]i18n.Text{
	"yesterday":    i18n.T("昨日", "Yesterday"),
	"today":        i18n.T("今日", "Today"),
	"this_week":    i18n.T("本周", "This week"),
	"last_week":    i18n.T("上周", "Last week"),
	"this_month":   i18n.T("本月", "This month"),
	"last_month":   i18n.T("上月", "Last month"),
	"this_quarter": i18n.T("本季度", "This quarter"),
	"last_quarter": i18n.T("上季度", "Last quarter"),
	"this_year":    i18n.T("今年", "This year"),
	"custom":       i18n.T("自定义", "Custom range"),
}

// PeriodName is a period preset's short name ("昨日", "This month"); an
// unknown name is shown as it is.
func PeriodName(p string) i18n.Text {
	if t, ok := periodNames[p]; ok {
		return t
	}
	return i18n.T(p, p)
}

// PeriodChoices are the period filter's options in the caller's language:
// every preset of presets.PeriodPresets, then "custom" (a from/to range).
func PeriodChoices(locale string) []Choice {
	out := make([]Choice, 0, len(presets.PeriodPresets)+1)
	for _, p := range append(append([]string(nil), presets.PeriodPresets...), "custom") {
		out = append(out, Choice{Value: p, Label: periodNames[p].In(locale)})
	}
	return out
}

// PeriodRange is the range of a relative period seen from cal, as the
// query engine resolves it (a one-filter spec validated; nothing runs), so
// a page's "本周 · 11-09 – 11-15" is the range the panels were asked for.
func PeriodRange(period string, cal clock.Calendar) (clock.Range, error) {
	p, err := query.Validate(query.Spec{Dataset: "leads", Measures: []query.Measure{{Agg: "count"}},
		Filters: []query.Filter{{Field: "created_at", Op: "relative", Period: period}}}, model.DemoDirector, cal, i18n.ZH)
	if err != nil {
		return clock.Range{}, err
	}
	return p.Filters[0].Range, nil
}

// shortPeriod is the period in a word: "昨日", "本月", or a custom range
// "11-01 至 11-15" (with the year when it is not the viewed year). Panel
// titles are prefixed with it.
func shortPeriod(sel presets.Selection, locale string, cal clock.Calendar) string {
	if sel.From != "" && sel.To != "" {
		return customRange(sel.From, sel.To, locale, cal)
	}
	if t, ok := periodNames[sel.Period]; ok {
		return t.In(locale)
	}
	return sel.Period
}

// PeriodLabel is the chosen period in words for the board's header:
// "昨日 11-30" / "Yesterday, Nov 30", "今日 12-01", "本月", "11-01 至 11-15".
func PeriodLabel(sel presets.Selection, locale string, cal clock.Calendar) string {
	short := shortPeriod(sel, locale, cal)
	if sel.From != "" && sel.To != "" {
		return short
	}
	if sel.Period == "yesterday" || sel.Period == "today" {
		r, err := PeriodRange(sel.Period, cal)
		if err != nil {
			return short
		}
		if i18n.IsEnglish(locale) {
			return short + ", " + r.From.Format("Jan 2")
		}
		return short + " " + r.From.Format("01-02")
	}
	return short
}

func customRange(from, to, locale string, cal clock.Calendar) string {
	f, err1 := time.ParseInLocation("2006-01-02", from, cal.Loc)
	t, err2 := time.ParseInLocation("2006-01-02", to, cal.Loc)
	if err1 != nil || err2 != nil {
		return from + " – " + to
	}
	year := cal.Now().Year()
	en := i18n.IsEnglish(locale)
	day := func(d time.Time) string {
		switch {
		case en && d.Year() == year:
			return d.Format("Jan 2")
		case en:
			return d.Format("Jan 2, 2006")
		case d.Year() == year:
			return d.Format("01-02")
		}
		return d.Format("2006-01-02")
	}
	if en {
		return fmt.Sprintf("%s – %s", day(f), day(t))
	}
	return fmt.Sprintf("%s 至 %s", day(f), day(t))
}

// panelTitle prefixes a panel that takes the period with the period's
// name ("昨日 · 新增有效线索"); a snapshot keeps its own title.
func panelTitle(p presets.Panel, sel presets.Selection, locale string, cal clock.Calendar) string {
	title := p.Title.In(locale)
	if p.Period == "" {
		return title
	}
	return shortPeriod(sel, locale, cal) + " · " + title
}

// asOfShowing is the ?asof day from which the period preset contains day
// d: today and this_*: d itself; yesterday: the next day; last_week: a
// week later; last_month, last_quarter: the first day of the next month,
// quarter. "" for a preset without such a day (a custom range).
func asOfShowing(period string, d time.Time) string {
	var out time.Time
	switch period {
	case "today", "this_week", "this_month", "this_quarter", "this_year":
		out = d
	case "yesterday":
		out = d.AddDate(0, 0, 1)
	case "last_week":
		out = d.AddDate(0, 0, 7)
	case "last_month":
		out = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, d.Location()).AddDate(0, 1, 0)
	case "last_quarter":
		q := (int(d.Month()) - 1) / 3 * 3
		out = time.Date(d.Year(), time.Month(q+1), 1, 0, 0, 0, 0, d.Location()).AddDate(0, 3, 0)
	default:
		return ""
	}
	return out.Format("2006-01-02")
}
