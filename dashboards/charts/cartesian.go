package charts

import (
	"fmt"
	"html"
	"sort"

	"github.com/go-echarts/go-echarts/v2/opts"

	"salesbi/i18n"
	"salesbi/query"
)

// Bar, stacked bar, line and area share one layout: the first dimension
// on the category axis; a second dimension becomes one series per value
// (per measure), otherwise each measure is a series. Readability rules:
//
//   - every category label is shown (interval 0), rotated when they do not
//     fit a phone's width and abbreviated with "…" (the tooltip has the
//     full text); a long time axis lets ECharts thin its dates instead;
//   - a bar of more than ManyCategories members (a region's 35 reps)
//     turns horizontal, sorted by value, BarPx-thick bars, with a Height
//     that makes the panel scroll rather than squeeze;
//   - measures in different units (a count and an amount) never share an
//     axis: each unit gets its own grid, one under the other (one beside
//     the other when horizontal) — no dual axis;
//   - a measure compared with an earlier period (Spec.Compare) draws this
//     period and the earlier one as two labelled series; the Δ % goes to
//     the tooltip, the Δ to the table;
//   - values, ticks and tooltips are written in the column's unit (money
//     in Input.Currency, shares as %, durations in 小时/h).

const (
	// ManyCategories is the most members a vertical bar shows; more turn it horizontal.
	ManyCategories = 12
	// BarPx is a horizontal bar's thickness: a phone's tap target.
	BarPx = 24
	// RowPx is a horizontal bar's row (bar and gap).
	RowPx = 34
	// phonePlotPx is the width category labels must fit on a 390 px phone.
	phonePlotPx = 330
	// labelPx is the widest a rotated or horizontal-bar label is drawn.
	labelPx = 112
	// manyTimeBuckets is the most time buckets labelled one by one.
	manyTimeBuckets = 16
)

// drawn is one measure as series: column m, or the earlier period's
// column of measure base (earlier set).
type drawn struct {
	col     int
	base    int // the measure the series belongs to (== col unless earlier)
	earlier bool
	unit    string
	pct     int // the Δ % column of this measure's first comparison, -1 if none
	cmpName string
}

// measuresToDraw lists the series' measures: plain measures and compare
// value columns, not the Δ and Δ % columns.
func measuresToDraw(in Input, first int) []drawn {
	var out []drawn
	for m := first; m < len(in.Columns); m++ {
		if in.Columns[m].Role != "measure" {
			continue
		}
		base, cmp, part, ok := compareOf(in.Columns, m)
		switch {
		case !ok:
			out = append(out, drawn{col: m, base: m, unit: ColumnUnit(in.Columns, m), pct: -1})
		case part == "":
			out = append(out, drawn{col: m, base: base, earlier: true, unit: ColumnUnit(in.Columns, base), pct: -1, cmpName: cmp})
		}
	}
	for i, d := range out {
		if d.earlier {
			continue
		}
		for m := d.col + 1; m < len(in.Columns); m++ {
			if b, cmp, part, ok := compareOf(in.Columns, m); ok && b == d.col && part == "_delta_pct" {
				out[i].pct, out[i].cmpName = m, cmp
				break
			}
		}
	}
	return out
}

// unitGroups gives each drawn measure its grid: one per unit, in order of
// first appearance.
func unitGroups(ds []drawn) (group []int, units []string) {
	idx := map[string]int{}
	for _, d := range ds {
		g, ok := idx[d.unit]
		if !ok {
			g = len(units)
			idx[d.unit] = g
			units = append(units, d.unit)
		}
		group = append(group, g)
	}
	return
}

func cartesian(in Input, typ string, stack, area bool) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, in.Kind, "at most two dimensions and at least one measure", dims <= 2 && measures >= 1); err != nil {
		return nil, err
	}
	if dims == 0 {
		return measureBars(in, typ, area)
	}
	ds := measuresToDraw(in, dims)
	group, units := unitGroups(ds)

	// Categories: the first dimension's values, with a raw value each for the drill.
	cats, _, catAt := distinctIndex(in, 0)
	catRaw := make([]any, len(cats))
	for k, r := range in.Rows {
		catRaw[catAt[k]] = r[0]
	}
	timeAxis := in.Columns[0].Kind == query.KindTime
	horizontal := typ == "bar" && !timeAxis && len(cats) > ManyCategories

	// Series: per drawn measure, or per (second-dimension value × drawn measure).
	type ser struct {
		name   string
		d      drawn
		group  int
		data   []any
		after  []string
		points []map[string]any
		second any // the second dimension's raw value
	}
	var series []*ser
	newSer := func(name string, di int, second any) *ser {
		s := &ser{name: name, d: ds[di], group: group[di], data: make([]any, len(cats)), points: make([]map[string]any, len(cats)), second: second}
		if ds[di].pct >= 0 {
			s.after = make([]string, len(cats))
		}
		return s
	}
	pctText := func(d drawn, v any) string {
		if v == nil {
			return ""
		}
		word := map[string]i18n.Text{"year_ago": i18n.T("同比", "YoY"), "previous": i18n.T("环比", "vs prev.")}[d.cmpName].In(in.Locale)
		f := FormatFor(UnitPercent, in.Currency, in.Locale)
		f.Sign = true
		return " · " + word + " " + f.Text(v, -1)
	}
	if dims == 1 {
		for di, d := range ds {
			s := newSer(label(in.Columns[d.col], in.Locale), di, nil)
			for k, r := range in.Rows {
				x := catAt[k]
				s.data[x] = r[d.col]
				if s.after != nil {
					s.after[x] = pctText(d, r[d.pct])
				}
			}
			series = append(series, s)
		}
	} else {
		names, _, sAt := distinctIndex(in, 1)
		secondRaw := make([]any, len(names))
		for k, r := range in.Rows {
			secondRaw[sAt[k]] = r[1]
		}
		byName := make([][]*ser, len(names))
		for i, n := range names {
			for di, d := range ds {
				name := n
				if len(ds) > 1 {
					name = n + " · " + label(in.Columns[d.col], in.Locale)
				}
				s := newSer(name, di, secondRaw[i])
				byName[i] = append(byName[i], s)
				series = append(series, s)
			}
		}
		for k, r := range in.Rows {
			x := catAt[k]
			for di, d := range ds {
				s := byName[sAt[k]][di]
				s.data[x] = r[d.col] // a point with no row stays nil: a gap, not a zero
				if s.after != nil {
					s.after[x] = pctText(d, r[d.pct])
				}
			}
		}
	}
	for _, s := range series {
		for x := range cats {
			p := map[string]any{in.Columns[0].Key: catRaw[x]}
			if dims == 2 {
				p[in.Columns[1].Key] = s.second
			}
			s.points[x] = p
		}
	}

	// A horizontal bar is sorted by value: the first group's series summed.
	order := make([]int, len(cats))
	for i := range order {
		order[i] = i
	}
	if horizontal {
		total := make([]float64, len(cats))
		for _, s := range series {
			if s.group == 0 && !s.d.earlier {
				for x, v := range s.data {
					total[x] += number(v)
				}
			}
		}
		sort.SliceStable(order, func(a, b int) bool { return total[order[a]] > total[order[b]] })
		cats = permute(cats, order)
		for _, s := range series {
			s.data = permute(s.data, order)
			s.points = permute(s.points, order)
			if s.after != nil {
				s.after = permute(s.after, order)
			}
		}
	}

	o := &Option{Tooltip: axisTooltip()}
	o.Tooltip.AxisPointer = &opts.AxisPointer{Type: "shadow"}
	if typ == "line" {
		o.Tooltip.AxisPointer = &opts.AxisPointer{Type: "line"}
	}
	legend := len(series) > 1
	if legend {
		o.Legend = &opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "0"}
	}
	top := 16
	if legend {
		top = 40
	}
	G := len(units)
	catLabel := categoryLabel(cats, timeAxis, horizontal)
	for g, u := range units {
		gr := grid()
		gr.Top = ""
		name := unitAxisName(in, ds, group, g)
		valAxisLabel := &AxisLabel{Format: axisFormat(FormatFor(u, in.Currency, in.Locale))}
		if horizontal {
			// grids side by side; the first one carries the category labels.
			w := 100 / G
			// the right margin leaves room for the value labels at the bars' ends.
			gr.Left, gr.Right, gr.Top, gr.Bottom = fmt.Sprintf("%d%%", g*w+1), fmt.Sprintf("%d%%", 100-(g+1)*w+14), fmt.Sprint(top+8), "8"
			if G == 1 && !legend {
				name = "" // the panel's title names the one measure; at the axis' start it would sit on the labels
			}
			lbl := *catLabel
			ya := YAxis{YAxis: opts.YAxis{Type: "category", Data: cats, GridIndex: g, Inverse: opts.Bool(true)}, AxisLabel: &lbl}
			if g > 0 {
				ya.YAxis.Show = opts.Bool(false)
			}
			o.YAxis = append(o.YAxis, ya)
			o.XAxis = append(o.XAxis, XAxis{XAxis: opts.XAxis{Type: "value", Name: name, NameLocation: "start", GridIndex: g}, AxisLabel: valAxisLabel})
		} else {
			// grids one under the other; the last one carries the category labels.
			h := (100 - 6) / G
			gr.Top = fmt.Sprintf("%d", top)
			if g > 0 {
				gr.Top = fmt.Sprintf("%d%%", 4+g*h)
			}
			if g < G-1 {
				gr.Height, gr.Bottom = fmt.Sprintf("%d%%", h-14), ""
			}
			lbl := *catLabel
			xa := XAxis{XAxis: opts.XAxis{Type: "category", Data: cats, GridIndex: g}, AxisLabel: &lbl}
			if g < G-1 {
				xa.AxisLabel = &AxisLabel{Show: opts.Bool(false)}
			}
			o.XAxis = append(o.XAxis, xa)
			o.YAxis = append(o.YAxis, YAxis{YAxis: opts.YAxis{Type: "value", Name: name, GridIndex: g}, AxisLabel: valAxisLabel})
		}
		o.Grid = append(o.Grid, gr)
	}
	if G > 1 && !horizontal {
		o.Height = 40 + 200*G
	}
	if horizontal {
		o.Height = top + 8 + RowPx*len(cats) + 48
	}

	labelled := typ == "bar" && !stack && len(series) <= 2
	for _, s := range series {
		f := in.format(s.d.col)
		f.After = s.after
		es := Series{Name: s.name, Type: typ, Data: s.data, Tooltip: &Tooltip{ValueFormat: &f}}
		if horizontal {
			es.XAxisIndex, es.YAxisIndex = s.group, s.group
			es.BarWidth = BarPx
			if len(series) > 2 {
				es.BarWidth = 0
				es.BarMaxWidth = BarPx
			}
		} else {
			es.XAxisIndex, es.YAxisIndex = s.group, s.group
			es.BarMaxWidth = 48
		}
		if stack {
			es.Stack = "total"
			if dims == 2 && len(ds) > 1 {
				es.Stack = in.Columns[s.d.col].Key // one stack per measure: every measure drawn
			}
		}
		if area {
			es.AreaStyle = &struct{}{}
		}
		if s.d.earlier {
			if typ == "line" {
				es.LineStyle = &opts.LineStyle{Type: "dashed"}
				es.AreaStyle = nil
			} else {
				es.ItemStyle = &opts.ItemStyle{Opacity: opts.Float(0.55)}
			}
		}
		if labelled {
			lf := f
			lf.After = nil
			pos := "top"
			if horizontal {
				pos = "right"
			}
			es.Label = &Label{Label: opts.Label{Show: opts.Bool(true), Position: pos}, Format: &lf}
		}
		o.Series = append(o.Series, es)
		o.Points = append(o.Points, s.points)
	}
	return o, nil
}

// unitAxisName names a grid's value axis: its one measure's label, else
// the unit's word.
func unitAxisName(in Input, ds []drawn, group []int, g int) string {
	var cols []int
	for i, d := range ds {
		if group[i] == g && !d.earlier {
			cols = append(cols, d.col)
		}
	}
	if len(cols) == 1 {
		return label(in.Columns[cols[0]], in.Locale)
	}
	switch ds[indexOf(group, g)].unit {
	case UnitMoney:
		return i18n.T("金额", "Amount").In(in.Locale) + " (" + trimSpace(Symbol(in.Currency, in.Locale)) + ")"
	case UnitPercent:
		return "%"
	case UnitHours:
		return i18n.T("小时", "hours").In(in.Locale)
	case UnitDays:
		return i18n.T("天", "days").In(in.Locale)
	}
	return ""
}

func indexOf(xs []int, v int) int {
	for i, x := range xs {
		if x == v {
			return i
		}
	}
	return 0
}

func trimSpace(s string) string {
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

func permute[T any](xs []T, order []int) []T {
	out := make([]T, len(order))
	for i, j := range order {
		out[i] = xs[j]
	}
	return out
}

// textPx estimates a label's width at ECharts' 12 px: a CJK character is
// 12 px, another about 7.
func textPx(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 12
		} else {
			w += 7
		}
	}
	return w
}

// categoryLabel is the category axis' label rule.
func categoryLabel(cats []string, timeAxis, horizontal bool) *AxisLabel {
	zero := 0
	if horizontal {
		return &AxisLabel{Interval: &zero, Width: labelPx, Overflow: "truncate", Ellipsis: "…"}
	}
	if timeAxis && len(cats) > manyTimeBuckets {
		return &AxisLabel{HideOverlap: true} // dates thin out; the tooltip names each bucket
	}
	widest := 0
	for _, c := range cats {
		widest = max(widest, textPx(c))
	}
	l := &AxisLabel{Interval: &zero}
	if len(cats) > 0 && (widest+8)*len(cats) > phonePlotPx {
		l.Rotate = 40
		l.Width, l.Overflow, l.Ellipsis = labelPx, "truncate", "…"
		if len(cats) > 8 {
			l.Rotate = 60
		}
	}
	return l
}

// measureBars draws a result without dimensions: the measures are the
// categories, one grid per unit (a count beside an amount would be a
// flat line under a tall bar).
func measureBars(in Input, typ string, area bool) (*Option, error) {
	ds := measuresToDraw(in, 0)
	group, units := unitGroups(ds)
	o := &Option{Tooltip: &Tooltip{Tooltip: opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}}}
	G := len(units)
	for g, u := range units {
		var names []string
		var data []any
		var pts []map[string]any
		var cells []string
		for i, d := range ds {
			if group[i] != g {
				continue
			}
			names = append(names, label(in.Columns[d.col], in.Locale))
			var v any
			if len(in.Rows) > 0 {
				v = in.Rows[0][d.col]
			}
			data = append(data, v)
			pts = append(pts, map[string]any{})
			cells = append(cells, html.EscapeString(names[len(names)-1])+": "+in.format(d.col).Text(v, -1))
		}
		items := make([]any, len(data))
		for i, v := range data {
			items[i] = map[string]any{"value": v, "tooltip": ItemTooltip{Formatter: cells[i]}}
		}
		w := 100 / G
		gr := grid()
		gr.Left, gr.Right = fmt.Sprintf("%d%%", g*w+2), fmt.Sprintf("%d%%", 100-(g+1)*w+2)
		gr.Top = "16"
		o.Grid = append(o.Grid, gr)
		zero := 0
		o.XAxis = append(o.XAxis, XAxis{XAxis: opts.XAxis{Type: "category", Data: names, GridIndex: g}, AxisLabel: &AxisLabel{Interval: &zero, Width: labelPx, Overflow: "truncate", Ellipsis: "…"}})
		o.YAxis = append(o.YAxis, YAxis{YAxis: opts.YAxis{Type: "value", GridIndex: g}, AxisLabel: &AxisLabel{Format: axisFormat(FormatFor(u, in.Currency, in.Locale))}})
		f := FormatFor(u, in.Currency, in.Locale)
		s := Series{Type: typ, Data: items, XAxisIndex: g, YAxisIndex: g, BarMaxWidth: 48,
			Label: &Label{Label: opts.Label{Show: opts.Bool(true), Position: "top"}, Format: &f}}
		if area {
			s.AreaStyle = &struct{}{}
		}
		o.Series = append(o.Series, s)
		o.Points = append(o.Points, pts)
	}
	return o, nil
}
