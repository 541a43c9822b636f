package query

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"salesbi/clock"
	"salesbi/i18n"
	"salesbi/model"
)

// Vocabularies of the spec. Every name a spec may use is looked up here or
// in the catalog; nothing else is accepted.
var (
	Grains     = []string{"day", "week", "month", "quarter", "year"}
	Aggregates = []string{"count", "count_distinct", "sum", "avg", "min", "max", "median", "share"}
	// Ratio is the agg of a measure that divides two others (Measure.Num,
	// Measure.Den); it aggregates no rows itself, so it is not in Aggregates.
	Ratio = "ratio"
	// Comparisons are the earlier periods a spec may compare with (Spec.Compare).
	Comparisons = []string{"previous", "year_ago"}
	// Pers are what a measure may be divided by (Measure.Per).
	Pers       = []string{"rep", "working_day"}
	Operators  = []string{"eq", "ne", "in", "not_in", "between", "gt", "ge", "lt", "le", "contains", "is_null", "not_null", "relative"}
	ChartKinds = []string{"bar", "stacked_bar", "line", "area", "pie", "table", "pivot", "heatmap", "funnel", "radar", "scatter", "kpi"}
)

const (
	// MaxRows caps an aggregated result; a chart with more points is unreadable.
	MaxRows = 50000
	// MaxRecords caps a record listing; DefaultRecords is used when no limit is given.
	MaxRecords     = 10000
	DefaultRecords = 1000
	// MaxOffset bounds the paging of a record listing: DuckDB reads and
	// sorts every skipped row, and nobody pages a million rows deep (the
	// CSV download, Engine.StreamRecords, has the whole set).
	MaxOffset = 1_000_000
	maxTopN   = 1000
)

// Column describes one output column.
type Column struct {
	Key   string    `json:"key"`
	Label i18n.Text `json:"label"`
	Role  string    `json:"role"` // dimension or measure
	Kind  Kind      `json:"kind"`
	Type  Type      `json:"type"`
	Field string    `json:"field,omitempty"`
	Grain string    `json:"grain,omitempty"`
	Agg   string    `json:"agg,omitempty"`
	// Bin is a histogram bucket's width; the value is its lower bound.
	Bin float64 `json:"bin,omitempty"`
	// Codes are the labels of coded values (stage, status …), for renderers.
	Codes map[string]i18n.Text `json:"-"`
	// alias, when set, is the column's name in the SQL instead of Key (a
	// key from the spec never reaches the SQL text).
	alias string
}

// sqlName is the column's output name in the SQL.
func (c Column) sqlName() string {
	if c.alias != "" {
		return c.alias
	}
	return c.Key
}

// PlanDim is a validated dimension.
type PlanDim struct {
	Field Field
	Grain string  // "" for non-time fields
	Bin   float64 // histogram bucket width; 0 for none
	// shift moves a time dimension's days forward before they are cut to
	// the grain: an earlier period's grouping (Spec.Compare) keyed by this
	// period's buckets.
	shift shift
}

// shift is a calendar move by months and days.
type shift struct{ months, days int }

// PlanMeasure is a validated measure; Field is nil for a row count.
// Where are the measure's own filters (aggregate FILTER (WHERE …)).
type PlanMeasure struct {
	Field *Field
	Agg   string
	Where []PlanFilter
}

// PlanFilter is a validated filter with typed values. Time filters are
// turned into half-open ranges here, so compile emits only >= and <.
type PlanFilter struct {
	Field  Field
	Op     string
	Values []any       // string, float64 or bool
	Range  clock.Range // for time and date fields with between/eq/gt/lt/relative
}

// Plan is a spec after validation: every name resolved against the
// catalog, every value typed. Compile accepts only a Plan.
type Plan struct {
	Dataset  *Dataset
	Identity model.Identity
	Locale   string
	Loc      *time.Location // business time zone, for day buckets
	Dims     []PlanDim
	Measures []PlanMeasure
	Filters  []PlanFilter
	Sort     []PlanSort
	Limit    *Limit // validated; Dimension set
	Records  []Field
	RowLimit int // records mode only; 0 lists every row (StreamRecords)
	Offset   int // records mode only: rows skipped (Spec.Offset)
	Chart    string
	Drill    []string
	Columns  []Column
	// Tables the result depends on (cache invalidation).
	Tables []string
	// derived, when set, is a plan whose output is computed over one or
	// more groupings (running, ratio and per measures; derived.go);
	// Measures are then its main grouping's components.
	derived *derived
}

// Options are the inputs of validation beyond the spec and the caller.
type Options struct {
	// Holidays are the business days off (business.holidays), as midnights
	// in the business zone; "per working_day" measures skip them.
	Holidays []time.Time
}

// PlanSort orders by an output column position (0-based).
type PlanSort struct {
	Index int
	Desc  bool
}

// Validate checks a spec against the catalog and returns its plan, or a
// BadInput error listing every problem with its JSON path.
func Validate(s Spec, id model.Identity, cal clock.Calendar, locale string) (*Plan, error) {
	return ValidateWith(s, id, cal, locale, Options{})
}

// ValidateWith is Validate with the business options (holidays).
func ValidateWith(s Spec, id model.Identity, cal clock.Calendar, locale string, opt Options) (*Plan, error) {
	v := validator{cal: cal, opt: opt}
	p := v.plan(s, id, locale)
	if len(v.problems) > 0 {
		return nil, badInput("invalid chart spec", v.problems...)
	}
	return p, nil
}

type validator struct {
	cal      clock.Calendar
	opt      Options
	problems []string
}

func (v *validator) addf(path, format string, args ...any) {
	v.problems = append(v.problems, path+": "+fmt.Sprintf(format, args...))
}

func (v *validator) plan(s Spec, id model.Identity, locale string) *Plan {
	ds, ok := Lookup(s.Dataset)
	if !ok {
		v.addf("dataset", "unknown dataset %q", s.Dataset)
		return nil
	}
	p := &Plan{Dataset: ds, Identity: id, Locale: locale, Loc: v.cal.Loc, Chart: s.Chart}
	if s.Chart != "" && !contains(ChartKinds, s.Chart) {
		v.addf("chart", "unknown chart type %q (want one of %s)", s.Chart, strings.Join(ChartKinds, ", "))
	}
	if s.Records {
		v.records(p, s)
	} else {
		if s.Offset != 0 {
			v.addf("offset", "only a record listing is paged (records: true)")
		}
		v.dims(p, s)
		v.measures(p, s)
	}
	for i, f := range s.Filters {
		if pf, ok := v.filter(ds, f, fmt.Sprintf("filters[%d]", i)); ok {
			p.Filters = append(p.Filters, pf)
		}
	}
	v.sortAndLimit(p, s)
	for i, name := range s.Drill {
		if f, ok := ds.Field(name); !ok {
			v.addf(fmt.Sprintf("drill[%d]", i), "unknown field %q", name)
		} else if f.Kind != KindDimension {
			v.addf(fmt.Sprintf("drill[%d]", i), "field %q is not a dimension", name)
		}
	}
	p.Drill = s.Drill
	p.Tables = v.tables(p)
	v.finishDerived(p, s)
	return p
}

func (v *validator) records(p *Plan, s Spec) {
	if len(s.Dimensions) > 0 || len(s.Measures) > 0 {
		v.addf("records", "a record listing takes no dimensions or measures")
	}
	for _, name := range p.Dataset.Records {
		f, _ := p.Dataset.Field(name)
		p.Records = append(p.Records, f)
		p.Columns = append(p.Columns, Column{Key: f.Name, Label: f.Label, Role: "dimension", Kind: f.Kind, Type: f.Type, Field: f.Name, Codes: f.CodeLabels})
	}
	p.RowLimit = DefaultRecords
	if s.Offset < 0 || s.Offset > MaxOffset {
		v.addf("offset", "must be between 0 and %d, got %d (the CSV download has every row)", MaxOffset, s.Offset)
	}
	p.Offset = s.Offset
	if s.Limit != nil {
		if s.Limit.N < 1 || s.Limit.N > MaxRecords {
			v.addf("limit.n", "must be between 1 and %d, got %d", MaxRecords, s.Limit.N)
		}
		p.RowLimit = s.Limit.N
	}
}

func (v *validator) dims(p *Plan, s Spec) {
	for i, d := range s.Dimensions {
		path := fmt.Sprintf("dimensions[%d]", i)
		f, ok := p.Dataset.Field(d.Field)
		if !ok {
			v.addf(path, "unknown field %q", d.Field)
			continue
		}
		pd := PlanDim{Field: f}
		col := Column{Key: f.Name, Label: f.Label, Role: "dimension", Kind: f.Kind, Type: TypeString, Field: f.Name}
		switch {
		case d.Bin != 0:
			if f.Type != TypeNumber {
				v.addf(path+".bin", "bins need a numeric field; %q is %s", d.Field, f.Type)
				continue
			}
			if d.Grain != "" {
				v.addf(path+".grain", "a binned field takes no grain")
				continue
			}
			if !(d.Bin > 0) || math.IsInf(d.Bin, 0) || d.Bin < 1e-9 {
				v.addf(path+".bin", "want a positive bucket width, got %v", d.Bin)
				continue
			}
			pd.Bin = d.Bin
			col.Key, col.Kind, col.Type, col.Bin = f.Name+"_bin", KindDimension, TypeNumber, d.Bin
		case f.Kind == KindTime:
			pd.Grain = d.Grain
			if pd.Grain == "" {
				pd.Grain = "day"
			}
			if !contains(Grains, pd.Grain) {
				v.addf(path+".grain", "unknown grain %q (want one of %s)", d.Grain, strings.Join(Grains, ", "))
				continue
			}
			col.Key, col.Grain, col.Kind = f.Name+"_"+pd.Grain, pd.Grain, KindTime
		case d.Grain != "":
			v.addf(path+".grain", "field %q is not a time field and takes no grain", d.Field)
			continue
		case f.Kind == KindMeasure:
			v.addf(path, "field %q is a measure; put it under measures", d.Field)
			continue
		default:
			col.Type = f.Type
			col.Codes = f.CodeLabels
		}
		p.Dims = append(p.Dims, pd)
		p.Columns = append(p.Columns, col)
	}
}

func (v *validator) measures(p *Plan, s Spec) {
	derive := false
	for _, m := range s.Measures {
		derive = derive || m.Agg == Ratio || m.Running || len(m.Per) > 0
	}
	if len(s.Compare) > 0 {
		derive = true
	}
	if derive {
		v.derivedMeasures(p, s)
		return
	}
	for i, m := range s.Measures {
		path := fmt.Sprintf("measures[%d]", i)
		if !v.sideFree(m, path) {
			continue
		}
		pm, col, ok := v.measure(p.Dataset, m, path)
		if !ok {
			continue
		}
		if !v.keyed(&col, m, path, len(p.Columns)) || !v.unique(p.Columns, col, path) {
			continue
		}
		p.Measures = append(p.Measures, pm)
		p.Columns = append(p.Columns, col)
	}
	if len(s.Measures) == 0 && len(s.Dimensions) > 0 {
		v.addf("measures", "at least one measure is needed (e.g. {\"agg\":\"count\"})")
	}
}

// sideFree: only a ratio's sides name another dataset; only a ratio has sides.
func (v *validator) sideFree(m Measure, path string) bool {
	ok := true
	if m.Dataset != "" || len(m.Fields) > 0 {
		v.addf(path+".dataset", "only a ratio's num or den may read another dataset")
		ok = false
	}
	if m.Agg != Ratio && (m.Num != nil || m.Den != nil) {
		v.addf(path+".num", "only agg \"ratio\" takes num and den")
		ok = false
	}
	return ok
}

// keyed applies the measure's own column key, which is also the output
// name in sort keys; the SQL names the column by position instead.
func (v *validator) keyed(col *Column, m Measure, path string, n int) bool {
	if m.Key == "" {
		return true
	}
	if !isIdent(m.Key) || len(m.Key) > 64 {
		v.addf(path+".key", "want a key of lower-case letters, digits and _ (at most 64), got %q", m.Key)
		return false
	}
	col.Key, col.alias = m.Key, "_k"+strconv.Itoa(n)
	return true
}

func (v *validator) unique(cols []Column, col Column, path string) bool {
	for _, c := range cols {
		if c.Key == col.Key {
			v.addf(path, "duplicate column %q", col.Key)
			return false
		}
	}
	return true
}

// measure validates one aggregate over dataset ds (a ratio's side, or a
// plain measure) and its own filters.
func (v *validator) measure(ds *Dataset, m Measure, path string) (PlanMeasure, Column, bool) {
	if !contains(Aggregates, m.Agg) {
		want := strings.Join(Aggregates, ", ") + ", " + Ratio
		if m.Agg == Ratio {
			want = "a plain aggregate; a ratio's sides are not ratios"
		}
		v.addf(path+".agg", "unknown aggregate %q (want one of %s)", m.Agg, want)
		return PlanMeasure{}, Column{}, false
	}
	pm := PlanMeasure{Agg: m.Agg}
	col := Column{Key: m.Agg, Role: "measure", Kind: KindMeasure, Type: TypeNumber, Agg: m.Agg}
	if m.Field == "" {
		if m.Agg != "count" && m.Agg != "share" {
			v.addf(path+".field", "aggregate %q needs a field", m.Agg)
			return pm, col, false
		}
		col.Label = aggLabel(m.Agg, i18n.T("记录", "records"))
	} else {
		f, ok := ds.Field(m.Field)
		if !ok {
			v.addf(path, "unknown field %q", m.Field)
			return pm, col, false
		}
		numeric := f.Type == TypeNumber
		timeLike := f.Type == TypeTime || f.Type == TypeDate
		switch m.Agg {
		case "sum", "avg", "median", "share":
			if !numeric {
				v.addf(path+".agg", "%s needs a numeric field; %q is %s", m.Agg, m.Field, f.Type)
				return pm, col, false
			}
		case "min", "max":
			if !numeric && !timeLike {
				v.addf(path+".agg", "%s needs a numeric or time field; %q is %s", m.Agg, m.Field, f.Type)
				return pm, col, false
			}
			if timeLike {
				col.Type = f.Type
			}
		}
		pm.Field = &f
		col.Key, col.Field = m.Agg+"_"+f.Name, f.Name
		col.Label = aggLabel(m.Agg, f.Label)
	}
	ok := true
	for j, f := range m.Filters {
		if pf, good := v.filter(ds, f, fmt.Sprintf("%s.filters[%d]", path, j)); good {
			pm.Where = append(pm.Where, pf)
		} else {
			ok = false
		}
	}
	return pm, col, ok
}

func aggLabel(agg string, l i18n.Text) i18n.Text {
	zh := map[string]string{"count": "数量", "count_distinct": "去重数", "sum": "合计", "avg": "平均",
		"min": "最小", "max": "最大", "median": "中位数", "share": "占比"}
	en := map[string]string{"count": "count", "count_distinct": "distinct", "sum": "sum", "avg": "avg",
		"min": "min", "max": "max", "median": "median", "share": "share"}
	return i18n.T(l.ZH+zh[agg], en[agg]+" of "+l.EN)
}

func (v *validator) filter(ds *Dataset, f Filter, path string) (PlanFilter, bool) {
	fd, ok := ds.Field(f.Field)
	if !ok {
		v.addf(path, "unknown field %q", f.Field)
		return PlanFilter{}, false
	}
	if !contains(Operators, f.Op) {
		v.addf(path+".op", "unknown operator %q (want one of %s)", f.Op, strings.Join(Operators, ", "))
		return PlanFilter{}, false
	}
	pf := PlanFilter{Field: fd, Op: f.Op}
	isTime := fd.Type == TypeTime || fd.Type == TypeDate
	want := func(n int) bool {
		if len(f.Values) != n {
			v.addf(path+".values", "operator %s takes %d value(s), got %d", f.Op, n, len(f.Values))
			return false
		}
		return true
	}
	switch f.Op {
	case "is_null", "not_null":
		return pf, want(0)
	case "relative":
		if !isTime {
			v.addf(path+".op", "relative dates need a time field; %q is %s", f.Field, fd.Type)
			return pf, false
		}
		r, ok := resolvePeriod(f.Period, v.cal)
		if !ok {
			v.addf(path+".period", "unknown relative period %q (e.g. yesterday, last_7_days, this_month, this_quarter, same_period_last_year)", f.Period)
			return pf, false
		}
		pf.Range = r
		return pf, want(0)
	case "contains":
		if fd.Type != TypeString {
			v.addf(path+".op", "contains needs a text field; %q is %s", f.Field, fd.Type)
			return pf, false
		}
	case "between", "gt", "ge", "lt", "le":
		if fd.Type != TypeNumber && !isTime {
			v.addf(path+".op", "%s needs a number or time field; %q is %s", f.Op, f.Field, fd.Type)
			return pf, false
		}
	case "in", "not_in":
		if isTime {
			v.addf(path+".op", "%s is not available on time fields; use between or relative", f.Op)
			return pf, false
		}
		if len(f.Values) == 0 || len(f.Values) > 1000 {
			v.addf(path+".values", "operator %s takes 1 to 1000 values, got %d", f.Op, len(f.Values))
			return pf, false
		}
	}
	if f.Op == "between" && !want(2) {
		return pf, false
	}
	if (f.Op == "eq" || f.Op == "ne" || f.Op == "gt" || f.Op == "ge" || f.Op == "lt" || f.Op == "le" || f.Op == "contains") && !want(1) {
		return pf, false
	}
	okAll := true
	for i, raw := range f.Values {
		val, err := typedValue(fd.Type, raw, v.cal.Loc)
		if err != nil {
			v.addf(fmt.Sprintf("%s.values[%d]", path, i), "%v", err)
			okAll = false
			continue
		}
		pf.Values = append(pf.Values, val)
	}
	if !okAll {
		return pf, false
	}
	if isTime {
		if f.Op == "ne" {
			v.addf(path+".op", "ne is not available on time fields; use between or relative")
			return pf, false
		}
		day := func(i int) time.Time { return pf.Values[i].(time.Time) }
		switch f.Op {
		case "eq":
			pf.Range = clock.Range{From: day(0), To: day(0).AddDate(0, 0, 1)}
		case "between":
			pf.Range = clock.Range{From: day(0), To: day(1).AddDate(0, 0, 1)}
			if !pf.Range.From.Before(pf.Range.To) {
				v.addf(path+".values", "between wants the earlier date first")
				return pf, false
			}
		case "gt": // after the day
			pf.Range = clock.Range{From: day(0).AddDate(0, 0, 1)}
		case "ge": // from the day on
			pf.Range = clock.Range{From: day(0)}
		case "lt": // before the day
			pf.Range = clock.Range{To: day(0)}
		case "le": // through the day
			pf.Range = clock.Range{To: day(0).AddDate(0, 0, 1)}
		}
		pf.Values = nil
	}
	return pf, true
}

// typedValue converts one JSON value to the field's type: strings for
// text, float64 for numbers, bool, and business-day midnights for dates.
func typedValue(t Type, raw any, loc *time.Location) (any, error) {
	switch t {
	case TypeString:
		s, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf("want text, got %s", jsonKind(raw))
		}
		if len(s) > 500 {
			return nil, fmt.Errorf("text longer than 500 bytes")
		}
		return s, nil
	case TypeNumber:
		var f float64
		switch n := raw.(type) {
		case json.Number:
			x, err := n.Float64()
			if err != nil {
				return nil, fmt.Errorf("number %q out of range", n.String())
			}
			f = x
		case float64:
			f = n
		case int:
			f = float64(n)
		case int64:
			f = float64(n)
		default:
			return nil, fmt.Errorf("want a number, got %s", jsonKind(raw))
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("want a finite number")
		}
		return f, nil
	case TypeBool:
		b, ok := raw.(bool)
		if !ok {
			return nil, fmt.Errorf("want true or false, got %s", jsonKind(raw))
		}
		return b, nil
	case TypeTime, TypeDate:
		s, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf("want a date YYYY-MM-DD, got %s", jsonKind(raw))
		}
		d, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return nil, fmt.Errorf("want a date YYYY-MM-DD, got %q", s)
		}
		return d, nil
	}
	return nil, fmt.Errorf("field type %s takes no values", t)
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "text"
	case bool:
		return "a boolean"
	case json.Number, float64, int, int64:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func (v *validator) sortAndLimit(p *Plan, s Spec) {
	for i, k := range s.Sort {
		idx := -1
		for j, c := range p.Columns {
			if c.Key == k.Column {
				idx = j
			}
		}
		if idx < 0 {
			v.addf(fmt.Sprintf("sort[%d].column", i), "unknown column %q (want one of %s)", k.Column, columnKeys(p.Columns))
			continue
		}
		p.Sort = append(p.Sort, PlanSort{Index: idx, Desc: k.Desc})
	}
	if s.Limit == nil || s.Records {
		return
	}
	if p.derived != nil {
		v.addf("limit", "top N is not available with running, ratio or per measures")
		return
	}
	l := *s.Limit
	if l.N < 1 || l.N > maxTopN {
		v.addf("limit.n", "must be between 1 and %d, got %d", maxTopN, l.N)
		return
	}
	if len(p.Dims) == 0 || len(p.Measures) == 0 {
		v.addf("limit", "top N needs a dimension and a measure to rank by")
		return
	}
	if l.Dimension == nil {
		d := 0
		for i, pd := range p.Dims {
			if pd.Grain == "" {
				d = i
				break
			}
		}
		l.Dimension = &d
	} else if *l.Dimension < 0 || *l.Dimension >= len(p.Dims) {
		v.addf("limit.dimension", "index %d out of range (0–%d)", *l.Dimension, len(p.Dims)-1)
		return
	}
	if l.Others && p.Dims[*l.Dimension].Field.Type != TypeString && p.Dims[*l.Dimension].Grain == "" {
		v.addf("limit.others", "\"others\" needs a text dimension to fold into")
		return
	}
	p.Limit = &l
}

func columnKeys(cs []Column) string {
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = c.Key
	}
	return strings.Join(keys, ", ")
}

// tables lists the canonical tables the plan reads, for the result cache.
func (v *validator) tables(p *Plan) []string {
	set := map[string]bool{p.Dataset.Table: true}
	for _, j := range neededJoins(p) {
		set[j.Table] = true
	}
	if p.Identity.Role == model.RoleManager {
		set["reps"] = true
	}
	var out []string
	for _, t := range model.CanonicalTables {
		if set[t] {
			out = append(out, t)
			delete(set, t)
		}
	}
	for t := range set {
		out = append(out, t)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
