package connectors

import (
	"fmt"
	"strings"
	"time"
)

// fileRows adapts a file's rows of text (CSV records, sheet rows) to Rows:
// it picks the queried columns by header name and, for an incremental
// query, keeps rows at or after Since (files have no WHERE).
type fileRows struct {
	next    func() ([]string, int64, error) // record, its line/row number; nil record at the end
	close   func() error
	idx     []int // header position of each queried column
	vals    []any
	row     int64
	err     error
	inc     int // position in idx of the incremental column, -1 if none
	since   *time.Time
	incConv converter
	where   string
}

func newFileRows(where string, header []string, q Query, loc *time.Location, next func() ([]string, int64, error), close func() error) (*fileRows, error) {
	r := &fileRows{next: next, close: close, vals: make([]any, len(q.Columns)), inc: -1, since: q.Since, where: where}
	for i, c := range q.Columns {
		pos := headerIndex(header, c)
		if pos < 0 {
			return nil, fmt.Errorf("%s has no column %q (columns: %s)", where, c, strings.Join(header, ", "))
		}
		r.idx = append(r.idx, pos)
		if q.Since != nil && strings.EqualFold(c, q.Incremental) {
			r.inc = i
		}
	}
	if q.Since != nil {
		if r.inc < 0 {
			return nil, fmt.Errorf("%s: incremental column %q is not read", where, q.Incremental)
		}
		r.incConv = timeConverter("", loc)
	}
	return r, nil
}

func headerIndex(header []string, name string) int {
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i
		}
	}
	return -1
}

func (r *fileRows) Next() bool {
	for r.err == nil {
		rec, line, err := r.next()
		if err != nil {
			r.err = err
			return false
		}
		if rec == nil {
			return false
		}
		r.row = line
		blank := true
		for i, pos := range r.idx {
			v := ""
			if pos < len(rec) {
				v = rec[pos]
			}
			blank = blank && strings.TrimSpace(v) == ""
			r.vals[i] = v
		}
		if blank {
			continue // trailing empty lines of spreadsheets
		}
		if r.since != nil {
			t, err := r.incConv(r.vals[r.inc])
			if err != nil {
				r.err = fmt.Errorf("%s row %d: incremental column: %w", r.where, line, err)
				return false
			}
			if t == nil || t.(time.Time).Before(*r.since) {
				continue
			}
		}
		return true
	}
	return false
}

func (r *fileRows) Values() []any { return r.vals }
func (r *fileRows) Row() int64    { return r.row }
func (r *fileRows) Err() error    { return r.err }
func (r *fileRows) Close() error  { return r.close() }

// fileTable is what both file kinds share: a header to describe.
func describeHeader(header []string) []SourceColumn {
	out := make([]SourceColumn, 0, len(header))
	for _, h := range header {
		out = append(out, SourceColumn{Name: strings.TrimSpace(h), Type: "text"})
	}
	return out
}
