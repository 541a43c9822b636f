package query

import (
	"fmt"
	"time"

	"salesbi/clock"
)

// DrillStep is the child of a clicked point.
type DrillStep struct {
	Spec Spec `json:"spec"`
	// Level is the field now on the axis, or "records" at the bottom.
	Level string `json:"level"`
}

// Drill turns a spec and a clicked point (column key → value, as the
// result rows carry them) into the spec one level down the drill path
// (the spec's own, else the dataset's: region → rep → customer), with every
// clicked dimension carried as a filter. Below the last level come the
// records themselves.
func Drill(s Spec, point map[string]any, cal clock.Calendar) (DrillStep, error) {
	ds, ok := Lookup(s.Dataset)
	if !ok {
		return DrillStep{}, badInput("cannot drill", fmt.Sprintf("spec.dataset: unknown dataset %q", s.Dataset))
	}
	if s.Records {
		return DrillStep{}, badInput("cannot drill", "spec.records: a record listing is the last level")
	}
	path := s.Drill
	if len(path) == 0 {
		path = ds.Drill
	}
	child := Spec{Dataset: s.Dataset, Measures: s.Measures, Drill: path, Chart: "bar",
		Filters: append([]Filter{}, s.Filters...)}
	level := -1
	var problems []string
	for i, d := range s.Dimensions {
		f, ok := ds.Field(d.Field)
		if !ok {
			problems = append(problems, fmt.Sprintf("spec.dimensions[%d]: unknown field %q", i, d.Field))
			continue
		}
		key := f.Name
		if f.Kind == KindTime {
			grain := d.Grain
			if grain == "" {
				grain = "day"
			}
			key = f.Name + "_" + grain
			v, ok := point[key]
			if !ok {
				continue // the click did not name this dimension (e.g. a pie of a trend): keep it open
			}
			r, err := bucketRange(v, grain, cal.Loc)
			if err != nil {
				problems = append(problems, fmt.Sprintf("point.%s: %v", key, err))
				continue
			}
			child.Filters = append(child.Filters, Filter{Field: f.Name, Op: "between",
				Values: []any{r.From.Format("2006-01-02"), r.To.AddDate(0, 0, -1).Format("2006-01-02")}})
			continue
		}
		v, ok := point[key]
		if !ok {
			continue
		}
		if s.Limit != nil && s.Limit.Others && (v == othersLabel("zh-CN") || v == othersLabel("en")) {
			problems = append(problems, fmt.Sprintf("point.%s: the \"others\" group cannot be drilled; raise the top N instead", key))
			continue
		}
		if v == nil {
			child.Filters = append(child.Filters, Filter{Field: f.Name, Op: "is_null"})
		} else {
			child.Filters = append(child.Filters, Filter{Field: f.Name, Op: "eq", Values: []any{v}})
		}
		for li, name := range path {
			if name == f.Name && li > level {
				level = li
			}
		}
	}
	if len(problems) > 0 {
		return DrillStep{}, badInput("cannot drill", problems...)
	}
	if level+1 < len(path) {
		next := path[level+1]
		child.Dimensions = []Dimension{{Field: next}}
		if len(child.Measures) == 0 {
			child.Measures = []Measure{{Agg: "count"}}
		}
		return DrillStep{Spec: child, Level: next}, nil
	}
	child.Measures, child.Chart, child.Records = nil, "table", true
	return DrillStep{Spec: child, Level: "records"}, nil
}

// bucketRange reads a time bucket label back into its range.
func bucketRange(v any, grain string, loc *time.Location) (clock.Range, error) {
	s, ok := v.(string)
	if !ok {
		return clock.Range{}, fmt.Errorf("want a %s label, got %s", grain, jsonKind(v))
	}
	bad := fmt.Errorf("%q is not a %s label", s, grain)
	switch grain {
	case "day", "week":
		d, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return clock.Range{}, bad
		}
		if grain == "week" {
			return clock.Range{From: d, To: d.AddDate(0, 0, 7)}, nil
		}
		return clock.Range{From: d, To: d.AddDate(0, 0, 1)}, nil
	case "month":
		d, err := time.ParseInLocation("2006-01", s, loc)
		if err != nil {
			return clock.Range{}, bad
		}
		return clock.Range{From: d, To: d.AddDate(0, 1, 0)}, nil
	case "quarter":
		r, err := clock.ParseQuarter(s, loc)
		if err != nil {
			return clock.Range{}, bad
		}
		return r, nil
	case "year":
		d, err := time.ParseInLocation("2006", s, loc)
		if err != nil {
			return clock.Range{}, bad
		}
		return clock.Range{From: d, To: d.AddDate(1, 0, 0)}, nil
	}
	return clock.Range{}, bad
}
