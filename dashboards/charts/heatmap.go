package charts

import "github.com/go-echarts/go-echarts/v2/opts"

// Heatmap: two dimensions (X, Y) and one measure as the colour, e.g. the
// article's industry × region heatmap. Every label is shown (rotated and
// abbreviated as on a bar's axis); cells and tooltips carry the formatted
// value; many rows make the chart taller (Height) rather than squeezed.

func heatmap(in Input) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, "heatmap", "two dimensions and one measure", dims == 2 && measures >= 1); err != nil {
		return nil, err
	}
	x, xi := distinct(in, 0)
	y, yi := distinct(in, 1)
	data := make([][3]any, 0, len(in.Rows))
	points := make([]map[string]any, 0, len(in.Rows))
	var max float64
	for _, r := range in.Rows {
		v := number(r[2])
		if v > max {
			max = v
		}
		data = append(data, [3]any{xi[in.label(0, r[0])], yi[in.label(1, r[1])], r[2]})
		points = append(points, map[string]any{in.Columns[0].Key: r[0], in.Columns[1].Key: r[1]})
	}
	two := 2
	f := in.format(2)
	f.Index = &two
	cell := f
	cell.Trim = true
	zero := 0
	o := &Option{
		Tooltip: itemTooltip(),
		Grid:    []*opts.Grid{{Left: "3%", Right: "4%", Bottom: "64", Top: "24", ContainLabel: opts.Bool(true)}},
		XAxis: []XAxis{{XAxis: opts.XAxis{Type: "category", Data: x, Name: label(in.Columns[0], in.Locale), NameLocation: "middle", NameGap: 28, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}},
			AxisLabel: categoryLabel(x, false, false)}},
		YAxis: []YAxis{{YAxis: opts.YAxis{Type: "category", Data: y, Name: label(in.Columns[1], in.Locale), SplitArea: &opts.SplitArea{Show: opts.Bool(true)}},
			AxisLabel: &AxisLabel{Interval: &zero, Width: labelPx, Overflow: "truncate", Ellipsis: "…"}}},
		VisualMap: []opts.VisualMap{{Calculable: opts.Bool(true), Min: 0, Max: float32(max), Orient: "horizontal", Left: "center", Bottom: "0",
			InRange: &opts.VisualMapInRange{Color: []string{"#e0f3f8", "#4575b4"}}}},
		Series: []Series{{Name: label(in.Columns[2], in.Locale), Type: "heatmap", Data: data,
			Label:   &Label{Label: opts.Label{Show: opts.Bool(true)}, Format: &cell},
			Tooltip: &Tooltip{ValueFormat: &f}}},
		Points: [][]map[string]any{points},
	}
	if o.XAxis[0].AxisLabel.Rotate != 0 {
		o.XAxis[0].NameGap = 0
		o.XAxis[0].Name = "" // a rotated axis has no room for its name; the panel title names it
	}
	if len(y) > 8 {
		o.Height = 24 + 32*len(y) + 140
	}
	return o, nil
}
