package query

import "strconv"

// aggregate is one measure kind: its value over rows (the one-phase
// form), and, when it folds, the partials the two-phase and rollup forms
// keep per group and its value from the combined partials. A new measure
// kind is one entry in aggregates (and one name in Aggregates, plan.go).
type aggregate struct {
	// direct is the aggregate over rows; x is the measure's column, nil
	// for a row count.
	direct func(x Expr) Expr
	// states are the partials per first-phase group; nil: it does not
	// fold (a median or a distinct count needs the rows themselves).
	states func(hasField bool) []state
	// final is the value from the combined partials c(j).
	final func(hasField bool, c func(j int) Expr) Expr
}

// state is one partial aggregate of a measure: computed per first-phase
// group, then combined (sum of counts, min of minimums …).
type state struct {
	agg     string // count, sum, min, max
	combine string // sum, min, max
}

// one is a measure kind with a single partial. The state lists are
// shared, never changed.
func one(agg, combine string) func(bool) []state {
	st := []state{{agg, combine}}
	return func(bool) []state { return st }
}

var (
	countState = []state{{"count", "sum"}}
	sumState   = []state{{"sum", "sum"}}
	avgStates  = []state{{"sum", "sum"}, {"count", "sum"}}
)

// sumStates: a sum of a field, or a row count when there is none.
func sumStates(hasField bool) []state {
	if !hasField {
		return countState
	}
	return sumState
}

func first(_ bool, c func(int) Expr) Expr { return c(0) }

// countOf is count(x), count(*) for a row count.
func countOf(x Expr) Expr {
	if x == nil {
		return fn("count", Star{})
	}
	return fn("count", x)
}

// shareOf is a value's share of the column total over the whole result.
func shareOf(v Expr, guard bool) Expr {
	total := Expr(Over{X: fn("sum", v)})
	if guard {
		total = fn("nullif", total, Num("0"))
	}
	return Bin{Op: "/", L: asDouble(v), R: total}
}

// countSum is the compiler's own measure kind, never a spec's agg: a
// filtered count over a rollup, the sum of the kept rows' counts — 0, not
// NULL, where the filter keeps none, as count gives.
const countSum = "_count_sum"

var compilerAggregates = map[string]aggregate{
	countSum: {
		direct: func(x Expr) Expr { return Cast{X: fn("coalesce", fn("sum", x), Num("0")), To: "BIGINT"} },
		states: one("sum", "sum"),
		final:  func(_ bool, c func(int) Expr) Expr { return Cast{X: fn("coalesce", c(0), Num("0")), To: "BIGINT"} },
	},
}

// kindOf is the measure kind of an agg name.
func kindOf(agg string) aggregate {
	if a, ok := compilerAggregates[agg]; ok {
		return a
	}
	return aggregates[agg]
}

var aggregates = map[string]aggregate{
	"count": {
		direct: countOf,
		states: one("count", "sum"),
		final:  func(_ bool, c func(int) Expr) Expr { return Cast{X: c(0), To: "BIGINT"} },
	},
	"count_distinct": {direct: func(x Expr) Expr { return Call{Fn: "count", Args: []Expr{x}, Distinct: true} }},
	"sum":            {direct: func(x Expr) Expr { return fn("sum", x) }, states: sumStates, final: first},
	"share": {
		direct: func(x Expr) Expr {
			if x == nil {
				return shareOf(countOf(nil), false)
			}
			return shareOf(fn("sum", x), true)
		},
		states: sumStates,
		final:  func(hasField bool, c func(int) Expr) Expr { return shareOf(c(0), hasField) },
	},
	"median": {direct: func(x Expr) Expr { return asDouble(fn("median", x)) }},
	"avg": {
		direct: func(x Expr) Expr { return fn("avg", x) },
		states: func(bool) []state { return avgStates },
		final: func(_ bool, c func(int) Expr) Expr {
			return Bin{Op: "/", L: asDouble(c(0)), R: fn("nullif", c(1), Num("0"))}
		},
	},
	"min": {direct: func(x Expr) Expr { return fn("min", x) }, states: one("min", "min"), final: first},
	"max": {direct: func(x Expr) Expr { return fn("max", x) }, states: one("max", "max"), final: first},
}

// hasInput: the measure aggregates a value per row (its field, or the
// rows its own filters keep), not a plain row count.
func (m PlanMeasure) hasInput() bool { return m.Field != nil || len(m.Where) > 0 }

// input is what measure m aggregates per row, with its field's expression
// x: x itself, or with the measure's own filters CASE WHEN … THEN x END
// (1 for a row count), so the rows they drop are NULL and every aggregate
// skips them — the same in one phase, in partials and over a rollup's
// rows. nil for an unfiltered row count.
func (m PlanMeasure) input(x Expr) Expr {
	if len(m.Where) == 0 {
		if m.Field == nil {
			return nil
		}
		return x
	}
	if m.Field == nil {
		x = Num("1")
	}
	var cond Expr
	for _, f := range m.Where {
		c := filterExpr(f)
		if cond == nil {
			cond = c
		} else {
			cond = and(cond, c)
		}
	}
	return Case{Whens: []When{{Cond: cond, Then: x}}}
}

// directOf is measure m over the rows, its column being x (nil for none;
// x is already the measure's input, see input).
func directOf(m PlanMeasure, x Expr) Expr {
	if !m.hasInput() {
		x = nil
	}
	return kindOf(m.Agg).direct(x)
}

// measureStates is how a measure folds, or ok=false when it cannot.
func measureStates(m PlanMeasure) ([]state, bool) {
	a := kindOf(m.Agg)
	if a.states == nil {
		return nil, false
	}
	return a.states(m.hasInput()), true
}

// partial is state s of m over the fact rows.
func (s state) partial(m PlanMeasure) Expr {
	if !m.hasInput() {
		return countOf(nil)
	}
	var x Expr
	if m.Field != nil {
		x = m.Field.Expr
	}
	return fn(s.agg, m.input(x))
}

func stateName(i, j int) string { return "_s" + strconv.Itoa(i) + "_" + strconv.Itoa(j) }

// finalOver is measure i's value from its partials combined over the
// current grouping; qual qualifies the partial columns.
func finalOver(m PlanMeasure, i int, qual string) Expr {
	st, _ := measureStates(m)
	return kindOf(m.Agg).final(m.hasInput(), func(j int) Expr {
		return fn(st[j].combine, Ref{Qual: qual, Name: stateName(i, j)})
	})
}

// finalOfRow is measure i's value from one row's partials, already
// combined for its group.
func finalOfRow(m PlanMeasure, i int) Expr {
	return kindOf(m.Agg).final(m.hasInput(), func(j int) Expr { return Ref{Name: stateName(i, j)} })
}
