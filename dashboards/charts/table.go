package charts

// Table lists the result as it is; pivot spreads the second dimension
// over the columns (first measure in the cells). Both are drawn by the
// page as HTML tables, not by ECharts.

func table(in Input) (*Option, error) {
	t := &Table{Rows: make([][]any, len(in.Rows))}
	for i, r := range in.Rows {
		t.Rows[i] = make([]any, len(r))
		for j, v := range r {
			if s, ok := v.(string); ok && in.Columns[j].Codes != nil {
				t.Rows[i][j] = in.label(j, s)
			} else {
				t.Rows[i][j] = v
			}
		}
	}
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
		cells[ri[in.label(0, r[0])]][ci[in.label(1, r[1])]+1] = r[2]
	}
	t.Rows = cells
	return &Option{Table: t}, nil
}
