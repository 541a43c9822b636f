package charts

// Table lists the result as it is; pivot spreads the second dimension
// over the columns (first measure in the cells). Both are drawn by the
// page as HTML tables, not by ECharts: Rows keep the values (a coded value
// as its label), Cells write them as a chart would (money in the currency,
// durations in 小时/h, shares as %), Numeric marks the columns to align
// right.

func table(in Input) (*Option, error) {
	t := &Table{Rows: make([][]any, len(in.Rows)), Cells: make([][]string, len(in.Rows))}
	for i, r := range in.Rows {
		t.Rows[i] = make([]any, len(r))
		t.Cells[i] = make([]string, len(r))
		for j, v := range r {
			if s, ok := v.(string); ok && j < len(in.Columns) && in.Columns[j].Codes != nil {
				t.Rows[i][j] = in.label(j, s)
			} else {
				t.Rows[i][j] = v
			}
			t.Cells[i][j] = in.Cell(j, v)
		}
	}
	for j, c := range in.Columns {
		t.Header = append(t.Header, label(c, in.Locale))
		t.Numeric = append(t.Numeric, numericColumn(in, j))
	}
	return &Option{Table: t}, nil
}

// numericColumn: a measure, or a column whose values are all numbers.
func numericColumn(in Input, j int) bool {
	if in.Columns[j].Role == "measure" || ColumnUnit(in.Columns, j) != "" {
		return true
	}
	seen := false
	for _, r := range in.Rows {
		if j >= len(r) || r[j] == nil {
			continue
		}
		if _, ok := toFloat(r[j]); !ok {
			return false
		}
		seen = true
	}
	return seen
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
	text := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = make([]any, len(cols)+1)
		text[i] = make([]string, len(cols)+1)
		cells[i][0], text[i][0] = r, r
	}
	f := in.format(2)
	for _, r := range in.Rows {
		a, b := ri[in.label(0, r[0])], ci[in.label(1, r[1])]+1
		cells[a][b], text[a][b] = r[2], f.Text(r[2], -1)
	}
	for i := range text {
		for j := 1; j < len(text[i]); j++ {
			if cells[i][j] == nil {
				text[i][j] = ""
			}
		}
	}
	t.Rows, t.Cells = cells, text
	t.Numeric = make([]bool, len(cols)+1)
	for j := 1; j <= len(cols); j++ {
		t.Numeric[j] = true
	}
	return &Option{Table: t}, nil
}
