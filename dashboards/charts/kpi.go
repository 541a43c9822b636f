package charts

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/opts"

	"salesbi/i18n"
)

// KPI: one big number (the first measure of the first row) with its label
// underneath, drawn as an ECharts title so it sits in the same chart box.

func kpi(in Input) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, "kpi", "one measure and no dimensions", dims == 0 && measures >= 1); err != nil {
		return nil, err
	}
	var v any
	if len(in.Rows) > 0 {
		v = in.Rows[0][0]
	}
	return &Option{Title: &opts.Title{
		Title:         FormatNumber(v, in.Columns[0].Agg, in.Locale),
		Subtitle:      label(in.Columns[0], in.Locale),
		Left:          "center",
		Top:           "middle",
		TitleStyle:    &opts.TextStyle{FontSize: 48, Color: "#1f2d3d"},
		SubtitleStyle: &opts.TextStyle{FontSize: 16, Color: "#5b6b7b"},
	}}, nil
}

// FormatNumber writes a value the way people here expect: shares as
// percentages with one decimal; zh-CN large amounts in 万, English in
// thousands (k) or millions (M).
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
