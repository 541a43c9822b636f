package charts

// Table lists the result as it is; pivot spreads the second dimension
// over the columns (first measure in the cells). Both are drawn by the
// page as HTML tables, not by ECharts.
func init() {
	register("table", table)
	register("pivot", pivot)
}

func table(in Input) (*Option, error) {
	t := &Table{Rows: in.Rows}
	for _, c := range in.Columns {
		t.Header = append(t.Header, label(c, in.Locale))
	}
	return &Option{Table: t}, nil
}

func pivot(in Input) (*Option, error) {
	dims, measures := shape(in)
	if err := needShape(in, "pivot", "two dimensions and a measure", dims == 2 && measures >= 1); err != nil {
		return nil, err
	}
	rows, ri := distinct(in, 0)
	cols, ci := distinct(in, 1)
	t := &Table{Header: append([]string{label(in.Columns[0], in.Locale) + " \\ " + label(in.Columns[1], in.Locale)}, cols...)}
	cells := make([][]any, len(rows))
	for i, r := range rows {
		cells[i] = make([]any, len(cols)+1)
		cells[i][0] = r
	}
	for _, r := range in.Rows {
		cells[ri[text(r[0], in.Locale)]][ci[text(r[1], in.Locale)]+1] = r[2]
	}
	t.Rows = cells
	return &Option{Table: t}, nil
}
