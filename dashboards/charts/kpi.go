package charts

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/opts"

	"salesbi/i18n"
)

// KPI: one big number (the first measure of the first row) with its label
// underneath, drawn as an ECharts title so it sits in the same chart box;
// Option.KPI carries the same, and each comparison (Spec.Compare), for the
// page to draw the card as HTML.

// KPI is a KPI card.
type KPI struct {
	Label string `json:"label"`
	// Value is the raw number, Text the same written in its unit.
	Value any    `json:"value"`
	Text  string `json:"text"`
	Unit  string `json:"unit"`
	// Compare lists the earlier periods the spec compared with.
	Compare []KPICompare `json:"compare,omitempty"`
}

// KPICompare is the value over an earlier period and the change.
type KPICompare struct {
	// Name is the comparison (previous, year_ago), Label its words (去年同期).
	Name  string `json:"name"`
	Label string `json:"label"`
	Value any    `json:"value"`
	Text  string `json:"text"`
	// Delta is value − earlier, DeltaPct (value − earlier) ÷ earlier (nil
	// when the earlier value is 0 or missing).
	Delta        any    `json:"delta"`
	DeltaText    string `json:"delta_text"`
	DeltaPct     any    `json:"delta_pct"`
	DeltaPctText string `json:"delta_pct_text"`
	// Direction is up, down or flat (the sign of Delta), for the arrow and colour.
	Direction string `json:"direction"`
}

var compareWords = map[string]i18n.Text{"previous": i18n.T("上期", "previous period"), "year_ago": i18n.T("去年同期", "a year ago")}

func kpi(in Input) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, "kpi", "one measure and no dimensions", dims == 0 && measures >= 1); err != nil {
		return nil, err
	}
	var row []any
	if len(in.Rows) > 0 {
		row = in.Rows[0]
	}
	at := func(i int) any {
		if i < len(row) {
			return row[i]
		}
		return nil
	}
	card := &KPI{Label: label(in.Columns[0], in.Locale), Value: at(0), Text: in.format(0).Text(at(0), -1), Unit: ColumnUnit(in.Columns, 0)}
	idx := map[string]int{}
	for i := 1; i < len(in.Columns); i++ {
		base, cmp, part, ok := compareOf(in.Columns, i)
		if !ok || base != 0 {
			continue
		}
		k, seen := idx[cmp]
		if !seen {
			k = len(card.Compare)
			idx[cmp] = k
			card.Compare = append(card.Compare, KPICompare{Name: cmp, Label: compareWords[cmp].In(in.Locale), Direction: "flat"})
		}
		c := &card.Compare[k]
		v, t := at(i), in.format(i).Text(at(i), -1)
		switch part {
		case "":
			c.Value, c.Text = v, t
		case "_delta":
			c.Delta, c.DeltaText = v, t
			if d, ok := toFloat(v); ok && d > 0 {
				c.Direction = "up"
			} else if ok && d < 0 {
				c.Direction = "down"
			}
		case "_delta_pct":
			c.DeltaPct, c.DeltaPctText = v, t
		}
	}
	return &Option{KPI: card, Title: &opts.Title{
		Title:         card.Text,
		Subtitle:      card.Label,
		Left:          "center",
		Top:           "middle",
		TitleStyle:    &opts.TextStyle{FontSize: 48, Color: "#1f2d3d"},
		SubtitleStyle: &opts.TextStyle{FontSize: 16, Color: "#5b6b7b"},
	}}, nil
}

// FormatNumber writes a value the way people here expect: shares as
// percentages with one decimal; zh-CN large amounts in 万, English in
// thousands (k) or millions (M). It knows only the aggregate; a renderer
// writes a column through its Format (FormatFor), which knows money and
// durations too.
func FormatNumber(v any, agg, locale string) string {
	if v == nil {
		return "–"
	}
	f := number(v)
	if agg == "share" {
		return fmt.Sprintf("%.1f%%", f*100)
	}
	en := i18n.IsEnglish(locale)
	a := math.Abs(f)
	switch {
	case !en && a >= 1e4:
		return fmt.Sprintf("%.1f万", f/1e4)
	case en && a >= 1e6:
		return fmt.Sprintf("%.2fM", f/1e6)
	case en && a >= 1e4:
		return fmt.Sprintf("%.1fk", f/1e3)
	case f == math.Trunc(f):
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.2f", f)
}
