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

// directOf is measure m over the rows, its column being x (nil for none).
func directOf(m PlanMeasure, x Expr) Expr {
	if m.Field == nil {
		x = nil
	}
	return aggregates[m.Agg].direct(x)
}

// measureStates is how a measure folds, or ok=false when it cannot.
func measureStates(m PlanMeasure) ([]state, bool) {
	a := aggregates[m.Agg]
	if a.states == nil {
		return nil, false
	}
	return a.states(m.Field != nil), true
}

// partial is state s of m over the fact rows.
func (s state) partial(m PlanMeasure) Expr {
	if m.Field == nil {
		return countOf(nil)
	}
	return fn(s.agg, m.Field.Expr)
}

func stateName(i, j int) string { return "_s" + strconv.Itoa(i) + "_" + strconv.Itoa(j) }

// finalOver is measure i's value from its partials combined over the
// current grouping; qual qualifies the partial columns.
func finalOver(m PlanMeasure, i int, qual string) Expr {
	st, _ := measureStates(m)
	return aggregates[m.Agg].final(m.Field != nil, func(j int) Expr {
		return fn(st[j].combine, Ref{Qual: qual, Name: stateName(i, j)})
	})
}

// finalOfRow is measure i's value from one row's partials, already
// combined for its group.
func finalOfRow(m PlanMeasure, i int) Expr {
	return aggregates[m.Agg].final(m.Field != nil, func(j int) Expr { return Ref{Name: stateName(i, j)} })
}
