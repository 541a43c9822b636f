package boards

import (
	"fmt"
	"slices"
	"strings"

	"salesbi/clock"
	"salesbi/i18n"
	"salesbi/query"
)

// drilled is a panel's spec taken down the clicked points, with the
// breadcrumb back up.
type drilled struct {
	Spec   query.Spec
	Level  string
	Crumbs []Crumb
}

// drillDown applies the points with query.Drill, one level each. The
// first crumb is the panel's top level ("全部" / "All"), then one per
// clicked point: the clicked dimension's label and the value
// ("区域：华东"); the last crumb is where the panel now stands.
func drillDown(spec query.Spec, points []map[string]any, locale string, cal clock.Calendar) (drilled, error) {
	d := drilled{Spec: spec}
	if len(points) == 0 {
		return d, nil
	}
	d.Crumbs = []Crumb{{Label: i18n.T("全部", "All").In(locale), Depth: 0}}
	for i, pt := range points {
		label := pointLabel(d.Spec, pt, locale)
		value := pointValue(d.Spec, pt, locale)
		step, err := query.Drill(d.Spec, pt, cal)
		if err != nil {
			return d, err
		}
		d.Spec, d.Level = step.Spec, step.Level
		if label == "" {
			label = levelLabel(d.Spec, d.Level, locale)
		}
		d.Crumbs = append(d.Crumbs, Crumb{Label: label, Value: value, Depth: i + 1})
	}
	return d, nil
}

// pointLabel says a clicked point in words: "区域：华东", "阶段：赢单"
// (codes by their labels), several dimensions joined with " · ".
func pointLabel(spec query.Spec, pt map[string]any, locale string) string {
	return pointWords(spec, pt, locale, true)
}

// pointValue is the clicked point's values alone: "华东", "华东 · 赢单".
func pointValue(spec query.Spec, pt map[string]any, locale string) string {
	return pointWords(spec, pt, locale, false)
}

func pointWords(spec query.Spec, pt map[string]any, locale string, named bool) string {
	ds, ok := query.Lookup(spec.Dataset)
	if !ok {
		return ""
	}
	sep := "："
	if i18n.IsEnglish(locale) {
		sep = ": "
	}
	var parts []string
	for _, dim := range spec.Dimensions {
		f, ok := ds.Field(dim.Field)
		if !ok {
			continue
		}
		key := f.Name
		if f.Kind == query.KindTime {
			grain := dim.Grain
			if grain == "" {
				grain = "day"
			}
			key += "_" + grain
		}
		v, ok := pt[key]
		if !ok {
			continue
		}
		if named {
			parts = append(parts, f.Label.In(locale)+sep+valueLabel(f, v, locale))
		} else {
			parts = append(parts, valueLabel(f, v, locale))
		}
	}
	return strings.Join(parts, " · ")
}

// valueLabel is a dimension value as a person reads it: a code by its
// label, a null as "(空)".
func valueLabel(f query.Field, v any, locale string) string {
	if v == nil {
		return i18n.T("(空)", "(none)").In(locale)
	}
	s := fmt.Sprint(v)
	if l, ok := f.CodeLabels[s]; ok {
		return l.In(locale)
	}
	return s
}

// levelLabel names a level: the field's label, or "明细" for the records.
func levelLabel(spec query.Spec, level, locale string) string {
	if level == "records" {
		return i18n.T("明细", "Records").In(locale)
	}
	if ds, ok := query.Lookup(spec.Dataset); ok {
		if f, ok := ds.Field(level); ok {
			return f.Label.In(locale)
		}
	}
	return level
}

// drillable: a click opens a next level (a KPI opens the first level of
// its drill path).
func drillable(spec query.Spec) bool {
	if spec.Records {
		return false
	}
	if len(spec.Dimensions) > 0 {
		return true
	}
	if len(spec.Drill) > 0 {
		return true
	}
	ds, ok := query.Lookup(spec.Dataset)
	return ok && len(ds.Drill) > 0
}

// clickPoints are the points a click sends back (Points[series][index]),
// until the chart renderer gives them: for a chart of one dimension, point
// i is that dimension's value in row i, the same for every series; a KPI
// (no dimension) is one empty point that opens its drill path's first
// level. The "others" slice of a top N is not a point (nil). Charts of
// two dimensions get none here (their series order is the renderer's).
func clickPoints(spec query.Spec, cols []query.Column, rows [][]any, series int, locale string) [][]map[string]any {
	if !drillable(spec) {
		return nil
	}
	if series < 1 {
		series = 1
	}
	var one []map[string]any
	switch len(spec.Dimensions) {
	case 0:
		one = []map[string]any{{}}
	case 1:
		key := cols[0].Key
		others := []any{i18n.T("其他", "Others").ZH, i18n.T("其他", "Others").EN}
		for i, row := range rows {
			if spec.Limit != nil && spec.Limit.Others && i == len(rows)-1 && slices.Contains(others, row[0]) {
				one = append(one, nil)
				continue
			}
			one = append(one, map[string]any{key: row[0]})
		}
	default:
		return nil
	}
	out := make([][]map[string]any, series)
	for i := range out {
		out[i] = one
	}
	return out
}
