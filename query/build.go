package query

import (
	"fmt"
	"strconv"
	"time"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/model"
)

// Compiled is one DuckDB statement with its numbered parameters.
type Compiled struct {
	SQL  string `json:"sql"`
	Args []any  `json:"args"`
	// Rollup names the summary table the statement reads instead of the
	// dataset's fact table ("" when it reads the fact table).
	Rollup string `json:"rollup,omitempty"`
}

// Compile turns a validated plan into one statement: the plan becomes a
// select tree — the two-phase form when it gains from it
// (rewrite_twophase.go), else the one-phase form (build_onephase.go) —
// and the writer turns the tree into SQL. The row-level restriction comes
// from plan.Identity: a rep sees rows they own, a manager the subtree
// under their rep in reps.manager_id, others everything.
func Compile(p *Plan) (Compiled, error) {
	if restriction(p.Identity) == scopeNone {
		return Compiled{}, apperr.New(apperr.Forbidden,
			fmt.Sprintf("role %q with rep id %d may not query: a rep or manager needs a rep_id in users", p.Identity.Role, p.Identity.RepID))
	}
	if p.derived != nil {
		q, _ := p.derived.query(p, func(g *Plan) (*Query, string) { return tree(g), "" })
		return compiled(q)
	}
	return compiled(tree(p))
}

// tree is a plain plan's select tree: two-phase when it gains, else one.
func tree(p *Plan) *Query {
	if tp, ok := splitTwoPhase(p); ok {
		return tp.query()
	}
	return onePhase(p)
}

func compiled(q *Query) (Compiled, error) {
	sql, args, err := writeQuery(q)
	return Compiled{SQL: sql, Args: args}, err
}

type scope int

const (
	scopeNone scope = iota
	scopeAll
	scopeOwn
	scopeSubtree
)

func restriction(id model.Identity) scope {
	switch {
	case id.SeesAll():
		return scopeAll
	case id.Role == model.RoleRep && id.RepID > 0:
		return scopeOwn
	case id.Role == model.RoleManager && id.RepID > 0:
		return scopeSubtree
	}
	return scopeNone
}

// restricted: the owner column (and its joins) take part in the query.
func (s scope) restricted() bool { return s == scopeOwn || s == scopeSubtree }

// newQuery opens a statement, with the manager's subtree as its first
// named subquery when the restriction needs it:
// scope(rep_id) = the manager, UNION the reps whose manager is in scope.
func newQuery(p *Plan, restrict scope) *Query {
	q := &Query{With: make([]CTE, 0, 4)}
	if restrict == scopeSubtree {
		q.Recursive = true
		q.With = append(q.With, CTE{Name: "scope", Cols: []string{"rep_id"}, Body: &Select{
			Items:  []Item{item(Cast{X: Arg{p.Identity.RepID}, To: "BIGINT"}, "")},
			Inline: true,
			Union: &Select{
				Items: []Item{item(col("r", "rep_id"), "")},
				From:  &Rel{Name: "reps", Alias: "r"},
				Joins: []JoinClause{{Rel: Rel{Name: "scope", Alias: "s"}, On: eq(col("r", "manager_id"), col("s", "rep_id")), Kind: InnerJoin}},
			},
		}})
	}
	return q
}

// factFrom is the dataset's base table.
func factFrom(p *Plan) *Rel { return &Rel{Name: p.Dataset.Table, Alias: p.Dataset.Alias} }

// joinClause is a catalog join as a LEFT JOIN (its condition is made
// once, when the catalog is built).
func joinClause(j Join) JoinClause {
	on := j.cond
	if on == nil {
		on = joinCond(j.On)
	}
	return JoinClause{Rel: Rel{Name: j.Table, Alias: j.Alias}, On: on}
}

// joinCond is the pairs ANDed, the joined table's key first in each.
func joinCond(pairs []ColumnPair) Expr {
	var on Expr
	for _, pr := range pairs {
		c := eq(pr.Right, pr.Left)
		if on == nil {
			on = c
		} else {
			on = and(on, c)
		}
	}
	return on
}

func joinClauses(js []Join) []JoinClause {
	out := make([]JoinClause, len(js))
	for i, j := range js {
		out[i] = joinClause(j)
	}
	return out
}

// closure adds the named joins and everything they need to into.
func closure(ds *Dataset, names []string, into map[string]bool) {
	var add func(string)
	add = func(n string) {
		if into[n] {
			return
		}
		into[n] = true
		if j, ok := ds.join(n); ok {
			for _, x := range j.Needs {
				add(x)
			}
		}
	}
	for _, n := range names {
		add(n)
	}
}

// inOrder lists the wanted joins in the dataset's declaration order
// (parents first).
func inOrder(ds *Dataset, want map[string]bool) []Join {
	var out []Join
	for _, j := range ds.Joins {
		if want[j.Name] {
			out = append(out, j)
		}
	}
	return out
}

// neededJoins is the closure of the joins the plan's fields and the
// owner column use.
func neededJoins(p *Plan) []Join {
	want := map[string]bool{}
	for _, d := range p.Dims {
		closure(p.Dataset, d.Field.Joins, want)
	}
	for _, m := range p.Measures {
		if m.Field != nil {
			closure(p.Dataset, m.Field.Joins, want)
		}
		for _, f := range m.Where {
			closure(p.Dataset, f.Field.Joins, want)
		}
	}
	for _, f := range p.Filters {
		closure(p.Dataset, f.Field.Joins, want)
	}
	for _, f := range p.Records {
		closure(p.Dataset, f.Joins, want)
	}
	if restriction(p.Identity).restricted() {
		closure(p.Dataset, p.Dataset.OwnerJoins, want)
	}
	return inOrder(p.Dataset, want)
}

// whereOf is the row restriction and the plan's filters, ANDed.
func whereOf(p *Plan, restrict scope) []Expr {
	var out []Expr
	switch restrict {
	case scopeOwn:
		out = append(out, eq(p.Dataset.Owner, Arg{p.Identity.RepID}))
	case scopeSubtree:
		out = append(out, InSelect{X: p.Dataset.Owner, Sub: &Select{
			Items: []Item{item(col("", "rep_id"), "")}, From: &Rel{Name: "scope"}}})
	}
	for _, f := range p.Filters {
		out = append(out, filterExpr(f))
	}
	return out
}

// comparisons are the one-value operators and their SQL.
var comparisons = map[string]string{"eq": "=", "ne": "<>", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}

func filterExpr(f PlanFilter) Expr {
	x := f.Field.Expr
	isTime := f.Field.Type == TypeTime || f.Field.Type == TypeDate
	args := func() []Expr {
		out := make([]Expr, len(f.Values))
		for i, v := range f.Values {
			out[i] = Arg{v}
		}
		return out
	}
	switch {
	case f.Op == "is_null":
		return IsNull{X: x}
	case f.Op == "not_null":
		return IsNull{X: x, Not: true}
	case isTime:
		return timeRange(x, f.Field.Type, f.Range.From, f.Range.To)
	case comparisons[f.Op] != "":
		return Bin{Op: comparisons[f.Op], L: x, R: Arg{f.Values[0]}}
	case f.Op == "between":
		return Between{X: x, Lo: Arg{f.Values[0]}, Hi: Arg{f.Values[1]}}
	case f.Op == "contains":
		return fn("contains", fn("lower", x), fn("lower", Arg{f.Values[0]}))
	case f.Op == "in" || f.Op == "not_in":
		return In{X: x, List: args(), Not: f.Op == "not_in"}
	}
	return badExpr{fmt.Errorf("compile: operator %q has no SQL form (validator and compiler disagree)", f.Op)}
}

// badExpr carries a builder's error to the writer, which keeps the first
// one (goqu's SetError), so builders need no error returns.
type badExpr struct{ err error }

func (b badExpr) write(w *writer)             { w.fail(b.err) }
func (b badExpr) mapCols(func(Col) Expr) Expr { return b }
func (badExpr) eachCol(func(Col))             {}

// timeRange is a half-open time range. Instants are bound as text with
// their offset and cast, so the comparison is exact whatever zone the
// driver would have assumed for a time.Time; dates bind as YYYY-MM-DD.
func timeRange(x Expr, t Type, from, to time.Time) Expr {
	bind := func(v time.Time) Expr {
		if t == TypeDate {
			return Cast{X: Arg{v.Format("2006-01-02")}, To: "DATE"}
		}
		return Cast{X: Arg{v.Format(time.RFC3339)}, To: "TIMESTAMPTZ"}
	}
	lo := func() Expr { return Bin{Op: ">=", L: x, R: bind(from)} }
	hi := func() Expr { return Bin{Op: "<", L: x, R: bind(to)} }
	switch {
	case !from.IsZero() && !to.IsZero():
		return and(lo(), hi())
	case !from.IsZero():
		return lo()
	}
	return hi()
}

// bucket is a dimension, with a time field cut to its grain in the
// business time zone. Buckets come out as DATEs (the day, the ISO week's
// Monday, the first day of the month, quarter or year); LabelBuckets turns
// month, quarter and year into 2026-01, 2026-Q1 and 2026 after grouping, so
// the per-row work stays integer arithmetic.
func bucket(d PlanDim, loc *time.Location) Expr {
	if d.Bin > 0 {
		return binned(d.Field.Expr, d.Bin)
	}
	if d.Grain == "" {
		return d.Field.Expr
	}
	return truncDay(d.Grain, shifted(localDay(d.Field, loc), d.shift))
}

// shifted is a day moved forward by s (itself when s is zero).
func shifted(day Expr, s shift) Expr {
	switch {
	case s.months != 0:
		return Cast{X: Bin{Op: "+", L: day, R: Interval{s.months, "MONTH"}}, To: "DATE"}
	case s.days != 0:
		return Cast{X: Bin{Op: "+", L: day, R: Interval{s.days, "DAY"}}, To: "DATE"}
	}
	return day
}

// binned is a histogram bucket, floor(x / width) * width: the bucket's
// lower bound. The width is the spec's number, bound as a parameter.
func binned(x Expr, width float64) Expr {
	if _, ok := x.(Bin); ok {
		x = Paren{x}
	}
	return Bin{Op: "*", L: fn("floor", Bin{Op: "/", L: x, R: Arg{width}}), R: Arg{width}}
}

// truncDay cuts a day to the start of its grain.
func truncDay(grain string, day Expr) Expr {
	if grain == "day" {
		return day
	}
	return Cast{X: fn("date_trunc", Str(grain), day), To: "DATE"}
}

// localDay is the business day of a time field. DuckDB's TIMESTAMPTZ →
// DATE cast goes through ICU per row (about 15× slower than the rest of a
// query at ten million rows), so for a zone whose offset never changes
// (Asia/Shanghai since 1992) the day is computed from the epoch plus that
// fixed offset, a number from our own clock package, never from a spec.
// Zones with daylight saving keep the exact ICU cast.
func localDay(f Field, loc *time.Location) Expr {
	if f.Type == TypeDate {
		return f.Expr
	}
	if off, ok := fixedOffset(loc); ok {
		shifted := Bin{Op: "+", L: fn("epoch_us", f.Expr), R: Num(strconv.FormatInt(off*1_000_000, 10))}
		return Cast{X: fn("make_timestamp", shifted), To: "DATE"}
	}
	return Cast{X: f.Expr, To: "DATE"}
}

// fixedOffset reports the zone's UTC offset in seconds when it is the same
// in winter and summer of every year from 1992 to 2100.
func fixedOffset(loc *time.Location) (int64, bool) {
	if loc == nil {
		return 0, false
	}
	_, first := time.Date(1992, 1, 1, 0, 0, 0, 0, loc).Zone()
	for y := 1992; y <= 2100; y++ {
		for _, m := range []time.Month{time.January, time.July} {
			if _, off := time.Date(y, m, 1, 12, 0, 0, 0, loc).Zone(); off != first {
				return 0, false
			}
		}
	}
	return int64(first), true
}

// LabelBuckets rewrites month, quarter and year bucket dates in rows
// (YYYY-MM-DD as Execute returns them) into their labels.
func LabelBuckets(cols []Column, rows [][]any) {
	for i, c := range cols {
		if c.Role != "dimension" || (c.Grain != "month" && c.Grain != "quarter" && c.Grain != "year") {
			continue
		}
		for _, r := range rows {
			s, ok := r[i].(string)
			if !ok || len(s) < 10 {
				continue
			}
			switch c.Grain {
			case "month":
				r[i] = s[:7]
			case "year":
				r[i] = s[:4]
			case "quarter":
				m, _ := strconv.Atoi(s[5:7])
				r[i] = s[:4] + "-Q" + strconv.Itoa((m-1)/3+1)
			}
		}
	}
}

// The top N ranking: a named subquery "top" of the N first values of the
// ranked dimension (column k), and the tests against it.

// inTop is key IN (SELECT k FROM top).
func inTop(key Expr) Expr {
	return InSelect{X: key, Sub: &Select{Items: []Item{item(col("", "k"), "")}, From: &Rel{Name: "top"}}}
}

// othersFold is the ranked dimension with values outside the top folded
// into the "others" label.
func othersFold(key Expr, locale string) Expr {
	return Case{Whens: []When{{inTop(key), key}}, Else: Arg{othersLabel(locale)}}
}

// orderKeys: the "others" row last, then the spec's sort, else time and
// multi-dimension results in dimension order and a single category by its
// first measure, largest first. top is the ranked key (nil without a top N).
func orderKeys(p *Plan, top Expr) []Order {
	var keys []Order
	if p.Limit != nil && p.Limit.Others {
		keys = append(keys, Order{X: fn("min", Case{Whens: []When{{inTop(top), Num("0")}}, Else: Num("1")})})
	}
	for _, s := range p.Sort {
		keys = append(keys, Order{X: pos(s.Index + 1), Desc: s.Desc, NullsLast: true})
	}
	if len(p.Sort) == 0 {
		if len(p.Dims) == 1 && p.Dims[0].Grain == "" && len(p.Measures) > 0 {
			keys = append(keys, Order{X: pos(len(p.Dims) + 1), Desc: true, NullsLast: true})
		}
		for i := range p.Dims {
			keys = append(keys, Order{X: pos(i + 1), NullsLast: true})
		}
	}
	if len(keys) == 0 {
		keys = append(keys, Order{X: pos(1)})
	}
	return keys
}

// outputs are the plan's dimension keys as projected columns, the ranked
// one folded into "others" when the top N asks for it.
func outputs(p *Plan) []Item {
	var items []Item
	for i := range p.Dims {
		key := Ref{Name: p.Columns[i].Key}
		if p.Limit != nil && p.Limit.Others && i == *p.Limit.Dimension {
			items = append(items, item(othersFold(key, p.Locale), key.Name))
		} else {
			items = append(items, item(key, ""))
		}
	}
	return items
}

// maxRowsLimit caps every aggregated result (MaxRows).
var maxRowsLimit Expr = pos(MaxRows)

// measureKey is the SQL name of measure i's output column.
func measureKey(p *Plan, i int) string { return p.Columns[len(p.Dims)+i].sqlName() }

// topKey is the output column the top N ranks.
func topKey(p *Plan) Ref { return Ref{Name: p.Columns[*p.Limit.Dimension].Key} }

func othersLabel(locale string) string { return i18n.T("其他", "Others").In(locale) }
