package charts

import (
	"html"
	"sort"

	"github.com/go-echarts/go-echarts/v2/opts"

	"salesbi/i18n"
)

// Pie and funnel: one dimension names the slices, the first measure sizes
// them.
//
// A pie never cuts a label: the percentages sit inside the slices (those
// too thin for one are left to the legend), and the legend — scrolling
// under the pie, so it fits a phone — names every slice with its share.
// Slices under MinSliceShare, or past the MaxSlices largest, fold into one
// "others" slice (which does not drill). Tooltips give the formatted value
// and the share. A funnel keeps the stage order and labels each stage
// with its value and its share of the first stage.

const (
	// MaxSlices is the most slices a pie draws before folding the rest.
	MaxSlices = 7
	// MinSliceShare is the smallest share drawn as its own slice.
	MinSliceShare = 0.03
)

type slice struct {
	name  string
	value any
	point map[string]any
}

func slices(in Input, typ string) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, typ, "one dimension and at least one measure", dims == 1 && measures >= 1); err != nil {
		return nil, err
	}
	f := in.format(1)
	pct := FormatFor(UnitPercent, in.Currency, in.Locale)
	var items []slice
	others := i18n.T("其他", "Others").In(in.Locale)
	for k, r := range in.Rows {
		s := slice{name: in.label(0, r[0]), value: r[1], point: map[string]any{in.Columns[0].Key: r[0]}}
		if k == len(in.Rows)-1 && s.name == others {
			s.point = nil // the query's own "others" row
		}
		items = append(items, s)
	}
	series := Series{Name: label(in.Columns[1], in.Locale), Type: typ}
	var data []NameValue
	var points []map[string]any
	if typ == "pie" {
		items = foldSmall(items, others)
		var total float64
		for _, s := range items {
			if v := number(s.value); v > 0 {
				total += v
			}
		}
		for _, s := range items {
			share := 0.0
			if total > 0 {
				share = number(s.value) / total
			}
			p := pct.Text(share, -1)
			data = append(data, NameValue{Name: s.name + " " + p, Value: s.value,
				Tooltip: &ItemTooltip{Formatter: html.EscapeString(s.name) + "<br/>" + html.EscapeString(f.Text(s.value, -1)) + " (" + p + ")"}})
			points = append(points, s.point)
		}
		series.Radius = []string{"30%", "60%"}
		series.Center = []string{"50%", "44%"}
		series.Label = &Label{Label: opts.Label{Show: opts.Bool(true), Position: "inside", Formatter: "{d}%", Color: "#fff"}}
		series.LabelLine = &opts.LabelLine{Show: opts.Bool(false)}
		series.MinShowLabelAngle = 14
		series.PercentPrecision = 1
		series.Data = data
		return &Option{Tooltip: itemTooltip(),
			Legend: &opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0", Left: "center"},
			Series: []Series{series}, Points: [][]map[string]any{points}}, nil
	}
	first := 0.0
	if len(items) > 0 {
		first = number(items[0].value)
	}
	for _, s := range items {
		t := s.name + ": " + f.Text(s.value, -1)
		if first > 0 {
			t += " (" + pct.Text(number(s.value)/first, -1) + ")"
		}
		data = append(data, NameValue{Name: s.name, Value: s.value, Label: &ItemTooltip{Formatter: t},
			Tooltip: &ItemTooltip{Formatter: html.EscapeString(t)}})
		points = append(points, s.point)
	}
	series.Sort = "none"   // keep the stage order the SQL returned
	series.MinSize = "36%" // the last stage stays wide enough for its label
	series.Label = &Label{Label: opts.Label{Show: opts.Bool(true), Position: "inside"}}
	series.Data = data
	return &Option{Tooltip: itemTooltip(), Series: []Series{series}, Points: [][]map[string]any{points}}, nil
}

// foldSmall keeps the MaxSlices largest slices of at least MinSliceShare
// and folds the rest into one "others" slice at the end — when that folds
// at least two slices (one small slice is drawn as it is).
func foldSmall(items []slice, others string) []slice {
	var total float64
	for _, s := range items {
		if v := number(s.value); v > 0 {
			total += v
		}
	}
	if total <= 0 {
		return items
	}
	rank := make([]int, len(items))
	for i := range rank {
		rank[i] = i
	}
	sort.SliceStable(rank, func(a, b int) bool { return number(items[rank[a]].value) > number(items[rank[b]].value) })
	keep := make([]bool, len(items))
	for r, i := range rank {
		s := items[i]
		keep[i] = s.point != nil && r < MaxSlices && number(s.value)/total >= MinSliceShare
	}
	folded := 0
	for i := range items {
		if !keep[i] {
			folded++
		}
	}
	if folded < 2 {
		return items
	}
	var out []slice
	var rest float64
	restInt := true
	for i, s := range items {
		if keep[i] {
			out = append(out, s)
			continue
		}
		rest += number(s.value)
		if _, ok := s.value.(int64); !ok {
			restInt = false
		}
	}
	var v any = rest
	if restInt {
		v = int64(rest)
	}
	return append(out, slice{name: others, value: v})
}
