package query

import "strconv"

// Partial aggregates of the two-phase form (compile_twophase.go): what
// each measure keeps per first-phase group, how the partials combine, and
// the measure's value from the combined partials.

// state is one partial aggregate of a measure: computed per first-phase
// group, then combined (sum of counts, min of minimums …).
type state struct {
	agg     string // count, sum, min, max
	combine string // sum, min, max
}

func (s state) partial(m PlanMeasure) string {
	if m.Field == nil {
		return "count(*)"
	}
	return s.agg + "(" + m.Field.SQL + ")"
}

func stateName(i, j int) string { return quote("_s" + strconv.Itoa(i) + "_" + strconv.Itoa(j)) }

// measureStates is how a measure folds, or ok=false when it cannot (a
// median or a distinct count needs the rows themselves).
func measureStates(m PlanMeasure) ([]state, bool) {
	switch m.Agg {
	case "count":
		return []state{{"count", "sum"}}, true
	case "sum", "share":
		if m.Field == nil {
			return []state{{"count", "sum"}}, true
		}
		return []state{{"sum", "sum"}}, true
	case "min", "max":
		return []state{{m.Agg, m.Agg}}, true
	case "avg":
		return []state{{"sum", "sum"}, {"count", "sum"}}, true
	}
	return nil, false
}

// finalSQL is measure i's value from its partials combined over the
// current grouping; prefix qualifies the partial columns.
func finalSQL(m PlanMeasure, i int, prefix string) string {
	st, _ := measureStates(m)
	return finalOf(m, func(j int) string { return st[j].combine + "(" + prefix + stateName(i, j) + ")" })
}

// rowFinalSQL is measure i's value from one row's partials, already
// combined for its group.
func rowFinalSQL(m PlanMeasure, i int) string {
	return finalOf(m, func(j int) string { return stateName(i, j) })
}

// finalOf writes a measure's value from its combined partials c(j).
func finalOf(m PlanMeasure, c func(j int) string) string {
	switch m.Agg {
	case "count":
		return "CAST(" + c(0) + " AS BIGINT)"
	case "share":
		if m.Field == nil {
			return "CAST(" + c(0) + " AS DOUBLE) / sum(" + c(0) + ") OVER ()"
		}
		return "CAST(" + c(0) + " AS DOUBLE) / nullif(sum(" + c(0) + ") OVER (), 0)"
	case "avg":
		return "CAST(" + c(0) + " AS DOUBLE) / nullif(" + c(1) + ", 0)"
	}
	return c(0) // sum, min, max
}
