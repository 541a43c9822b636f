package query

import (
	"strconv"
	"strings"
)

// Expressions are small typed trees, never SQL text: a rewrite can list the
// alias.columns an expression reads (cols) and point them elsewhere
// (mapCols), and the one writer (write.go) turns them into DuckDB SQL. The
// only text in them is catalog text — identifiers checked by isIdent,
// function and type names, literals written in the catalog — and values
// from a spec only ever enter as an Arg, a numbered placeholder.
type Expr interface {
	write(w *writer)
	// mapCols returns the expression with every catalog column c replaced
	// by f(c); nodes without columns return themselves.
	mapCols(f func(Col) Expr) Expr
	// eachCol calls f for every catalog column, in writing order.
	eachCol(f func(Col))
}

// Col is a catalog column, alias.name (name alone when Alias is empty),
// written unquoted: both parts are [a-z0-9_].
type Col struct{ Alias, Name string }

// Ref is a column the compiler named (an output key, a partial): written
// quoted, qualified by Qual when set.
type Ref struct{ Qual, Name string }

// Num is a numeric literal from the catalog or the compiler (60.0, 1).
type Num string

// Str is a string literal from the catalog ('C', 'minute').
type Str string

// Null is the NULL literal; Star is the * of count(*).
type (
	Null struct{}
	Star struct{}
)

// Arg is a bound value; its placeholder is numbered when it is written.
type Arg struct{ V any }

// Cast is CAST(X AS To), or TRY_CAST when Try.
type Cast struct {
	X   Expr
	To  string
	Try bool
}

// Call is a function call fn(args…); Distinct gives count(DISTINCT x).
type Call struct {
	Fn       string
	Args     []Expr
	Distinct bool
}

// Bin is L op R (=, <>, >, <, >=, <=, /, AND, LIKE).
type Bin struct {
	Op   string
	L, R Expr
}

// Paren keeps the catalog's parentheses around an expression.
type Paren struct{ X Expr }

// IsNull is X IS NULL, or X IS NOT NULL when Not.
type IsNull struct {
	X   Expr
	Not bool
}

// In is X [NOT] IN (list…).
type In struct {
	X    Expr
	List []Expr
	Not  bool
}

// InSelect is X IN (SELECT …).
type InSelect struct {
	X   Expr
	Sub *Select
}

// Between is X BETWEEN Lo AND Hi.
type Between struct{ X, Lo, Hi Expr }

// Case is CASE WHEN … THEN … [ELSE …] END.
type Case struct {
	Whens []When
	Else  Expr // nil: no ELSE
}

// When is one branch of a Case.
type When struct{ Cond, Then Expr }

// Over is a window function: X OVER ([PARTITION BY …] [ORDER BY …]);
// with neither, the window is the whole result (a share's total).
type Over struct {
	X           Expr
	PartitionBy []Expr
	OrderBy     []Order
}

// Interval is INTERVAL N Unit, Unit a compiler word (DAY, MONTH …).
type Interval struct {
	N    int
	Unit string
}

// Scalar is a one-value subquery, (SELECT …).
type Scalar struct{ S *Select }

func (i Interval) write(w *writer) { w.sql("INTERVAL ", strconv.Itoa(i.N), " ", i.Unit) }
func (s Scalar) write(w *writer)   { w.sql("("); w.selectOn(s.S, "", true); w.sql(")") }

func (i Interval) mapCols(func(Col) Expr) Expr { return i }

// A subquery's columns belong to its own relations.
func (s Scalar) mapCols(func(Col) Expr) Expr { return s }
func (Interval) eachCol(func(Col))           {}
func (Scalar) eachCol(func(Col))             {}

func (c Col) write(w *writer) {
	if c.Alias != "" {
		w.sql(c.Alias, ".")
	}
	w.sql(c.Name)
}
func (r Ref) write(w *writer) {
	if r.Qual != "" {
		w.sql(r.Qual, ".")
	}
	w.sql(quote(r.Name))
}
func (n Num) write(w *writer)   { w.sql(string(n)) }
func (s Str) write(w *writer)   { w.sql("'", strings.ReplaceAll(string(s), "'", "''"), "'") }
func (Null) write(w *writer)    { w.sql("NULL") }
func (Star) write(w *writer)    { w.sql("*") }
func (a Arg) write(w *writer)   { w.arg(a.V) }
func (p Paren) write(w *writer) { w.sql("("); p.X.write(w); w.sql(")") }
func (o Over) write(w *writer) {
	o.X.write(w)
	w.sql(" OVER (")
	if len(o.PartitionBy) > 0 {
		w.sql("PARTITION BY ")
		w.list(o.PartitionBy)
	}
	if len(o.OrderBy) > 0 {
		if len(o.PartitionBy) > 0 {
			w.sql(" ")
		}
		w.sql("ORDER BY ")
		w.orders(o.OrderBy)
	}
	w.sql(")")
}
func (c Cast) write(w *writer) {
	if c.Try {
		w.sql("TRY_")
	}
	w.sql("CAST(")
	c.X.write(w)
	w.sql(" AS ", c.To, ")")
}
func (c Call) write(w *writer) {
	w.sql(c.Fn, "(")
	if c.Distinct {
		w.sql("DISTINCT ")
	}
	w.list(c.Args)
	w.sql(")")
}
func (b Bin) write(w *writer) {
	b.L.write(w)
	w.sql(" ", b.Op, " ")
	b.R.write(w)
}
func (n IsNull) write(w *writer) {
	n.X.write(w)
	if n.Not {
		w.sql(" IS NOT NULL")
	} else {
		w.sql(" IS NULL")
	}
}
func (in In) write(w *writer) {
	in.X.write(w)
	if in.Not {
		w.sql(" NOT")
	}
	w.sql(" IN (")
	w.list(in.List)
	w.sql(")")
}
func (in InSelect) write(w *writer) {
	in.X.write(w)
	w.sql(" IN (")
	w.selectOn(in.Sub, "", true)
	w.sql(")")
}
func (b Between) write(w *writer) {
	b.X.write(w)
	w.sql(" BETWEEN ")
	b.Lo.write(w)
	w.sql(" AND ")
	b.Hi.write(w)
}
func (c Case) write(w *writer) {
	w.sql("CASE")
	for _, wh := range c.Whens {
		w.sql(" WHEN ")
		wh.Cond.write(w)
		w.sql(" THEN ")
		wh.Then.write(w)
	}
	if c.Else != nil {
		w.sql(" ELSE ")
		c.Else.write(w)
	}
	w.sql(" END")
}

func (c Col) mapCols(f func(Col) Expr) Expr { return f(c) }
func (r Ref) mapCols(func(Col) Expr) Expr   { return r }
func (n Num) mapCols(func(Col) Expr) Expr   { return n }
func (s Str) mapCols(func(Col) Expr) Expr   { return s }
func (n Null) mapCols(func(Col) Expr) Expr  { return n }
func (s Star) mapCols(func(Col) Expr) Expr  { return s }
func (a Arg) mapCols(func(Col) Expr) Expr   { return a }
func (p Paren) mapCols(f func(Col) Expr) Expr {
	return Paren{p.X.mapCols(f)}
}
func (o Over) mapCols(f func(Col) Expr) Expr {
	out := Over{X: o.X.mapCols(f), PartitionBy: mapAll(o.PartitionBy, f)}
	for _, k := range o.OrderBy {
		out.OrderBy = append(out.OrderBy, Order{X: k.X.mapCols(f), Desc: k.Desc, NullsLast: k.NullsLast})
	}
	return out
}
func (c Cast) mapCols(f func(Col) Expr) Expr {
	return Cast{X: c.X.mapCols(f), To: c.To, Try: c.Try}
}
func (c Call) mapCols(f func(Col) Expr) Expr {
	return Call{Fn: c.Fn, Args: mapAll(c.Args, f), Distinct: c.Distinct}
}
func (b Bin) mapCols(f func(Col) Expr) Expr {
	return Bin{Op: b.Op, L: b.L.mapCols(f), R: b.R.mapCols(f)}
}
func (n IsNull) mapCols(f func(Col) Expr) Expr { return IsNull{X: n.X.mapCols(f), Not: n.Not} }
func (in In) mapCols(f func(Col) Expr) Expr {
	return In{X: in.X.mapCols(f), List: mapAll(in.List, f), Not: in.Not}
}

// A subquery's columns belong to its own relations: only X is mapped.
func (in InSelect) mapCols(f func(Col) Expr) Expr { return InSelect{X: in.X.mapCols(f), Sub: in.Sub} }
func (b Between) mapCols(f func(Col) Expr) Expr {
	return Between{X: b.X.mapCols(f), Lo: b.Lo.mapCols(f), Hi: b.Hi.mapCols(f)}
}
func (c Case) mapCols(f func(Col) Expr) Expr {
	out := Case{Whens: make([]When, len(c.Whens))}
	for i, wh := range c.Whens {
		out.Whens[i] = When{Cond: wh.Cond.mapCols(f), Then: wh.Then.mapCols(f)}
	}
	if c.Else != nil {
		out.Else = c.Else.mapCols(f)
	}
	return out
}

func mapAll(es []Expr, f func(Col) Expr) []Expr {
	out := make([]Expr, len(es))
	for i, e := range es {
		out[i] = e.mapCols(f)
	}
	return out
}

func (c Col) eachCol(f func(Col))   { f(c) }
func (Ref) eachCol(func(Col))       {}
func (Num) eachCol(func(Col))       {}
func (Str) eachCol(func(Col))       {}
func (Null) eachCol(func(Col))      {}
func (Star) eachCol(func(Col))      {}
func (Arg) eachCol(func(Col))       {}
func (p Paren) eachCol(f func(Col)) { p.X.eachCol(f) }
func (o Over) eachCol(f func(Col)) {
	o.X.eachCol(f)
	eachAll(o.PartitionBy, f)
	for _, k := range o.OrderBy {
		k.X.eachCol(f)
	}
}
func (c Cast) eachCol(f func(Col))      { c.X.eachCol(f) }
func (c Call) eachCol(f func(Col))      { eachAll(c.Args, f) }
func (b Bin) eachCol(f func(Col))       { b.L.eachCol(f); b.R.eachCol(f) }
func (n IsNull) eachCol(f func(Col))    { n.X.eachCol(f) }
func (in In) eachCol(f func(Col))       { in.X.eachCol(f); eachAll(in.List, f) }
func (in InSelect) eachCol(f func(Col)) { in.X.eachCol(f) }
func (b Between) eachCol(f func(Col))   { b.X.eachCol(f); b.Lo.eachCol(f); b.Hi.eachCol(f) }
func (c Case) eachCol(f func(Col)) {
	for _, wh := range c.Whens {
		wh.Cond.eachCol(f)
		wh.Then.eachCol(f)
	}
	if c.Else != nil {
		c.Else.eachCol(f)
	}
}

func eachAll(es []Expr, f func(Col)) {
	for _, e := range es {
		e.eachCol(f)
	}
}

// cols lists the catalog columns an expression reads, in writing order.
func cols(e Expr) []Col {
	var out []Col
	e.eachCol(func(c Col) { out = append(out, c) })
	return out
}

// Small constructors that keep the catalog and the builders readable.

func fn(name string, args ...Expr) Call { return Call{Fn: name, Args: args} }
func eq(l, r Expr) Bin                  { return Bin{Op: "=", L: l, R: r} }
func and(l, r Expr) Bin                 { return Bin{Op: "AND", L: l, R: r} }
func pos(i int) Num                     { return Num(strconv.Itoa(i)) }
func col(alias, name string) Col        { return Col{Alias: alias, Name: name} }

// asDouble is CAST(x AS DOUBLE): DECIMAL columns become floats for charts.
func asDouble(x Expr) Cast { return Cast{X: x, To: "DOUBLE"} }
