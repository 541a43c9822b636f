package charts

import "github.com/go-echarts/go-echarts/v2/opts"

// Heatmap: two dimensions (X, Y) and one measure as the colour, e.g. the
// article's industry × region heatmap.

func heatmap(in Input) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, "heatmap", "two dimensions and one measure", dims == 2 && measures >= 1); err != nil {
		return nil, err
	}
	x, xi := distinct(in, 0)
	y, yi := distinct(in, 1)
	data := make([][3]any, 0, len(in.Rows))
	var max float64
	for _, r := range in.Rows {
		v := number(r[2])
		if v > max {
			max = v
		}
		data = append(data, [3]any{xi[in.label(0, r[0])], yi[in.label(1, r[1])], r[2]})
	}
	return &Option{
		Tooltip: &opts.Tooltip{Show: opts.Bool(true), Trigger: "item"},
		Grid:    &opts.Grid{Left: "3%", Right: "4%", Bottom: "64", Top: "24", ContainLabel: opts.Bool(true)},
		XAxis:   []opts.XAxis{{Type: "category", Data: x, Name: label(in.Columns[0], in.Locale), SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}},
		YAxis:   []opts.YAxis{{Type: "category", Data: y, Name: label(in.Columns[1], in.Locale), SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}},
		VisualMap: []opts.VisualMap{{Calculable: opts.Bool(true), Min: 0, Max: float32(max), Orient: "horizontal", Left: "center", Bottom: "0",
			InRange: &opts.VisualMapInRange{Color: []string{"#e0f3f8", "#4575b4"}}}},
		Series: []Series{{Name: label(in.Columns[2], in.Locale), Type: "heatmap", Data: data, Label: &opts.Label{Show: opts.Bool(true)}}},
	}, nil
}
