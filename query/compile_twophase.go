package query

import (
	"regexp"
	"strconv"
	"strings"
)

// Two-phase aggregation. On a fact table of millions of rows the costly
// parts of a grouped query are joining every row to its dimension tables
// and grouping by text (a customer's name) or by a per-row date
// computation. So when every measure can be folded from partial results,
// the compiler emits:
//
//	base: the fact table (with only the joins filters, measures and the
//	      row-level restriction need) grouped by integer keys — the foreign
//	      keys the dimension joins hang on, and the business day of a time
//	      dimension — with partial aggregates (count, sum, min, max);
//	then: the lookup tables joined to those few aggregated rows, buckets
//	      cut from the day, and the partials combined per output group;
//	top:  the top N ranking and the "others" fold work on those groups too.
//
// The joins are the catalog's own text run on the aggregated rows, so a
// name shared by two customers still makes one group, exactly as before;
// a join that fans out multiplies partial counts and sums the same way it
// multiplied rows. Measures that cannot be folded (median, count distinct)
// keep the single-phase form in compile.go.

// lookupTables are the dimension tables a join may be deferred to after
// the fact table is aggregated: small, keyed by an integer id. A join to a
// fact table (stage_history → opportunities) stays in the first phase.
var lookupTables = map[string]bool{"regions": true, "reps": true, "customers": true}

// p1 is the alias of the aggregated first phase in the second.
const p1 = "_p1"

var (
	joinAliasRE = regexp.MustCompile(`^LEFT JOIN [a-z_][a-z0-9_]* ([a-z_][a-z0-9_]*) ON `)
	refRE       = regexp.MustCompile(`\b([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\b`)
)

// twoPhase is the plan's split into the two phases.
type twoPhase struct {
	p        *Plan
	outs     []Field  // output fields: the dimensions' or the records'
	phase1   []Join   // in declaration order
	phase2   []Join   // deferred lookups, in declaration order
	deferred []bool   // per output field: evaluated after aggregation, over phase2 joins
	exposed  []string // alias.column references phase 2 needs from phase 1
	p1Alias  map[string]bool
}

// splitTwoPhase decides whether the plan gains from two phases and how to
// split it; ok is false to keep the single-phase form.
func splitTwoPhase(p *Plan) (*twoPhase, bool) {
	// outs are the output fields: the dimensions, or a listing's records.
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
	closure := func(names []string, into map[string]bool) {
		var add func(string)
		add = func(n string) {
			if into[n] {
				return
			}
			into[n] = true
			if j, ok := p.Dataset.join(n); ok {
				for _, x := range j.Needs {
					add(x)
				}
			}
		}
		for _, n := range names {
			add(n)
		}
	}
	in1 := map[string]bool{}
	for _, f := range p.Filters {
		closure(f.Field.Joins, in1)
	}
	for _, m := range p.Measures {
		if m.Field != nil {
			closure(m.Field.Joins, in1)
		}
	}
	if r := restriction(p.Identity); r == scopeOwn || r == scopeSubtree {
		closure(p.Dataset.OwnerJoins, in1)
	}
	// A join to a fact table is never deferred: it goes to phase 1 with
	// everything it needs.
	dimJoins := make([]map[string]bool, len(outs))
	for i, f := range outs {
		dimJoins[i] = map[string]bool{}
		closure(f.Joins, dimJoins[i])
		for n := range dimJoins[i] {
			if j, ok := p.Dataset.join(n); ok && !lookupTables[j.Table] {
				closure([]string{n}, in1)
			}
		}
	}
	tp := &twoPhase{p: p, outs: outs, deferred: make([]bool, len(outs)), p1Alias: map[string]bool{p.Dataset.Alias: true}}
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
	if !gain || len(p.Records) > 0 && tp.deferred[0] {
		return nil, false // nothing gained, or a listing ordered by a joined field
	}
	for _, j := range p.Dataset.Joins {
		m := joinAliasRE.FindStringSubmatch(j.SQL)
		if m == nil && (in1[j.Name] || in2[j.Name]) {
			return nil, false // a join written in another form: keep one phase
		}
		switch {
		case in1[j.Name]:
			tp.phase1 = append(tp.phase1, j)
			tp.p1Alias[m[1]] = true
		case in2[j.Name]:
			tp.phase2 = append(tp.phase2, j)
		}
	}
	seen := map[string]bool{}
	expose := func(sql string) bool {
		for _, r := range refs(sql) {
			if strings.HasPrefix(r[1], "_") || strings.HasPrefix(r[2], "_") {
				return false
			}
			if tp.p1Alias[r[1]] && !seen[r[0]] {
				seen[r[0]] = true
				tp.exposed = append(tp.exposed, r[0])
			}
		}
		return true
	}
	for _, j := range tp.phase2 {
		if !expose(j.SQL) {
			return nil, false
		}
	}
	for i, f := range outs {
		if tp.deferred[i] && !expose(f.SQL) {
			return nil, false
		}
	}
	return tp, true
}

// refs lists the alias.column references in catalog SQL outside string
// literals, each as [whole, alias, column].
func refs(sql string) [][]string {
	var out [][]string
	for i, part := range strings.Split(sql, "'") {
		if i%2 == 0 { // even parts are outside quotes
			out = append(out, refRE.FindAllStringSubmatch(part, -1)...)
		}
	}
	return out
}

// exposedName is the phase-1 column carrying alias.column.
func exposedName(ref string) string { return quote(strings.Replace(ref, ".", "__", 1)) }

// rewrite points the phase-1 references of catalog SQL at the aggregated
// columns; references to phase-2 aliases stay as they are.
func (tp *twoPhase) rewrite(sql string) string {
	parts := strings.Split(sql, "'")
	for i := 0; i < len(parts); i += 2 {
		parts[i] = refRE.ReplaceAllStringFunc(parts[i], func(r string) string {
			if tp.p1Alias[r[:strings.IndexByte(r, '.')]] {
				return p1 + "." + exposedName(r)
			}
			return r
		})
	}
	return strings.Join(parts, "'")
}

// compile writes the statement; the WITH (and scope CTE) is already written.
func (tp *twoPhase) compile(w *sqlWriter, restrict scope) {
	p := tp.p
	if len(p.Records) > 0 {
		tp.compileRecords(w, restrict)
		return
	}
	list := tp.beginBase(w)
	for i, d := range p.Dims {
		if tp.deferred[i] {
			continue
		}
		x := d.Field.SQL
		if d.Grain != "" {
			x = localDay(d.Field, p.Loc)
		}
		list.add(x, " AS ", quote("_d"+strconv.Itoa(i)))
	}
	keys := list.n
	for i, m := range p.Measures {
		st, _ := measureStates(m)
		for j, s := range st {
			list.add(s.partial(m), " AS ", stateName(i, j))
		}
	}
	w.sql("\n  FROM ", p.Dataset.Table, " ", p.Dataset.Alias)
	for _, j := range tp.phase1 {
		w.sql("\n  ", j.SQL)
	}
	writeWhere(w, p, restrict)
	if keys > 0 {
		w.sql("\n  GROUP BY ")
		writeList(w, keys, func(i int) { w.sql(strconv.Itoa(i + 1)) })
	}
	w.sql(")")

	if p.Limit == nil {
		w.sql("\nSELECT ")
		tp.writeDims(w)
		tp.writeFinals(w, p1+".")
		tp.writeFrom(w)
		w.sql("\nGROUP BY ")
		writeList(w, len(p.Dims), func(i int) { w.sql(strconv.Itoa(i + 1)) })
		w.sql("\nORDER BY ")
		writeOrder(w, p, "")
		w.sql("\nLIMIT " + strconv.Itoa(MaxRows))
		return
	}

	// With a top N: the groups first, then ranking and the others fold
	// over them. When base already has one row per output group (no
	// lookup after it, no bucket cut from its days) grouped only renames
	// base's columns: grouping 770 k customer names a second time cost
	// as much as the first.
	regroup := len(tp.phase2) > 0
	for i, d := range p.Dims {
		if tp.deferred[i] || d.Grain != "" && d.Grain != "day" {
			regroup = true
		}
	}
	w.sql(",\ngrouped AS (SELECT ")
	tp.writeDims(w)
	for i, m := range p.Measures {
		st, _ := measureStates(m)
		for j, s := range st {
			if regroup {
				w.sql(", ", s.combine, "(", p1, ".", stateName(i, j), ") AS ", stateName(i, j))
			} else {
				w.sql(", ", p1, ".", stateName(i, j), " AS ", stateName(i, j))
			}
		}
	}
	tp.writeFrom(w)
	if regroup {
		w.sql("\n  GROUP BY ")
		writeList(w, len(p.Dims), func(i int) { w.sql(strconv.Itoa(i + 1)) })
	}
	w.sql(")")
	top := quote(p.Columns[*p.Limit.Dimension].Key)
	if len(p.Dims) == 1 {
		// grouped already has one row per value: rank its rows as they are
		// (grouping 760 k customer names again cost a quarter second).
		w.sql(",\ntop AS (SELECT ", top, " AS k FROM grouped ORDER BY ")
		w.sql(rowFinalSQL(p.Measures[0], 0), " DESC NULLS LAST, 1 LIMIT ")
	} else {
		w.sql(",\ntop AS (SELECT ", top, " AS k FROM grouped GROUP BY 1 ORDER BY ")
		w.sql(finalSQL(p.Measures[0], 0, ""), " DESC NULLS LAST, 1 LIMIT ")
	}
	w.arg(int64(p.Limit.N))
	w.sql(")")
	w.sql("\nSELECT ")
	for i := range p.Dims {
		if i > 0 {
			w.sql(", ")
		}
		key := quote(p.Columns[i].Key)
		if p.Limit.Others && i == *p.Limit.Dimension {
			w.sql("CASE WHEN ", key, " IN (SELECT k FROM top) THEN ", key, " ELSE ")
			w.arg(othersLabel(p.Locale))
			w.sql(" END AS ", key)
		} else {
			w.sql(key)
		}
	}
	for i, m := range p.Measures {
		w.sql(", ", finalSQL(m, i, ""), " AS ", quote(p.Columns[len(p.Dims)+i].Key))
	}
	w.sql("\nFROM grouped")
	if !p.Limit.Others {
		w.sql(" WHERE ", top, " IN (SELECT k FROM top)")
	}
	w.sql("\nGROUP BY ")
	writeList(w, len(p.Dims), func(i int) { w.sql(strconv.Itoa(i + 1)) })
	w.sql("\nORDER BY ")
	writeOrder(w, p, top)
	w.sql("\nLIMIT " + strconv.Itoa(MaxRows))
}

// compileRecords writes a listing: the newest rows of the fact table
// first, with only the joins its filters need, then the lookup tables
// joined to those few rows (joining 800 k customers to a week of leads
// before cutting 200 rows cost 250 ms; after, 10 ms). Lookup joins are on
// the lookup table's key, so they never add or drop a row.
func (tp *twoPhase) compileRecords(w *sqlWriter, restrict scope) {
	p := tp.p
	list := tp.beginBase(w)
	for i, f := range p.Records {
		if !tp.deferred[i] {
			list.add(f.SQL, " AS ", quote("_d"+strconv.Itoa(i)))
		}
	}
	w.sql("\n  FROM ", p.Dataset.Table, " ", p.Dataset.Alias)
	for _, j := range tp.phase1 {
		w.sql("\n  ", j.SQL)
	}
	writeWhere(w, p, restrict)
	w.sql("\n  ORDER BY \"_d0\" DESC NULLS LAST LIMIT ")
	w.arg(int64(p.RowLimit))
	w.sql(")\nSELECT ")
	tp.writeDims(w)
	tp.writeFrom(w)
	w.sql("\nORDER BY 1 DESC NULLS LAST")
}

// writeDims writes the output dimensions over the aggregated rows: a
// deferred field's own SQL on the lookup joins, a bucket cut from the day.
func (tp *twoPhase) writeDims(w *sqlWriter) {
	p := tp.p
	for i, f := range tp.outs {
		if i > 0 {
			w.sql(", ")
		}
		grain := ""
		if len(p.Records) == 0 {
			grain = p.Dims[i].Grain
		}
		col := p1 + "." + quote("_d"+strconv.Itoa(i))
		switch {
		case tp.deferred[i]:
			w.sql(tp.rewrite(f.SQL))
		case grain == "" || grain == "day":
			w.sql(col)
		default:
			w.sql("CAST(date_trunc('", grain, "', ", col, ") AS DATE)")
		}
		w.sql(" AS ", quote(p.Columns[i].Key))
	}
}

// writeFinals writes every measure from its combined partials.
func (tp *twoPhase) writeFinals(w *sqlWriter, prefix string) {
	for i, m := range tp.p.Measures {
		w.sql(", ", finalSQL(m, i, prefix), " AS ", quote(tp.p.Columns[len(tp.p.Dims)+i].Key))
	}
}

func (tp *twoPhase) writeFrom(w *sqlWriter) {
	w.sql("\n  FROM base ", p1)
	for _, j := range tp.phase2 {
		w.sql("\n  ", tp.rewrite(j.SQL))
	}
}

// selectList writes the items of a select list, commas between them, and
// counts them (the GROUP BY names the first n by position).
type selectList struct {
	w *sqlWriter
	n int
}

func (l *selectList) add(parts ...string) {
	if l.n > 0 {
		l.w.sql(", ")
	}
	l.w.sql(parts...)
	l.n++
}

// beginBase opens the base CTE's select list with the exposed key columns.
func (tp *twoPhase) beginBase(w *sqlWriter) *selectList {
	w.sql("base AS (SELECT ")
	l := &selectList{w: w}
	for _, r := range tp.exposed {
		l.add(r, " AS ", exposedName(r))
	}
	return l
}
