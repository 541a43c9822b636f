package charts

import "github.com/go-echarts/go-echarts/v2/opts"

// Pie and funnel: one dimension names the slices, the first measure sizes them.

func slices(in Input, typ string) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, typ, "one dimension and at least one measure", dims == 1 && measures >= 1); err != nil {
		return nil, err
	}
	data := make([]NameValue, len(in.Rows))
	for i, r := range in.Rows {
		data[i] = NameValue{Name: in.label(0, r[0]), Value: r[1]}
	}
	s := Series{Name: label(in.Columns[1], in.Locale), Type: typ, Data: data,
		Label: &opts.Label{Show: opts.Bool(true), Formatter: "{b}: {c}"}}
	if typ == "pie" {
		s.Radius = []string{"35%", "65%"}
	} else {
		s.Sort = "none" // keep the stage order the SQL returned
	}
	return &Option{Tooltip: itemTooltip(), Legend: &opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "0"}, Series: []Series{s}}, nil
}
