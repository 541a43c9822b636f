package query

import "strconv"

// writeAggregate writes the grouping SELECT over the src CTE, with the top
// N ranking (and the "others" fold) when the plan has a limit.
func writeAggregate(w *sqlWriter, p *Plan) {
	var top string // quoted key of the ranked dimension
	if p.Limit != nil {
		top = quote(p.Columns[*p.Limit.Dimension].Key)
		w.sql(",\ntop AS (SELECT ", top, " AS k FROM src GROUP BY 1 ORDER BY ")
		w.sql(aggSQL(p.Measures[0], 0), " DESC NULLS LAST, 1 LIMIT ")
		w.arg(int64(p.Limit.N))
		w.sql(")")
	}
	w.sql("\nSELECT ")
	n := 0
	for i := range p.Dims {
		if n > 0 {
			w.sql(", ")
		}
		key := quote(p.Columns[i].Key)
		if p.Limit != nil && p.Limit.Others && i == *p.Limit.Dimension {
			w.sql("CASE WHEN ", key, " IN (SELECT k FROM top) THEN ", key, " ELSE ")
			w.arg(othersLabel(p.Locale))
			w.sql(" END AS ", key)
		} else {
			w.sql(key)
		}
		n++
	}
	for i, m := range p.Measures {
		if n > 0 {
			w.sql(", ")
		}
		w.sql(aggSQL(m, i), " AS ", quote(p.Columns[len(p.Dims)+i].Key))
		n++
	}
	w.sql("\nFROM src")
	if p.Limit != nil && !p.Limit.Others {
		w.sql(" WHERE ", top, " IN (SELECT k FROM top)")
	}
	if len(p.Dims) > 0 {
		w.sql("\nGROUP BY ")
		writeList(w, len(p.Dims), func(i int) { w.sql(strconv.Itoa(i + 1)) })
	}
	w.sql("\nORDER BY ")
	writeOrder(w, p, top)
	w.sql("\nLIMIT " + strconv.Itoa(MaxRows))
}

// writeOrder: the "others" row last, then the spec's sort, else time and
// multi-dimension results in dimension order and a single category by its
// first measure, largest first.
func writeOrder(w *sqlWriter, p *Plan, top string) {
	var keys []string
	if p.Limit != nil && p.Limit.Others {
		keys = append(keys, "min(CASE WHEN "+top+" IN (SELECT k FROM top) THEN 0 ELSE 1 END)")
	}
	for _, s := range p.Sort {
		k := strconv.Itoa(s.Index + 1)
		if s.Desc {
			k += " DESC"
		}
		keys = append(keys, k+" NULLS LAST")
	}
	if len(p.Sort) == 0 {
		single := len(p.Dims) == 1 && p.Dims[0].Grain == "" && len(p.Measures) > 0
		if single {
			keys = append(keys, strconv.Itoa(len(p.Dims)+1)+" DESC NULLS LAST")
		}
		for i := range p.Dims {
			keys = append(keys, strconv.Itoa(i+1)+" NULLS LAST")
		}
	}
	if len(keys) == 0 {
		keys = append(keys, "1")
	}
	for i, k := range keys {
		if i > 0 {
			w.sql(", ")
		}
		w.sql(k)
	}
}

// aggSQL is the aggregate of measure i over the src CTE.
func aggSQL(m PlanMeasure, i int) string {
	col := quote("_m" + strconv.Itoa(i))
	switch m.Agg {
	case "count":
		if m.Field == nil {
			return "count(*)"
		}
		return "count(" + col + ")"
	case "count_distinct":
		return "count(DISTINCT " + col + ")"
	case "share":
		if m.Field == nil {
			return "CAST(count(*) AS DOUBLE) / sum(count(*)) OVER ()"
		}
		return "CAST(sum(" + col + ") AS DOUBLE) / nullif(sum(sum(" + col + ")) OVER (), 0)"
	case "median":
		return "CAST(median(" + col + ") AS DOUBLE)"
	case "avg":
		return "avg(" + col + ")"
	}
	return m.Agg + "(" + col + ")" // sum, min, max: names from the Aggregates vocabulary
}

func othersLabel(locale string) string {
	return Label{"其他", "Others"}.In(locale)
}
