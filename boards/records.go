package boards

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/query"
)

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

// recordsPage answers a records level: the page of the chosen order
// (sorted, offset and limited in the engine) and the total from the
// engine's count over the same filters, row restriction and instant.
func (s *Service) recordsPage(ctx context.Context, r Request, spec query.Spec, now time.Time, pa *PanelAnswer) error {
	rp := r.Records
	size, page := rp.pageSize(), rp.page()
	spec = sorted(spec, rp)
	listing := spec
	listing.Offset = (page - 1) * size
	listing.Limit = &query.Limit{N: size}
	start := time.Now()
	total, err := s.Query.RecordCount(ctx, spec, r.Identity, r.Locale, now)
	if err != nil {
		return err
	}
	countMS := float64(time.Since(start).Microseconds()) / 1000
	res, err := s.Query.RunAt(ctx, listing, r.Identity, r.Locale, now)
	if err != nil {
		return err
	}
	rows := res.Rows
	if rows == nil {
		rows = [][]any{}
	}
	pa.Spec = spec
	pa.Columns, pa.Rows, pa.Rollup, pa.Cached = res.Columns, rows, res.Rollup, res.Cached
	pa.Total, pa.Page, pa.Elapsed = total, page, res.ElapsedMS+countMS
	return nil
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
	each := func(_ []query.Column, row []any) error {
		for i, v := range row {
			rec[i] = csvValue(p.Columns[i], v, r.Locale)
		}
		return cw.Write(rec)
	}
	if err := s.Query.StreamRecords(ctx, spec, r.Identity, r.Locale, now, each); err != nil {
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
