package query

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"salesbi/clock"
	"salesbi/i18n"
)

// Derived plans. A running measure, a ratio or a value per rep or per
// working day is computed over grouped rows, not over the fact rows:
//
//	g0, g1 …: one grouping per dataset the measures read (g0 the spec's
//	          own), each an ordinary plan — same dimensions, the spec's
//	          filters, its measures' components (_c0, _c1 …) — compiled as
//	          any other (two-phase, rollup-aware) and kept whole as a named
//	          subquery with its own WITH;
//	joined:   with more than one grouping, the groupings FULL JOINed on the
//	          group keys (a week with contracts and no leads still shows);
//	wd:       the business days (Monday–Friday less the holidays) per time
//	          bucket, or in the filtered period, when a value is per
//	          working day;
//	body:     the outputs over those rows — a window sum over the ordered
//	          time buckets (per series), num ÷ den, ÷ reps, ÷ working days.
//
// So the row restriction, the rollups and the two phases apply to each
// grouping unchanged, and the tests comparing them cover derived plans
// by comparing each grouping's forms.
type derived struct {
	groups   []*group
	outputs  []output
	timeDim  int          // index of the first time dimension; -1 without
	workdays bool         // some output is per working day
	period   clock.Range  // the time filter's range on the time dimension's field (or any, without one)
	holidays []string     // YYYY-MM-DD in the business zone
	counts   map[int]bool // components that are counts (0, not NULL, where a grouping has no row)
	comps    int
	compares []string    // Spec.Compare, in order
	shifts   []shift     // per compare: how far back its period lies
	compared clock.Range // the period compared (the bounded time filter's range)
}

// group is one grouping: a plan over one dataset.
type group struct {
	plan   *Plan
	path   string            // spec path of the side that opened it ("" for the spec's own)
	fields map[string]string // the spec's field → this dataset's
	comps  []int
	reps   int // component counting distinct owner reps; -1 none yet
	// earlier are the grouping over each compared period (d.compares'
	// order), its components named compName(k)+"_"+compare.
	earlier []*Plan
}

// output is one output column: component num (÷ den), optionally running,
// per rep (÷ component perRep) and per working day.
type output struct {
	num, den int // den < 0: not a ratio
	running  bool
	count    bool // a running count is cast back to BIGINT
	perRep   int  // < 0: not per rep
	perDay   bool
	// A comparison column: part 0 (the earlier value), 1 (Δ) or 2 (Δ %)
	// of output base against d.compares[cmp]; cmp < 0 for a value.
	cmp, part, base int
}

func compName(k int) string     { return "_c" + strconv.Itoa(k) }
func groupName(i int) string    { return "g" + strconv.Itoa(i) }
func (d *derived) main() *group { return d.groups[0] }

// groupPlan is a grouping's plan: the spec's dimensions (keyed as the
// spec's columns, so groupings join on equal names) over dataset ds.
func groupPlan(p *Plan, ds *Dataset, dims []PlanDim) *Plan {
	return &Plan{Dataset: ds, Identity: p.Identity, Locale: p.Locale, Loc: p.Loc, Dims: dims,
		Columns: append([]Column{}, p.Columns[:len(p.Dims)]...)}
}

// derivedMeasures validates the measures of a spec that needs the
// derived form.
func (v *validator) derivedMeasures(p *Plan, s Spec) {
	d := &derived{timeDim: -1, counts: map[int]bool{}}
	for i, pd := range p.Dims {
		if pd.Grain != "" {
			d.timeDim = i
			break
		}
	}
	for _, h := range v.opt.Holidays {
		d.holidays = append(d.holidays, h.In(v.cal.Loc).Format("2006-01-02"))
	}
	d.groups = []*group{{plan: groupPlan(p, p.Dataset, p.Dims), reps: -1}}
	p.derived = d
	for i, c := range s.Compare {
		if !contains(Comparisons, c) || contains(d.compares, c) {
			v.addf(fmt.Sprintf("compare[%d]", i), "want each of %s at most once, got %q", strings.Join(Comparisons, ", "), c)
			continue
		}
		d.compares = append(d.compares, c)
	}
	for i, m := range s.Measures {
		path := fmt.Sprintf("measures[%d]", i)
		o := output{den: -1, perRep: -1, cmp: -1}
		var col Column
		if m.Agg == Ratio {
			c, ok := v.ratio(p, s, d, m, path, &o)
			if !ok {
				continue
			}
			col = c
		} else {
			if !v.sideFree(m, path) {
				continue
			}
			k, c, ok := v.component(d, d.main(), m, path)
			if !ok {
				continue
			}
			if timeLike(c.Type) && (len(d.compares) > 0 || len(m.Per) > 0) {
				// An earliest or latest instant has no Δ % and is not divided.
				v.addf(path+".agg", "%s of %q is a point in time; compare and per need a number", m.Agg, m.Field)
				continue
			}
			o.num, col = k, c
			if !v.runningAndPer(d, m, path, &o, &col) {
				continue
			}
		}
		if !v.keyed(&col, m, path, len(p.Columns)) || !v.unique(p.Columns, col, path) {
			continue
		}
		base := len(d.outputs)
		d.outputs = append(d.outputs, o)
		p.Columns = append(p.Columns, col)
		for c, name := range d.compares {
			for part, suffix := range []string{"", "_delta", "_delta_pct"} {
				cc := col
				cc.Key = col.Key + "_" + name + suffix
				if cc.alias != "" {
					cc.alias = "_k" + strconv.Itoa(len(p.Columns))
				}
				cc.Label = compareLabel(name, part, col.Label)
				if part == 2 {
					cc.Type = TypeNumber
				}
				d.outputs = append(d.outputs, output{cmp: c, part: part, base: base})
				p.Columns = append(p.Columns, cc)
			}
		}
	}
}

func compareLabel(cmp string, part int, l i18n.Text) i18n.Text {
	zh := map[string][]string{"previous": {"上期", "环比变化", "环比"}, "year_ago": {"去年同期", "同比变化", "同比"}}[cmp][part]
	en := map[string][]string{"previous": {"previous period", "Δ vs previous", "Δ % vs previous"},
		"year_ago": {"same period last year", "Δ vs last year", "Δ % vs last year"}}[cmp][part]
	return i18n.T(l.ZH+"("+zh+")", l.EN+" ("+en+")")
}

func (v *validator) ratio(p *Plan, s Spec, d *derived, m Measure, path string, o *output) (Column, bool) {
	switch {
	case m.Field != "":
		v.addf(path+".field", "a ratio takes num and den, not a field")
	case m.Num == nil || m.Den == nil:
		v.addf(path, "a ratio needs num and den (each a measure, e.g. {\"agg\":\"count\"})")
	case m.Running:
		v.addf(path+".running", "a ratio does not run; make its sides running instead")
	case len(m.Per) > 0:
		v.addf(path+".per", "a ratio is not divided further")
	case len(m.Filters) > 0:
		v.addf(path+".filters", "put a ratio's filters on its num and den")
	case m.Dataset != "" || len(m.Fields) > 0:
		v.addf(path+".dataset", "name another dataset on the ratio's num or den")
	default:
		n, ncol, okN := v.side(p, s, d, *m.Num, path+".num")
		dn, dcol, okD := v.side(p, s, d, *m.Den, path+".den")
		if !okN || !okD {
			return Column{}, false
		}
		o.num, o.den = n, dn
		return Column{Key: "ratio", Role: "measure", Kind: KindMeasure, Type: TypeNumber, Agg: "ratio",
			Label: i18n.T(ncol.Label.ZH+" ÷ "+dcol.Label.ZH, ncol.Label.EN+" ÷ "+dcol.Label.EN)}, true
	}
	return Column{}, false
}

// side is one side of a ratio: a component of the spec's grouping or of
// another dataset's.
func (v *validator) side(p *Plan, s Spec, d *derived, m Measure, path string) (int, Column, bool) {
	if m.Key != "" || m.Running || len(m.Per) > 0 || m.Num != nil || m.Den != nil {
		v.addf(path, "a ratio's side is a plain measure (agg, field, filters, dataset, fields)")
		return 0, Column{}, false
	}
	g := d.main()
	if m.Dataset != "" || len(m.Fields) > 0 {
		var ok bool
		if g, ok = v.otherGroup(p, s, d, m, path); !ok {
			return 0, Column{}, false
		}
	}
	k, col, ok := v.component(d, g, m, path)
	if ok && timeLike(col.Type) {
		v.addf(path+".agg", "%s of %q is a point in time; a ratio divides numbers", m.Agg, m.Field)
		return 0, col, false
	}
	return k, col, ok
}

func timeLike(t Type) bool { return t == TypeTime || t == TypeDate }

// otherGroup finds or opens the grouping of another dataset under a
// mapping of the spec's fields.
func (v *validator) otherGroup(p *Plan, s Spec, d *derived, m Measure, path string) (*group, bool) {
	ds := p.Dataset
	if m.Dataset != "" {
		var ok bool
		if ds, ok = Lookup(m.Dataset); !ok {
			v.addf(path+".dataset", "unknown dataset %q", m.Dataset)
			return nil, false
		}
	}
	for _, g := range d.groups[1:] {
		if g.plan.Dataset == ds && maps.Equal(g.fields, m.Fields) {
			return g, true
		}
	}
	used := map[string]bool{}
	for _, x := range s.Dimensions {
		used[x.Field] = true
	}
	for _, f := range s.Filters {
		used[f.Field] = true
	}
	ok := true
	for k := range m.Fields {
		if !used[k] {
			v.addf(path+".fields", "%q is neither a dimension nor a filter field of the spec", k)
			ok = false
		}
	}
	var dims []PlanDim
	for i, pd := range p.Dims {
		name := pd.Field.Name
		if x, mapped := m.Fields[name]; mapped {
			name = x
		}
		f, found := ds.Field(name)
		switch {
		case !found:
			v.addf(path+".fields", "dataset %q has no field %q for dimensions[%d]; map it in fields", ds.Name, name, i)
		case (pd.Grain != "") != (f.Kind == KindTime):
			v.addf(path+".fields", "%q of dataset %q cannot play dimensions[%d] (%s): one is a time field, the other not", name, ds.Name, i, pd.Field.Name)
		case pd.Bin > 0 && f.Type != TypeNumber:
			v.addf(path+".fields", "%q of dataset %q is not numeric; dimensions[%d] is binned", name, ds.Name, i)
		default:
			dims = append(dims, PlanDim{Field: f, Grain: pd.Grain, Bin: pd.Bin})
			continue
		}
		ok = false
	}
	if !ok {
		return nil, false
	}
	g := &group{plan: groupPlan(p, ds, dims), path: path, fields: m.Fields, reps: -1}
	d.groups = append(d.groups, g)
	return g, true
}

// component adds measure m to grouping g.
func (v *validator) component(d *derived, g *group, m Measure, path string) (int, Column, bool) {
	pm, col, ok := v.measure(g.plan.Dataset, m, path)
	if !ok {
		return 0, col, false
	}
	return d.add(g, pm, col), col, true
}

func (d *derived) add(g *group, pm PlanMeasure, col Column) int {
	for j, x := range g.plan.Measures { // the same aggregate twice is one component
		if x.Agg == pm.Agg && len(x.Where) == 0 && len(pm.Where) == 0 && (x.Field == nil) == (pm.Field == nil) &&
			(x.Field == nil || x.Field.Name == pm.Field.Name) {
			return g.comps[j]
		}
	}
	k := d.comps
	d.comps++
	g.plan.Measures = append(g.plan.Measures, pm)
	g.plan.Columns = append(g.plan.Columns, Column{Key: compName(k), Role: "measure", Kind: KindMeasure, Type: col.Type, Agg: pm.Agg})
	g.comps = append(g.comps, k)
	if pm.Agg == "count" {
		d.counts[k] = true
	}
	return k
}

// repsOf is the component counting the distinct owner reps of g's groups.
func (d *derived) repsOf(g *group) int {
	if g.reps < 0 {
		ds := g.plan.Dataset
		f := Field{Name: "owner_rep", Kind: KindMeasure, Type: TypeNumber, Label: i18n.T("销售人数", "reps"), Expr: ds.Owner, Joins: ds.OwnerJoins}
		g.reps = d.add(g, PlanMeasure{Field: &f, Agg: "count_distinct"}, Column{Type: TypeNumber})
	}
	return g.reps
}

func (v *validator) runningAndPer(d *derived, m Measure, path string, o *output, col *Column) bool {
	if m.Running {
		switch {
		case m.Agg != "count" && m.Agg != "sum":
			v.addf(path+".running", "only count and sum run; %q does not add up", m.Agg)
			return false
		case d.timeDim < 0:
			v.addf(path+".running", "a running measure needs a time dimension")
			return false
		case len(m.Per) > 0:
			v.addf(path+".per", "a running measure is not divided")
			return false
		}
		o.running, o.count = true, m.Agg == "count"
		col.Key += "_running"
		col.Label = i18n.T(col.Label.ZH+"(累计)", "running "+col.Label.EN)
	}
	seen := map[string]bool{}
	for j, per := range m.Per {
		pp := fmt.Sprintf("%s.per[%d]", path, j)
		if !contains(Pers, per) || seen[per] {
			v.addf(pp, "want each of %s at most once, got %q", strings.Join(Pers, ", "), per)
			return false
		}
		seen[per] = true
		col.Type = TypeNumber
		switch per {
		case "rep":
			o.perRep = d.repsOf(d.main())
			col.Key += "_per_rep"
			col.Label = i18n.T("人均"+col.Label.ZH, col.Label.EN+" per rep")
		case "working_day":
			o.perDay, d.workdays = true, true
			col.Key += "_per_working_day"
			col.Label = i18n.T(col.Label.ZH+"(每工作日)", col.Label.EN+" per working day")
		}
	}
	return true
}

// finishDerived gives each grouping its filters (the spec's, mapped to
// another dataset's fields) and tables, once the spec's filters are
// validated, and finds the period working days are counted in.
func (v *validator) finishDerived(p *Plan, s Spec) {
	d := p.derived
	if d == nil || len(v.problems) > 0 {
		return
	}
	tables := map[string]bool{}
	for gi, g := range d.groups {
		gp := g.plan
		if gi == 0 {
			gp.Filters = p.Filters
		} else {
			for i, f := range s.Filters {
				mf := f
				if x, mapped := g.fields[f.Field]; mapped {
					mf.Field = x
				}
				if _, ok := gp.Dataset.Field(mf.Field); !ok {
					v.addf(g.path+".fields", "dataset %q has no field %q for filters[%d]; map it in fields", gp.Dataset.Name, mf.Field, i)
					continue
				}
				if pf, ok := v.filter(gp.Dataset, mf, fmt.Sprintf("%s.fields (filters[%d])", g.path, i)); ok {
					gp.Filters = append(gp.Filters, pf)
				}
			}
		}
		gp.Tables = v.tables(gp)
		for _, t := range gp.Tables {
			tables[t] = true
		}
	}
	p.Measures = d.main().plan.Measures
	for _, t := range p.Tables {
		delete(tables, t)
	}
	for _, g := range d.groups {
		for _, t := range g.plan.Tables {
			if tables[t] {
				p.Tables = append(p.Tables, t)
				delete(tables, t)
			}
		}
	}
	if len(d.compares) > 0 && len(v.problems) == 0 {
		v.earlierPeriods(p, d)
	}
	if !d.workdays {
		return
	}
	for _, f := range p.Filters {
		timed := f.Field.Type == TypeTime || f.Field.Type == TypeDate
		if timed && f.Op != "is_null" && f.Op != "not_null" && (d.timeDim < 0 || f.Field.Name == p.Dims[d.timeDim].Field.Name) {
			d.period = f.Range
			break
		}
	}
	if d.timeDim < 0 && (d.period.From.IsZero() || d.period.To.IsZero()) {
		v.addf("measures", "per working_day without a time dimension needs a time filter with both ends (e.g. relative this_month)")
	}
}

// earlierPeriods makes each grouping's copy over each compared period:
// the period's time filter moved back, the time dimension's days moved
// forward by as much, so the earlier rows fall in this period's buckets.
func (v *validator) earlierPeriods(p *Plan, d *derived) {
	period := -1
	for i, f := range p.Filters {
		timed := f.Field.Type == TypeTime || f.Field.Type == TypeDate
		if timed && !f.Range.From.IsZero() && !f.Range.To.IsZero() {
			period = i
			break
		}
	}
	if period < 0 {
		v.addf("compare", "comparing needs a time filter with both ends, the period (e.g. relative this_month)")
		return
	}
	pf := p.Filters[period]
	d.compared = pf.Range
	if d.timeDim >= 0 && p.Dims[d.timeDim].Field.Name != pf.Field.Name {
		v.addf("compare", "the time dimension %q is not the period's field %q (filters[%d])", p.Dims[d.timeDim].Field.Name, pf.Field.Name, period)
		return
	}
	for _, name := range d.compares {
		back := periodShift(name, pf.Range, p.Loc)
		d.shifts = append(d.shifts, back)
		for gi, g := range d.groups {
			ep := *g.plan
			ep.Filters = append([]PlanFilter{}, g.plan.Filters...)
			// The same filter in every grouping: the spec's filters[period],
			// mapped to the grouping's field.
			if gi == 0 || len(ep.Filters) == len(p.Filters) {
				f := ep.Filters[period]
				f.Range = clock.Range{From: back.apply(f.Range.From, -1), To: back.apply(f.Range.To, -1)}
				ep.Filters[period] = f
			}
			ep.Dims = append([]PlanDim{}, g.plan.Dims...)
			if d.timeDim >= 0 {
				ep.Dims[d.timeDim].shift = back
			}
			ep.Columns = append([]Column{}, g.plan.Columns...)
			for j := len(ep.Dims); j < len(ep.Columns); j++ {
				ep.Columns[j].Key += "_" + name
			}
			g.earlier = append(g.earlier, &ep)
		}
	}
}

// periodShift is how far back the compared period lies: a year; or the
// period's own length, in months when it is whole months, else in days.
func periodShift(cmp string, r clock.Range, loc *time.Location) shift {
	if cmp == "year_ago" {
		return shift{months: 12}
	}
	f, t := r.From.In(loc), r.To.In(loc)
	if f.Day() == 1 && t.Day() == 1 && isMidnight(f) && isMidnight(t) {
		return shift{months: (t.Year()-f.Year())*12 + int(t.Month()) - int(f.Month())}
	}
	fd := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, time.UTC)
	td := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	days := int(td.Sub(fd).Hours() / 24)
	if days < 1 {
		days = 1
	}
	return shift{days: days}
}

func isMidnight(t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// apply moves t by the shift times sign, in t's zone.
func (s shift) apply(t time.Time, sign int) time.Time {
	if t.IsZero() {
		return t
	}
	return t.AddDate(0, sign*s.months, sign*s.days)
}

// query builds a derived plan's statement; sub makes one grouping's tree
// and names the rollup it reads ("" for none). It returns the rollups used.
func (d *derived) query(p *Plan, sub func(*Plan) (*Query, string)) (*Query, []string) {
	q := &Query{}
	var used []string
	add := func(name string, gp *Plan) {
		gq, ru := sub(gp)
		if ru != "" && !contains(used, ru) {
			used = append(used, ru)
		}
		// The manager's scope is the same for every grouping: it is named
		// once, at the top, where every grouping sees it. Order and cap
		// are the outer select's business.
		body := *gq.Body
		body.OrderBy, body.Limit = nil, nil
		inner := &Query{Body: &body}
		for _, c := range gq.With {
			if c.Name == "scope" {
				if !q.Recursive {
					q.Recursive = true
					q.With = append(q.With, c)
				}
				continue
			}
			inner.With = append(inner.With, c)
		}
		q.With = append(q.With, CTE{Name: name, Sub: inner})
	}
	for gi, g := range d.groups {
		add(groupName(gi), g.plan)
	}
	for ci, name := range d.compares {
		for gi, g := range d.groups {
			add(earlierName(gi, name), g.earlier[ci])
		}
	}
	nd := len(p.Dims)
	from := groupName(0)
	if len(d.groups) > 1 || len(d.compares) > 0 {
		q.With = append(q.With, CTE{Name: "joined", Body: d.joined(p)})
		from = "joined"
	}
	key := func(i int) Expr { return Ref{Qual: from, Name: p.Columns[i].Key} }
	body := &Select{From: &Rel{Name: from}, Limit: maxRowsLimit, OrderBy: orderKeys(p, nil)}
	for i := 0; i < nd; i++ {
		body.Items = append(body.Items, item(key(i), ""))
	}
	if d.workdays {
		// The working days of this period, and of each earlier one keyed
		// by this period's buckets as its groupings are.
		for ci := -1; ci < len(d.compares); ci++ {
			name := "wd"
			if ci >= 0 {
				name += "_" + d.compares[ci]
			}
			q.With = append(q.With, CTE{Name: name, Body: d.workdaysSelect(p, from, ci)})
			var on Expr = Num("TRUE")
			if d.timeDim >= 0 {
				on = eq(col(name, "b"), key(d.timeDim))
			}
			body.Joins = append(body.Joins, JoinClause{Rel: Rel{Name: name}, On: on})
		}
	}
	value := func(o output, suffix string) Expr {
		return d.valueOf(p, o, key, func(k int) Expr { return Ref{Qual: from, Name: compName(k) + suffix} }, "wd"+suffix)
	}
	for i, o := range d.outputs {
		var x Expr
		if o.cmp < 0 {
			x = value(o, "")
		} else {
			base := d.outputs[o.base]
			now, then := value(base, ""), value(base, "_"+d.compares[o.cmp])
			switch o.part {
			case 0:
				x = then
			case 1:
				x = Bin{Op: "-", L: now, R: then}
			default:
				x = Bin{Op: "/", L: asDouble(Bin{Op: "-", L: now, R: then}), R: fn("nullif", then, Num("0"))}
			}
		}
		body.Items = append(body.Items, item(x, p.Columns[nd+i].sqlName()))
	}
	q.Body = body
	return q, used
}

func earlierName(gi int, cmp string) string { return groupName(gi) + "_" + cmp }

// valueOf is output o over one row: val(k) reads component k.
func (d *derived) valueOf(p *Plan, o output, key func(int) Expr, val func(int) Expr, wd string) Expr {
	nd := len(p.Dims)
	per := func(x, by Expr) Expr {
		if b, ok := x.(Bin); !ok || b.Op != "/" { // a quotient is a DOUBLE already
			x = asDouble(x)
		}
		return Bin{Op: "/", L: x, R: fn("nullif", by, Num("0"))}
	}
	x := val(o.num)
	switch {
	case o.den >= 0:
		x = per(x, val(o.den))
	case o.running:
		var part []Expr
		for j := 0; j < nd; j++ {
			if j != d.timeDim {
				part = append(part, key(j))
			}
		}
		x = Over{X: fn("sum", x), PartitionBy: part, OrderBy: []Order{{X: key(d.timeDim)}}}
		if o.count {
			x = Cast{X: x, To: "BIGINT"}
		}
	}
	if o.perRep >= 0 {
		x = per(x, val(o.perRep))
	}
	if o.perDay {
		x = per(x, col(wd, "n"))
	}
	return x
}

// joined is the groupings FULL JOINed on the group keys (NULL keys match
// too: rows without a region are one group in each), and the earlier
// periods' groupings LEFT JOINed to them: the rows are this period's.
func (d *derived) joined(p *Plan) *Select {
	nd := len(p.Dims)
	j := &Select{From: &Rel{Name: groupName(0)}}
	keyOver := func(i, upto int) Expr { // the key as the first upto groupings give it
		if upto == 1 {
			return Ref{Qual: groupName(0), Name: p.Columns[i].Key}
		}
		args := make([]Expr, upto)
		for g := range args {
			args[g] = Ref{Qual: groupName(g), Name: p.Columns[i].Key}
		}
		return fn("coalesce", args...)
	}
	on := func(upto int, rel string) Expr {
		var on Expr
		for i := 0; i < nd; i++ {
			c := Bin{Op: "IS NOT DISTINCT FROM", L: keyOver(i, upto), R: Ref{Qual: rel, Name: p.Columns[i].Key}}
			if on == nil {
				on = c
			} else {
				on = and(on, c)
			}
		}
		if on == nil {
			on = Num("TRUE")
		}
		return on
	}
	for i := 0; i < nd; i++ {
		j.Items = append(j.Items, item(keyOver(i, len(d.groups)), p.Columns[i].Key))
	}
	comps := func(rel, suffix string, g *group) {
		for _, k := range g.comps {
			x := Expr(Ref{Qual: rel, Name: compName(k) + suffix})
			if d.counts[k] {
				x = fn("coalesce", x, Num("0"))
			}
			j.Items = append(j.Items, item(x, compName(k)+suffix))
		}
	}
	for gi, g := range d.groups {
		if gi > 0 {
			j.Joins = append(j.Joins, JoinClause{Kind: FullJoin, Rel: Rel{Name: groupName(gi)}, On: on(gi, groupName(gi))})
		}
		comps(groupName(gi), "", g)
	}
	for _, name := range d.compares {
		for gi, g := range d.groups {
			rel := earlierName(gi, name)
			j.Joins = append(j.Joins, JoinClause{Kind: LeftJoin, Rel: Rel{Name: rel}, On: on(len(d.groups), rel)})
			comps(rel, "_"+name, g)
		}
	}
	return j
}

// workdaysSelect counts the business days per time bucket (b, n), or in
// the filtered period (n): the days of the period — or, where it is open,
// of the buckets the groupings found — that are Monday to Friday and not
// holidays. For compared period ci (≥ 0) they are that period's days,
// bucketed after the same shift forward as its groupings.
func (d *derived) workdaysSelect(p *Plan, from string, ci int) *Select {
	day := Cast{X: col("g", "d"), To: "DATE"}
	date := func(t time.Time) Expr { return Cast{X: Arg{t.In(p.Loc).Format("2006-01-02")}, To: "DATE"} }
	period, fwd := d.period, shift{}
	if ci >= 0 {
		fwd = d.shifts[ci]
		period = clock.Range{From: fwd.apply(d.compared.From, -1), To: fwd.apply(d.compared.To, -1)}
	}
	var lo, hi Expr
	if !period.From.IsZero() {
		lo = date(period.From)
	}
	if !period.To.IsZero() {
		hi = date(period.To.AddDate(0, 0, -1))
	}
	if d.timeDim >= 0 {
		tk := Ref{Name: p.Columns[d.timeDim].Key}
		if lo == nil {
			lo = Scalar{&Select{Items: []Item{item(fn("min", tk), "")}, From: &Rel{Name: from}}}
		}
		if hi == nil {
			last := Scalar{&Select{Items: []Item{item(fn("max", tk), "")}, From: &Rel{Name: from}}}
			unit := map[string]string{"day": "DAY", "week": "WEEK", "month": "MONTH", "quarter": "QUARTER", "year": "YEAR"}[p.Dims[d.timeDim].Grain]
			hi = Bin{Op: "-", L: Bin{Op: "+", L: last, R: Interval{1, unit}}, R: Interval{1, "DAY"}}
		}
	}
	sel := &Select{
		From:  &Rel{Fn: fn("generate_series", Cast{X: lo, To: "TIMESTAMP"}, Cast{X: hi, To: "TIMESTAMP"}, Interval{1, "DAY"}), Alias: "g", Cols: []string{"d"}},
		Where: []Expr{Bin{Op: "<=", L: fn("isodow", day), R: Num("5")}},
	}
	if len(d.holidays) > 0 {
		list := make([]Expr, len(d.holidays))
		for i, h := range d.holidays {
			list[i] = Cast{X: Arg{h}, To: "DATE"}
		}
		sel.Where = append(sel.Where, In{X: day, List: list, Not: true})
	}
	if d.timeDim >= 0 {
		sel.Items = []Item{item(truncDay(p.Dims[d.timeDim].Grain, shifted(day, fwd)), "b"), item(countOf(nil), "n")}
		sel.GroupBy = positions(1)
	} else {
		sel.Items = []Item{item(countOf(nil), "n")}
	}
	return sel
}
