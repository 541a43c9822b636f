package charts

import (
	"math"

	"github.com/go-echarts/go-echarts/v2/opts"
)

// Radar: the first dimension's values are the spokes; a second dimension
// gives one polygon per value, otherwise each measure is a polygon.

//
// Each polygon is one datum of the one series: Points[0][i] is polygon
// i's second-dimension value (a measure's polygon has none to drill).

func radar(in Input) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, "radar", "one or two dimensions and a measure", (dims == 1 || dims == 2) && measures >= 1); err != nil {
		return nil, err
	}
	spokes, si := distinct(in, 0)
	type poly struct {
		name string
		vals []any
	}
	var polys []poly
	var points []map[string]any
	max := make([]float64, len(spokes))
	if dims == 1 {
		for m := 1; m < len(in.Columns); m++ {
			p := poly{name: label(in.Columns[m], in.Locale), vals: make([]any, len(spokes))}
			for _, r := range in.Rows {
				p.vals[si[in.label(0, r[0])]] = r[m]
			}
			polys = append(polys, p)
			points = append(points, map[string]any{}) // a measure's polygon: no value clicked
		}
	} else {
		names, ni, at := distinctIndex(in, 1)
		for _, n := range names {
			polys = append(polys, poly{name: n, vals: make([]any, len(spokes))})
		}
		points = make([]map[string]any, len(names))
		for k, r := range in.Rows {
			if points[at[k]] == nil {
				points[at[k]] = map[string]any{in.Columns[1].Key: r[1]}
			}
		}
		for _, r := range in.Rows {
			polys[ni[in.label(1, r[1])]].vals[si[in.label(0, r[0])]] = r[2]
		}
	}
	type radarValue struct {
		Name  string `json:"name"`
		Value []any  `json:"value"`
	}
	var data []radarValue
	for _, p := range polys {
		for i, v := range p.vals {
			if v == nil {
				p.vals[i] = 0
			}
			if number(v) > max[i] {
				max[i] = number(v)
			}
		}
		data = append(data, radarValue{Name: p.name, Value: p.vals})
	}
	ind := make([]*opts.Indicator, len(spokes))
	for i, s := range spokes {
		top := niceTop(max[i])
		ind[i] = &opts.Indicator{Name: s, Max: float32(top)}
	}
	f := in.format(dims)
	return &Option{
		Tooltip: itemTooltip(),
		Legend:  &opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "0"},
		Radar:   &opts.RadarComponent{Indicator: ind},
		Series:  []Series{{Type: "radar", Data: data, Tooltip: &Tooltip{ValueFormat: &f}}},
		Points:  [][]map[string]any{points},
	}, nil
}

// niceTop is the spoke's end: the max rounded up to five nice steps (1, 2,
// 2.5 or 5 × 10^k), so ECharts' five rings tick at readable values.
func niceTop(v float64) float64 {
	if v <= 0 {
		return 5
	}
	raw := v / 5
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw {
			return 5 * m * p
		}
	}
	return 50 * p
}
