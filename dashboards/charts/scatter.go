package charts

import (
	"html"

	"github.com/go-echarts/go-echarts/v2/opts"
)

// Scatter: the first two measures are X and Y; the dimension names each
// point. Each point's tooltip is its name and both values, formatted; the
// axes tick in their units.

func scatter(in Input) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, "scatter", "two measures (X and Y) and at most one dimension", measures >= 2 && dims <= 1); err != nil {
		return nil, err
	}
	xf, yf := in.format(dims), in.format(dims+1)
	xl, yl := label(in.Columns[dims], in.Locale), label(in.Columns[dims+1], in.Locale)
	type point struct {
		Name    string      `json:"name,omitempty"`
		Value   []any       `json:"value"`
		Tooltip ItemTooltip `json:"tooltip"`
	}
	data := make([]any, len(in.Rows))
	points := make([]map[string]any, len(in.Rows))
	for i, r := range in.Rows {
		p := point{Value: []any{r[dims], r[dims+1]}}
		tip := html.EscapeString(xl) + ": " + html.EscapeString(xf.Text(r[dims], -1)) + "<br/>" +
			html.EscapeString(yl) + ": " + html.EscapeString(yf.Text(r[dims+1], -1))
		points[i] = map[string]any{}
		if dims == 1 {
			p.Name = in.label(0, r[0])
			tip = html.EscapeString(p.Name) + "<br/>" + tip
			points[i][in.Columns[0].Key] = r[0]
		}
		p.Tooltip = ItemTooltip{Formatter: tip}
		data[i] = p
	}
	g := grid()
	g.Bottom = "36" // the X axis' name sits under the ticks
	return &Option{
		Tooltip: itemTooltip(),
		Grid:    []*opts.Grid{g},
		XAxis: []XAxis{{XAxis: opts.XAxis{Type: "value", Name: xl, NameLocation: "middle", NameGap: 28, Scale: opts.Bool(true)},
			AxisLabel: &AxisLabel{Format: axisFormat(xf)}}},
		YAxis: []YAxis{{YAxis: opts.YAxis{Type: "value", Name: yl, Scale: opts.Bool(true)},
			AxisLabel: &AxisLabel{Format: axisFormat(yf)}}},
		Series: []Series{{Name: yl, Type: "scatter", SymbolSize: 14, Data: data}},
		Points: [][]map[string]any{points},
	}, nil
}
