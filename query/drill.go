package query

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"salesbi/apperr"
	"salesbi/clock"
	"salesbi/model"
)

// DrillStep is the child of a clicked point.
type DrillStep struct {
	Spec Spec `json:"spec"`
	// Level is the field now on the axis, or "records" at the bottom.
	Level string `json:"level"`
}

// Drill turns a spec and a clicked point (column key → value, as the
// result rows carry them, or as strings when they come from a URL) into
// the spec one level down the drill path (the spec's own, else the
// dataset's: region → rep → customer), with every clicked dimension
// carried as a filter. Below the last level come the records themselves.
//
// Each value is read as its column's type: "70" for a number, "true" for
// a yes/no field, a bucket label ("2026-11", "2026-Q4", the Monday of a
// week) for a time dimension, which becomes that bucket's date range; a
// histogram bin's lower bound lo becomes the range lo ≤ x < lo + bin
// (ge and lt). null is "no value" (is_null). A key that is not one of the
// spec's columns is bad input (a measure's key is allowed and ignored: a
// chart may hand over the whole clicked row).
//
// The child keeps the parent's measures where they still mean something
// one level down:
//
//   - a running measure becomes the plain measure (the next level has no
//     time axis to run along);
//   - a ratio stays a ratio (a region's conversion drills to its reps'
//     conversions); a side's field mapping is kept for the fields the
//     child still has;
//   - per rep / per working day stay;
//   - compare stays when no time bucket was clicked (the reps of a region
//     this month vs last month); a clicked bucket narrows the period to
//     itself, so the child drops compare and shows that bucket's values;
//   - when the child with those measures is not a valid spec (a ratio's
//     other dataset lacks the next level's field, a value per working day
//     lost its period), the child counts the rows of the spec's dataset
//     instead ({"agg":"count"}).
//
// The records level lists the spec's own dataset (a ratio of contracts
// over leads drills to the leads).
func Drill(s Spec, point map[string]any, cal clock.Calendar) (DrillStep, error) {
	if s.Records {
		return DrillStep{}, badInput("cannot drill", "spec.records: a record listing is the last level")
	}
	p, err := Validate(s, model.DemoDirector, cal, "en")
	if err != nil {
		return DrillStep{}, badInput("cannot drill", prefixed("spec.", apperr.ProblemsOf(err))...)
	}
	path := s.Drill
	if len(path) == 0 {
		path = p.Dataset.Drill
	}
	child := Spec{Dataset: s.Dataset, Drill: path, Chart: "bar", Filters: append([]Filter{}, s.Filters...)}
	var problems []string
	known := map[string]bool{}
	for _, c := range p.Columns {
		known[c.Key] = true
	}
	for _, k := range sortedKeys(point) {
		if !known[k] {
			problems = append(problems, fmt.Sprintf("point.%s: the chart has no column %q (want one of %s)", k, k, columnKeys(p.Columns)))
		}
	}
	level, clickedTime := -1, false
	for i, d := range p.Dims {
		key, f := p.Columns[i].Key, d.Field
		v, ok := point[key]
		if !ok {
			continue // the click did not name this dimension (e.g. a pie of a trend): keep it open
		}
		at := "point." + key
		switch {
		case v == nil:
			child.Filters = append(child.Filters, Filter{Field: f.Name, Op: "is_null"})
		case d.Bin > 0:
			lo, err := pointValue(v, TypeNumber, cal.Loc)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", at, err))
				continue
			}
			child.Filters = append(child.Filters, Filter{Field: f.Name, Op: "ge", Values: []any{lo}},
				Filter{Field: f.Name, Op: "lt", Values: []any{lo.(float64) + d.Bin}})
		case d.Grain != "":
			clickedTime = true
			r, err := bucketRange(v, d.Grain, cal.Loc)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", at, err))
				continue
			}
			child.Filters = append(child.Filters, Filter{Field: f.Name, Op: "between",
				Values: []any{r.From.Format("2006-01-02"), r.To.AddDate(0, 0, -1).Format("2006-01-02")}})
		default:
			if p.Limit != nil && p.Limit.Others && (v == othersLabel("zh-CN") || v == othersLabel("en")) {
				problems = append(problems, fmt.Sprintf("%s: the \"others\" group cannot be drilled; raise the top N instead", at))
				continue
			}
			val, err := pointValue(v, f.Type, cal.Loc)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", at, err))
				continue
			}
			child.Filters = append(child.Filters, Filter{Field: f.Name, Op: "eq", Values: []any{val}})
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
	step := DrillStep{Level: "records"}
	if level+1 < len(path) {
		next := path[level+1]
		child.Dimensions = []Dimension{{Field: next}}
		child.Measures = drillMeasures(s.Measures, child)
		if !clickedTime {
			child.Compare = s.Compare
		}
		if len(child.Measures) == 0 {
			child.Measures = []Measure{{Agg: "count"}}
		}
		step.Level = next
		if _, err := Validate(child, model.DemoDirector, cal, "en"); err != nil {
			child.Measures, child.Compare = []Measure{{Agg: "count"}}, nil
		}
	} else {
		child.Chart, child.Records = "table", true
	}
	if _, err := Validate(child, model.DemoDirector, cal, "en"); err != nil {
		return DrillStep{}, badInput("cannot drill", prefixed("child.", apperr.ProblemsOf(err))...)
	}
	step.Spec = child
	return step, nil
}

// drillMeasures are the parent's measures as the child keeps them (see
// Drill): not running, a ratio's field mappings limited to the fields the
// child still groups or filters by. The parent's measures are not changed.
func drillMeasures(ms []Measure, child Spec) []Measure {
	used := map[string]bool{}
	for _, d := range child.Dimensions {
		used[d.Field] = true
	}
	for _, f := range child.Filters {
		used[f.Field] = true
	}
	side := func(m *Measure) *Measure {
		if m == nil || len(m.Fields) == 0 {
			return m
		}
		c := *m
		c.Fields = map[string]string{}
		for k, v := range m.Fields {
			if used[k] {
				c.Fields[k] = v
			}
		}
		return &c
	}
	out := make([]Measure, len(ms))
	for i, m := range ms {
		m.Running = false
		m.Num, m.Den = side(m.Num), side(m.Den)
		out[i] = m
	}
	return out
}

// pointValue reads a clicked value as a field of type t: URL strings
// ("70", "true", "2026-11-24") become numbers, booleans and dates; a
// number clicked on a text field (an id shown as text) becomes its text.
func pointValue(v any, t Type, loc *time.Location) (any, error) {
	switch t {
	case TypeNumber:
		switch x := v.(type) {
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("want a number, got %q", x)
			}
			return f, nil
		case bool:
			return nil, fmt.Errorf("want a number, got %s", jsonKind(v))
		}
		return typedValue(TypeNumber, v, loc)
	case TypeBool:
		if x, ok := v.(string); ok {
			b, err := strconv.ParseBool(strings.TrimSpace(x))
			if err != nil {
				return nil, fmt.Errorf("want true or false, got %q", x)
			}
			return b, nil
		}
		return typedValue(TypeBool, v, loc)
	case TypeDate, TypeTime:
		x, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("want a date YYYY-MM-DD, got %s", jsonKind(v))
		}
		if ts, err := time.Parse(time.RFC3339, x); err == nil { // an instant as Execute writes it
			return ts.In(loc).Format("2006-01-02"), nil
		}
		if _, err := time.ParseInLocation("2006-01-02", x, loc); err != nil {
			return nil, fmt.Errorf("want a date YYYY-MM-DD, got %q", x)
		}
		return x, nil
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int:
		return strconv.Itoa(x), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	return nil, fmt.Errorf("want text, got %s", jsonKind(v))
}

func prefixed(prefix string, problems []string) []string {
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = prefix + p
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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
