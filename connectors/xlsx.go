package connectors

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"salesbi/config"
)

// xlsxSource reads one sheet of a workbook (the table's sheet, or the
// first) through excelize's streaming row reader, raw cell values (numbers
// unformatted, dates as serials the converters understand).
type xlsxSource struct {
	path string
	loc  *time.Location
}

func openXLSX(ctx context.Context, name string, s config.Source, loc *time.Location) (Source, error) {
	if _, err := os.Stat(s.Path); err != nil {
		return nil, fmt.Errorf("sources.%s.path: %w", name, err)
	}
	return &xlsxSource{path: s.Path, loc: loc}, nil
}

func (x *xlsxSource) Close() error { return nil }

func (x *xlsxSource) open(t config.Table) (*excelize.File, *excelize.Rows, string, []string, error) {
	f, err := excelize.OpenFile(x.path)
	if err != nil {
		return nil, nil, "", nil, fmt.Errorf("%s is not a readable .xlsx workbook: %w", x.path, err)
	}
	sheets := f.GetSheetList()
	sheet := t.Sheet
	if sheet == "" && len(sheets) > 0 {
		sheet = sheets[0]
	}
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		f.Close()
		return nil, nil, "", nil, fmt.Errorf("%s has no sheet %q (sheets: %s)", x.path, sheet, strings.Join(sheets, ", "))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, nil, "", nil, fmt.Errorf("%s sheet %q: %w", x.path, sheet, err)
	}
	where := fmt.Sprintf("%s sheet %q", x.path, sheet)
	if !rows.Next() {
		rows.Close()
		f.Close()
		return nil, nil, "", nil, fmt.Errorf("%s is empty: want a header row of column names", where)
	}
	header, err := rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		rows.Close()
		f.Close()
		return nil, nil, "", nil, fmt.Errorf("%s: reading the header: %w", where, err)
	}
	return f, rows, where, header, nil
}

func (x *xlsxSource) Describe(ctx context.Context, t config.Table) ([]SourceColumn, error) {
	f, rows, _, header, err := x.open(t)
	if err != nil {
		return nil, err
	}
	rows.Close()
	f.Close()
	return describeHeader(header), nil
}

func (x *xlsxSource) Read(ctx context.Context, q Query) (Rows, error) {
	f, rows, where, header, err := x.open(q.Table)
	if err != nil {
		return nil, err
	}
	n := int64(1)
	next := func() ([]string, int64, error) {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		if !rows.Next() {
			return nil, 0, rows.Error()
		}
		n++
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, 0, fmt.Errorf("%s row %d: %w", where, n, err)
		}
		return rec, n, nil
	}
	closeAll := func() error { rows.Close(); return f.Close() }
	r, err := newFileRows(where, header, q, x.loc, next, closeAll)
	if err != nil {
		_ = closeAll() // the error worth reporting is newFileRows'
		return nil, err
	}
	return r, nil
}
