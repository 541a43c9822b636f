package query

import "strconv"

// Two-phase aggregation. On a fact table of millions of rows the costly
// parts of a grouped query are joining every row to its dimension tables
// and grouping by text (a customer's name) or by a per-row date
// computation. So when every measure can be folded from partial results,
// the plan becomes this tree instead of the one-phase one:
//
//	base: the fact table (with only the joins filters, measures and the
//	      row-level restriction need) grouped by integer keys — the foreign
//	      keys the dimension joins hang on, and the business day of a time
//	      dimension — with partial aggregates (count, sum, min, max);
//	then: the lookup tables joined to those few aggregated rows, buckets
//	      cut from the day, and the partials combined per output group;
//	top:  the top N ranking and the "others" fold work on those groups too.
//
// The deferred joins and fields are the catalog's own expressions with
// their phase-1 columns re-targeted at base's columns (mapCols), so a name
// shared by two customers still makes one group, exactly as before; a
// join that fans out multiplies partial counts and sums the same way it
// multiplied rows. Measures that cannot be folded (median, count distinct)
// keep the one-phase form.

// lookupTables are the dimension tables a join may be deferred to after
// the fact table is aggregated: small, keyed by an integer id. A join to a
// fact table (stage_history → opportunities) stays in the first phase.
var lookupTables = map[string]bool{"regions": true, "reps": true, "customers": true}

// p1 is the alias of the aggregated first phase in the second.
const p1 = "_p1"

// twoPhase is the plan's split into the two phases.
type twoPhase struct {
	p        *Plan
	outs     []Field // output fields: the dimensions' or the records'
	phase1   []Join  // in declaration order
	phase2   []Join  // deferred lookups, in declaration order
	deferred []bool  // per output field: evaluated after aggregation, over phase2 joins
	exposed  []Col   // columns phase 2 reads from phase 1
	p1Alias  map[string]bool
}

// splitTwoPhase decides whether the plan gains from two phases and how to
// split it; ok is false to keep the one-phase form.
func splitTwoPhase(p *Plan) (*twoPhase, bool) {
	if p.derived != nil {
		return nil, false // each of its groupings is split on its own
	}
	var outs []Field
	if len(p.Records) > 0 {
		outs = p.Records
	} else {
		if len(p.Dims) == 0 {
			return nil, false
		}
		for _, m := range p.Measures {
			if _, ok := measureStates(m); !ok {
				return nil, false
			}
		}
		for _, d := range p.Dims {
			outs = append(outs, d.Field)
		}
	}
	ds := p.Dataset
	in1 := map[string]bool{}
	for _, f := range p.Filters {
		closure(ds, f.Field.Joins, in1)
	}
	for _, m := range p.Measures {
		if m.Field != nil {
			closure(ds, m.Field.Joins, in1)
		}
		for _, f := range m.Where {
			closure(ds, f.Field.Joins, in1)
		}
	}
	if restriction(p.Identity).restricted() {
		closure(ds, ds.OwnerJoins, in1)
	}
	if len(p.Records) > 0 {
		sortedRecordJoins(p, in1) // the page is cut by the sorted values
	}
	// A join to a fact table is never deferred: it goes to phase 1 with
	// everything it needs.
	dimJoins := make([]map[string]bool, len(outs))
	for i, f := range outs {
		dimJoins[i] = map[string]bool{}
		closure(ds, f.Joins, dimJoins[i])
		for n := range dimJoins[i] {
			if j, ok := ds.join(n); ok && !lookupTables[j.Table] {
				closure(ds, []string{n}, in1)
			}
		}
	}
	tp := &twoPhase{p: p, outs: outs, deferred: make([]bool, len(outs)), p1Alias: map[string]bool{ds.Alias: true}}
	in2 := map[string]bool{}
	gain := p.Limit != nil
	for i := range outs {
		if len(p.Records) == 0 && p.Dims[i].Grain != "" {
			gain = true
		}
		// A field whose joins are not all in phase 1 is deferred: its
		// missing lookups run in phase 2 on the aggregated rows.
		for n := range dimJoins[i] {
			if !in1[n] {
				tp.deferred[i] = true
				in2[n] = true
				gain = true
			}
		}
	}
	if !gain {
		return nil, false
	}
	for _, j := range ds.Joins {
		switch {
		case in1[j.Name]:
			tp.phase1 = append(tp.phase1, j)
			tp.p1Alias[j.Alias] = true
		case in2[j.Name]:
			tp.phase2 = append(tp.phase2, j)
		}
	}
	seen := map[Col]bool{}
	expose := func(x Expr) {
		x.eachCol(func(c Col) {
			if tp.p1Alias[c.Alias] && !seen[c] {
				seen[c] = true
				tp.exposed = append(tp.exposed, c)
			}
		})
	}
	for _, j := range tp.phase2 {
		expose(joinClause(j).On)
	}
	for i, f := range outs {
		if tp.deferred[i] {
			expose(f.Expr)
		}
	}
	return tp, true
}

// exposedName is base's column carrying alias.column.
func exposedName(c Col) string { return c.Alias + "__" + c.Name }

// retarget points an expression's phase-1 columns at base's columns;
// columns of phase-2 aliases stay as they are.
func (tp *twoPhase) retarget(x Expr) Expr {
	return x.mapCols(func(c Col) Expr {
		if tp.p1Alias[c.Alias] {
			return Ref{Qual: p1, Name: exposedName(c)}
		}
		return c
	})
}

func dimCol(i int) string { return "_d" + strconv.Itoa(i) }

// query builds the statement's tree.
func (tp *twoPhase) query() *Query {
	p := tp.p
	restrict := restriction(p.Identity)
	q := newQuery(p, restrict)
	base := &Select{From: factFrom(p), Joins: joinClauses(tp.phase1), Where: whereOf(p, restrict),
		Items: make([]Item, 0, len(tp.exposed)+len(tp.outs)+2*len(p.Measures))}
	for _, c := range tp.exposed {
		base.Items = append(base.Items, item(c, exposedName(c)))
	}
	if len(p.Records) > 0 {
		tp.records(q, base)
		return q
	}
	for i, d := range p.Dims {
		if tp.deferred[i] {
			continue
		}
		x := d.Field.Expr
		switch {
		case d.Bin > 0:
			x = binned(x, d.Bin)
		case d.Grain != "":
			x = localDay(d.Field, p.Loc)
		}
		base.Items = append(base.Items, item(x, dimCol(i)))
	}
	base.GroupBy = positions(len(base.Items))
	for i, m := range p.Measures {
		st, _ := measureStates(m)
		for j, s := range st {
			base.Items = append(base.Items, item(s.partial(m), stateName(i, j)))
		}
	}
	q.With = append(q.With, CTE{Name: "base", Body: base})

	if p.Limit == nil {
		body := &Select{Items: tp.dims(), From: &Rel{Name: "base", Alias: p1}, Joins: tp.lookups(),
			GroupBy: positions(len(p.Dims)), OrderBy: orderKeys(p, nil), Limit: maxRowsLimit}
		for i, m := range p.Measures {
			body.Items = append(body.Items, item(finalOver(m, i, p1), measureKey(p, i)))
		}
		q.Body = body
		return q
	}

	// With a top N: the groups first, then ranking and the others fold
	// over them. When base already has one row per output group (no
	// lookup after it, no bucket cut from its days) grouped only renames
	// base's columns: grouping 770 k customer names a second time cost
	// as much as the first.
	regroup := len(tp.phase2) > 0
	for i, d := range p.Dims {
		if tp.deferred[i] || d.Grain != "" && d.Grain != "day" || d.shift != (shift{}) {
			regroup = true
		}
	}
	grouped := &Select{Items: tp.dims(), From: &Rel{Name: "base", Alias: p1}, Joins: tp.lookups()}
	for i, m := range p.Measures {
		st, _ := measureStates(m)
		for j, s := range st {
			x := Expr(Ref{Qual: p1, Name: stateName(i, j)})
			if regroup {
				x = fn(s.combine, x)
			}
			grouped.Items = append(grouped.Items, item(x, stateName(i, j)))
		}
	}
	if regroup {
		grouped.GroupBy = positions(len(p.Dims))
	}
	q.With = append(q.With, CTE{Name: "grouped", Body: grouped})
	top := topKey(p)
	rank := &Select{Items: []Item{item(top, "k")}, From: &Rel{Name: "grouped"}, Limit: Arg{int64(p.Limit.N)}, Inline: true}
	if len(p.Dims) == 1 {
		// grouped already has one row per value: rank its rows as they are
		// (grouping 760 k customer names again cost a quarter second).
		rank.OrderBy = []Order{{X: finalOfRow(p.Measures[0], 0), Desc: true, NullsLast: true}, {X: pos(1)}}
	} else {
		rank.GroupBy = positions(1)
		rank.OrderBy = []Order{{X: finalOver(p.Measures[0], 0, ""), Desc: true, NullsLast: true}, {X: pos(1)}}
	}
	q.With = append(q.With, CTE{Name: "top", Body: rank})
	body := &Select{Items: outputs(p), From: &Rel{Name: "grouped"}, GroupBy: positions(len(p.Dims)),
		OrderBy: orderKeys(p, top), Limit: maxRowsLimit}
	for i, m := range p.Measures {
		body.Items = append(body.Items, item(finalOver(m, i, ""), measureKey(p, i)))
	}
	if !p.Limit.Others {
		body.Where = []Expr{inTop(top)}
	}
	q.Body = body
	return q
}

// records is a listing: one page of the fact table's rows in the
// listing's order (recordKeys; the joins its filters and sort keys need
// are made first), then the lookup tables joined to those few rows
// (joining 800 k customers to a week of leads before cutting 200 rows
// cost 250 ms; after, 10 ms), and the page ordered again by the same keys.
// Lookup joins are on the lookup table's key, so they never add or drop a
// row; the sort keys are never deferred (sortedRecordJoins).
func (tp *twoPhase) records(q *Query, base *Select) {
	p := tp.p
	for i, f := range p.Records {
		if !tp.deferred[i] {
			base.Items = append(base.Items, item(f.Expr, dimCol(i)))
		}
	}
	if ownerTieBreak(p) {
		base.Items = append(base.Items, item(p.Dataset.Owner, ownerCol))
	}
	key := func(qual string) func(recordKey) Expr {
		return func(k recordKey) Expr {
			if k.index == ownerKey {
				return Ref{Qual: qual, Name: ownerCol}
			}
			return Ref{Qual: qual, Name: dimCol(k.index)}
		}
	}
	base.OrderBy = recordOrder(p, key(""))
	pageOf(p, base)
	q.With = append(q.With, CTE{Name: "base", Body: base})
	q.Body = &Select{Items: tp.dims(), From: &Rel{Name: "base", Alias: p1}, Joins: tp.lookups(),
		OrderBy: recordOrder(p, key(p1))}
}

// dims are the output fields over the aggregated rows: a deferred field's
// own expression on the lookup joins, a bucket cut from the day.
func (tp *twoPhase) dims() []Item {
	p := tp.p
	items := make([]Item, len(tp.outs))
	for i, f := range tp.outs {
		grain, bin := "", 0.0
		if len(p.Records) == 0 {
			grain, bin = p.Dims[i].Grain, p.Dims[i].Bin
		}
		var x Expr = Ref{Qual: p1, Name: dimCol(i)}
		switch {
		case tp.deferred[i] && bin > 0:
			x = binned(tp.retarget(f.Expr), bin)
		case tp.deferred[i]:
			x = tp.retarget(f.Expr)
		case grain != "":
			x = truncDay(grain, shifted(x, p.Dims[i].shift))
		}
		items[i] = item(x, p.Columns[i].Key)
	}
	return items
}

// lookups are the deferred joins, on base's columns.
func (tp *twoPhase) lookups() []JoinClause {
	out := joinClauses(tp.phase2)
	for i := range out {
		out[i].On = tp.retarget(out[i].On)
	}
	return out
}
