package charts

import "github.com/go-echarts/go-echarts/v2/opts"

// Scatter: the first two measures are X and Y; the dimension names each point.

func scatter(in Input) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, "scatter", "two measures (X and Y) and at most one dimension", measures >= 2 && dims <= 1); err != nil {
		return nil, err
	}
	data := make([][]any, len(in.Rows))
	for i, r := range in.Rows {
		point := []any{r[dims], r[dims+1]}
		if dims == 1 {
			point = append(point, in.label(0, r[0]))
		}
		data[i] = point
	}
	return &Option{
		Tooltip: itemTooltip(),
		Grid:    grid(),
		XAxis:   []opts.XAxis{{Type: "value", Name: label(in.Columns[dims], in.Locale), Scale: opts.Bool(true)}},
		YAxis:   []opts.YAxis{{Type: "value", Name: label(in.Columns[dims+1], in.Locale), Scale: opts.Bool(true)}},
		Series:  []Series{{Name: label(in.Columns[dims+1], in.Locale), Type: "scatter", SymbolSize: 12, Data: data}},
	}, nil
}
