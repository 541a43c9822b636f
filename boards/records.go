package boards

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/model"
	"salesbi/query"
)

// recordStreamer is the query engine's streaming of a whole record set
// (Engine.StreamRecords, being added in query/). Until the engine has it,
// the CSV is the first query.MaxRecords records of one listing.
type recordStreamer interface {
	StreamRecords(ctx context.Context, s query.Spec, id model.Identity, locale string, now time.Time, each func(row []any) error) error
}

// pageSize is the records level's rows per page.
func (r RecordsPage) pageSize() int {
	if r.Size > 0 {
		return r.Size
	}
	return DefaultPageSize
}

func (r RecordsPage) page() int {
	if r.Page > 0 {
		return r.Page
	}
	return 1
}

// sorted is the records spec in the chosen order (a column key of the
// listing; the engine rejects any other).
func sorted(spec query.Spec, rp RecordsPage) query.Spec {
	if rp.Sort != "" {
		spec.Sort = []query.SortKey{{Column: rp.Sort, Desc: rp.Desc}}
	}
	return spec
}

// setOffset sets Spec.Offset where the query engine has it (being added
// in query/: records from that row on); false when it has not.
func setOffset(spec *query.Spec, n int) bool {
	f := reflect.ValueOf(spec).Elem().FieldByName("Offset")
	if !f.IsValid() || !f.CanSet() || !f.CanInt() {
		return false
	}
	f.SetInt(int64(n))
	return true
}

// recordsPage answers a records level: the page of the chosen order and
// the total from a count over the same filters (and the same row
// restriction).
func (s *Service) recordsPage(ctx context.Context, r Request, spec query.Spec, now time.Time, pa *PanelAnswer) error {
	rp := r.Records
	size, page := rp.pageSize(), rp.page()
	spec = sorted(spec, rp)
	offset := (page - 1) * size
	listing := spec
	skip := 0
	inEngine := setOffset(&listing, offset)
	if inEngine {
		listing.Limit = &query.Limit{N: size}
	} else {
		// No offset in the engine yet: list up to query.MaxRecords, order
		// them here (the engine's listings may not honour the sort yet)
		// and cut the page out.
		listing.Limit = &query.Limit{N: query.MaxRecords}
		skip = offset
	}
	count := query.Spec{Dataset: spec.Dataset, Filters: spec.Filters, Measures: []query.Measure{{Agg: "count"}}}
	var total int64
	cres, err := s.Query.RunAt(ctx, count, r.Identity, r.Locale, now)
	if err != nil {
		return err
	}
	if len(cres.Rows) == 1 {
		total, _ = cres.Rows[0][0].(int64)
	}
	res, err := s.Query.RunAt(ctx, listing, r.Identity, r.Locale, now)
	if err != nil {
		return err
	}
	rows := res.Rows
	if !inEngine {
		rows = sortRows(res.Columns, rows, rp)
	}
	if skip >= len(rows) {
		rows = [][]any{}
	} else {
		rows = rows[skip:]
	}
	if len(rows) > size {
		rows = rows[:size]
	}
	pa.Spec = spec
	pa.Columns, pa.Rows, pa.Rollup, pa.Cached = res.Columns, rows, res.Rollup, res.Cached && cres.Cached
	pa.Total, pa.Page, pa.Elapsed = total, page, res.ElapsedMS+cres.ElapsedMS
	return nil
}

// sortRows orders a copy of the rows by the chosen column (nulls last),
// stably, for an engine without offsets.
func sortRows(cols []query.Column, rows [][]any, rp RecordsPage) [][]any {
	idx := -1
	for i, c := range cols {
		if c.Key == rp.Sort {
			idx = i
		}
	}
	if idx < 0 {
		return rows
	}
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b []any) int {
		x, y := a[idx], b[idx]
		switch {
		case x == nil && y == nil:
			return 0
		case x == nil:
			return 1
		case y == nil:
			return -1
		}
		c := compareValues(x, y)
		if rp.Desc {
			c = -c
		}
		return c
	})
	return out
}

func compareValues(x, y any) int {
	switch a := x.(type) {
	case int64:
		if b, ok := y.(int64); ok {
			return cmp.Compare(a, b)
		}
		if b, ok := y.(float64); ok {
			return cmp.Compare(float64(a), b)
		}
	case float64:
		if b, ok := y.(float64); ok {
			return cmp.Compare(a, b)
		}
		if b, ok := y.(int64); ok {
			return cmp.Compare(a, float64(b))
		}
	case bool:
		if b, ok := y.(bool); ok {
			switch {
			case a == b:
				return 0
			case !a:
				return -1
			}
			return 1
		}
	case string:
		if b, ok := y.(string); ok {
			// Instants are RFC 3339 in the business zone: text order is time order.
			return strings.Compare(a, b)
		}
	}
	return strings.Compare(fmt.Sprint(x), fmt.Sprint(y))
}

// RecordsCSV writes the whole record set of the request's drilled records
// level as CSV for Excel: a UTF-8 byte order mark, the header in the
// caller's language, codes by their labels. The request must drill one
// panel down to its records.
func (s *Service) RecordsCSV(ctx context.Context, r Request, w io.Writer) error {
	spec, err := s.RecordsSpec(r)
	if err != nil {
		return err
	}
	now, err := s.viewInstant(r.AsOf)
	if err != nil {
		return err
	}
	cal := s.calAt(now)
	p, err := query.ValidateWith(spec, r.Identity, cal, r.Locale, query.Options{Holidays: s.Query.Holidays})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\xEF\xBB\xBF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(p.Columns))
	for i, c := range p.Columns {
		header[i] = c.Label.In(r.Locale)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(p.Columns))
	each := func(row []any) error {
		for i, v := range row {
			rec[i] = csvValue(p.Columns[i], v, r.Locale)
		}
		return cw.Write(rec)
	}
	if st, ok := any(s.Query).(recordStreamer); ok {
		err = st.StreamRecords(ctx, spec, r.Identity, r.Locale, now, each)
	} else {
		spec.Limit = &query.Limit{N: query.MaxRecords}
		var res *query.Result
		if res, err = s.Query.RunAt(ctx, spec, r.Identity, r.Locale, now); err == nil {
			for _, row := range sortRows(res.Columns, res.Rows, r.Records) {
				if err = each(row); err != nil {
					break
				}
			}
		}
	}
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// RecordsSpec is the spec of the request's drilled records level, with
// the board's filters applied and in the chosen order.
func (s *Service) RecordsSpec(r Request) (query.Spec, error) {
	notRecords := apperr.New(apperr.BadInput, i18n.T("只有下钻到明细的面板可以导出", "only a panel drilled down to its records can be exported").In(r.Locale),
		"drill: "+i18n.T("需要 drill=面板 与到明细为止的 at=…", "needs drill=panel and the at=… points down to the records").In(r.Locale))
	if r.Drill == nil {
		return query.Spec{}, notRecords
	}
	now, err := s.viewInstant(r.AsOf)
	if err != nil {
		return query.Spec{}, err
	}
	sel := s.selection(r)
	for _, p := range r.Board.Panels {
		if p.ID != r.Drill.Panel {
			continue
		}
		spec, _ := r.Board.PanelSpec(p, sel)
		d, err := drillDown(spec, r.Drill.Points, r.Locale, s.calAt(now))
		if err != nil {
			return query.Spec{}, err
		}
		if !d.Spec.Records {
			return query.Spec{}, notRecords
		}
		return sorted(d.Spec, r.Records), nil
	}
	return query.Spec{}, notRecords
}

// csvValue is one cell: codes by their label, numbers as Go prints them
// (no thousands separators: Excel reads them as numbers).
func csvValue(c query.Column, v any, locale string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if l, ok := c.Codes[x]; ok {
			return l.In(locale)
		}
		return x
	case bool:
		if x {
			return i18n.T("是", "yes").In(locale)
		}
		return i18n.T("否", "no").In(locale)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
