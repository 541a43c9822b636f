package charts

import "github.com/go-echarts/go-echarts/v2/opts"

// Bar, stacked bar, line and area share one layout: the first dimension
// on the X axis; a second dimension becomes one series per value (the
// first measure), otherwise each measure is a series.

func cartesian(in Input, typ string, stack, area bool) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, in.Kind, "at most two dimensions and at least one measure", dims <= 2 && measures >= 1); err != nil {
		return nil, err
	}
	o := &Option{Tooltip: axisTooltip(), Grid: grid(), Legend: &opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "0"}}
	newSeries := func(name string, data []any) Series {
		s := Series{Name: name, Type: typ, Data: data}
		if stack {
			s.Stack = "total"
		}
		if area {
			s.AreaStyle = &struct{}{}
		}
		return s
	}
	switch dims {
	case 0:
		var names []string
		var data []any
		for i, c := range in.Columns {
			names = append(names, label(c, in.Locale))
			if len(in.Rows) > 0 {
				data = append(data, in.Rows[0][i])
			}
		}
		o.XAxis = []opts.XAxis{{Type: "category", Data: names}}
		o.Series = []Series{newSeries(label(in.Columns[0], in.Locale), data)}
	case 1:
		x, _ := distinct(in, 0)
		o.XAxis = []opts.XAxis{{Type: "category", Data: x}} // the chart title names the axis; a name here is clipped at the right edge
		for m := 1; m < len(in.Columns); m++ {
			data := make([]any, len(in.Rows))
			for i, r := range in.Rows {
				data[i] = r[m]
			}
			o.Series = append(o.Series, newSeries(label(in.Columns[m], in.Locale), data))
		}
	case 2:
		x, _, xAt := distinctIndex(in, 0)
		names, _, sAt := distinctIndex(in, 1)
		o.XAxis = []opts.XAxis{{Type: "category", Data: x}} // the chart title names the axis; a name here is clipped at the right edge
		grid := make([][]any, len(names))
		for i := range grid {
			grid[i] = make([]any, len(x)) // nil: no rows for that point (a gap, not a zero)
		}
		for k, r := range in.Rows {
			grid[sAt[k]][xAt[k]] = r[2]
		}
		for i, n := range names {
			o.Series = append(o.Series, newSeries(n, grid[i]))
		}
	}
	o.YAxis = []opts.YAxis{{Type: "value", Name: label(in.Columns[dims], in.Locale)}}
	return o, nil
}
