package query

import (
	"strconv"
	"strings"
)

// writer is the one writer of SQL text. It goes top to bottom through a
// select tree; placeholders are numbered at the moment an argument is
// written (goqu's placeHolderSQL), so $n always matches its position in
// args; the first error is kept (goqu's SetError) so builders read top to
// bottom.
type writer struct {
	b    strings.Builder
	args []any
	err  error
}

func (w *writer) sql(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

// arg binds v and writes its placeholder.
func (w *writer) arg(v any) {
	w.args = append(w.args, v)
	w.b.WriteString("$" + strconv.Itoa(len(w.args)))
}

func (w *writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *writer) list(es []Expr) {
	for i, e := range es {
		if i > 0 {
			w.sql(", ")
		}
		e.write(w)
	}
}

// quote writes a catalog or compiler name as a quoted identifier. Names
// are [a-z0-9_] (checked when the catalog is built), so no escaping is
// ever needed.
func quote(name string) string { return `"` + name + `"` }

// writeQuery writes a statement and returns its text and arguments.
func writeQuery(q *Query) (string, []any, error) {
	w := &writer{}
	w.b.Grow(768) // most charts' statements are 0.3–1 kB
	w.query(q)
	return w.b.String(), w.args, w.err
}

func (w *writer) query(q *Query) {
	if q.CreateTable != "" {
		w.sql("CREATE OR REPLACE TABLE ", q.CreateTable, " AS\n")
	}
	if len(q.With) > 0 {
		w.sql("WITH ")
		if q.Recursive {
			w.sql("RECURSIVE ")
		}
		for i, c := range q.With {
			if i > 0 {
				w.sql(",\n")
			}
			w.sql(c.Name)
			if len(c.Cols) > 0 {
				w.sql("(", strings.Join(c.Cols, ", "), ")")
			}
			w.sql(" AS (")
			if c.Sub != nil {
				w.query(c.Sub)
			} else {
				w.selectOn(c.Body, "  ", c.Body.Inline)
			}
			w.sql(")")
		}
		w.sql("\n")
	}
	w.selectOn(q.Body, "", q.Body.Inline)
}

// selectOn writes s; clauses start on a new line indented by ind, or
// follow on the same line when inline.
func (w *writer) selectOn(s *Select, ind string, inline bool) {
	nl := "\n" + ind
	if inline {
		nl = " "
	}
	w.sql("SELECT ")
	if len(s.Items) == 0 {
		w.sql("*")
	}
	for i, it := range s.Items {
		if i > 0 {
			w.sql(", ")
		}
		it.X.write(w)
		if it.As != "" {
			w.sql(" AS ", quote(it.As))
		}
	}
	if s.From != nil {
		w.sql(nl, "FROM ")
		w.rel(*s.From)
	}
	for _, j := range s.Joins {
		w.sql(nl, joinKeywords[j.Kind], " ")
		w.rel(j.Rel)
		w.sql(" ON ")
		j.On.write(w)
	}
	for i, c := range s.Where {
		if i == 0 {
			w.sql(nl, "WHERE ")
		} else {
			w.sql(nl, "  AND ")
		}
		c.write(w)
	}
	if s.GroupAll {
		w.sql(nl, "GROUP BY ALL")
	} else if len(s.GroupBy) > 0 {
		w.sql(nl, "GROUP BY ")
		w.list(s.GroupBy)
	}
	if len(s.OrderBy) > 0 {
		w.sql(nl, "ORDER BY ")
		w.orders(s.OrderBy)
	}
	if s.Limit != nil {
		w.sql(nl, "LIMIT ")
		s.Limit.write(w)
	}
	if s.Offset != nil {
		w.sql(nl, "OFFSET ")
		s.Offset.write(w)
	}
	if s.Union != nil {
		w.sql(" UNION ")
		w.selectOn(s.Union, ind, inline)
	}
}

func (w *writer) orders(keys []Order) {
	for i, o := range keys {
		if i > 0 {
			w.sql(", ")
		}
		o.X.write(w)
		if o.Desc {
			w.sql(" DESC")
		}
		if o.NullsLast {
			w.sql(" NULLS LAST")
		}
	}
}

var joinKeywords = map[JoinKind]string{LeftJoin: "LEFT JOIN", InnerJoin: "JOIN", FullJoin: "FULL OUTER JOIN"}

func (w *writer) rel(r Rel) {
	if r.Fn != nil {
		r.Fn.write(w)
		w.sql(" AS ", r.Alias, "(", strings.Join(r.Cols, ", "), ")")
		return
	}
	w.sql(r.Name)
	if r.Alias != "" {
		w.sql(" ", r.Alias)
	}
}

// sqlOf writes one expression alone (tests, error messages).
func sqlOf(e Expr) string {
	w := &writer{}
	e.write(w)
	return w.b.String()
}
