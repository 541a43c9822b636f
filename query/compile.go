package query

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"salesbi/apperr"
	"salesbi/model"
)

// Compiled is one DuckDB statement with its numbered parameters.
type Compiled struct {
	SQL  string `json:"sql"`
	Args []any  `json:"args"`
	// Rollup names the summary table the statement reads instead of the
	// dataset's fact table ("" when it reads the fact table).
	Rollup string `json:"rollup,omitempty"`
}

// sqlWriter writes SQL top to bottom. Placeholders are numbered at the
// moment an argument is written (goqu's placeHolderSQL), so $n always
// matches its position in Args; the first error is kept (goqu's SetError).
type sqlWriter struct {
	b    strings.Builder
	args []any
	err  error
}

func (w *sqlWriter) sql(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

// arg binds v and writes its placeholder.
func (w *sqlWriter) arg(v any) {
	w.args = append(w.args, v)
	w.b.WriteString("$" + strconv.Itoa(len(w.args)))
}

func (w *sqlWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// quote writes a catalog identifier as a quoted alias. Catalog names are
// [a-z0-9_] (checked at registration), so no escaping is ever needed.
func quote(name string) string { return `"` + name + `"` }

// Compile turns a validated plan into one statement. The row-level
// restriction comes from plan.Identity: a rep sees rows they own, a manager
// the subtree under their rep in reps.manager_id, others everything.
func Compile(p *Plan) (Compiled, error) {
	w := &sqlWriter{}
	restrict := restriction(p.Identity)
	if restrict == scopeNone {
		return Compiled{}, apperr.New(apperr.Forbidden,
			fmt.Sprintf("role %q with rep id %d may not query: a rep or manager needs a rep_id in users", p.Identity.Role, p.Identity.RepID))
	}
	tp, ok := splitTwoPhase(p)
	if !ok {
		return compileOnePhase(p)
	}
	writeWith(w, p, restrict)
	tp.compile(w, restrict)
	return Compiled{SQL: w.b.String(), Args: w.args}, w.err
}

// writeWith opens the statement, with the manager's subtree when the
// restriction needs it.
func writeWith(w *sqlWriter, p *Plan, restrict scope) {
	w.sql("WITH ")
	if restrict == scopeSubtree {
		w.sql("RECURSIVE scope(rep_id) AS (SELECT CAST(")
		w.arg(p.Identity.RepID)
		w.sql(" AS BIGINT) UNION SELECT r.rep_id FROM reps r JOIN scope s ON r.manager_id = s.rep_id),\n")
	}
}

// compileOnePhase is the plain form: every row joined to what the fields
// need, then grouped. Measures that cannot be folded use it; the test of
// two-phase results compares against it.
func compileOnePhase(p *Plan) (Compiled, error) {
	w := &sqlWriter{}
	restrict := restriction(p.Identity)
	writeWith(w, p, restrict)
	w.sql("src AS (SELECT ")
	if len(p.Records) > 0 {
		writeList(w, len(p.Records), func(i int) { w.sql(p.Records[i].SQL, " AS ", quote(p.Records[i].Name)) })
	} else {
		n := 0
		for i, d := range p.Dims {
			if n > 0 {
				w.sql(", ")
			}
			w.sql(bucket(d, p.Loc), " AS ", quote(p.Columns[i].Key))
			n++
		}
		for i, m := range p.Measures {
			if m.Field == nil {
				continue
			}
			if n > 0 {
				w.sql(", ")
			}
			w.sql(m.Field.SQL, " AS ", quote("_m"+strconv.Itoa(i)))
			n++
		}
		if n == 0 {
			w.sql("1 AS _one")
		}
	}
	w.sql("\n  FROM ", p.Dataset.Table, " ", p.Dataset.Alias)
	for _, j := range neededJoins(p) {
		w.sql("\n  ", j.SQL)
	}
	writeWhere(w, p, restrict)
	w.sql(")")
	if len(p.Records) > 0 {
		w.sql("\nSELECT * FROM src ORDER BY 1 DESC NULLS LAST LIMIT ")
		w.arg(int64(p.RowLimit))
		return Compiled{SQL: w.b.String(), Args: w.args}, w.err
	}
	writeAggregate(w, p)
	return Compiled{SQL: w.b.String(), Args: w.args}, w.err
}

type scope int

const (
	scopeNone scope = iota
	scopeAll
	scopeOwn
	scopeSubtree
)

func restriction(id model.Identity) scope {
	switch {
	case id.SeesAll():
		return scopeAll
	case id.Role == model.RoleRep && id.RepID > 0:
		return scopeOwn
	case id.Role == model.RoleManager && id.RepID > 0:
		return scopeSubtree
	}
	return scopeNone
}

// bucket is a dimension's SQL, with a time field cut to its grain in the
// business time zone. Buckets come out as DATEs (the day, the ISO week's
// Monday, the first day of the month, quarter or year); LabelBuckets turns
// month, quarter and year into 2026-01, 2026-Q1 and 2026 after grouping, so
// the per-row work stays integer arithmetic.
func bucket(d PlanDim, loc *time.Location) string {
	if d.Grain == "" {
		return d.Field.SQL
	}
	day := localDay(d.Field, loc)
	if d.Grain == "day" {
		return day
	}
	return "CAST(date_trunc('" + d.Grain + "', " + day + ") AS DATE)"
}

// localDay is the business day of a time field. DuckDB's TIMESTAMPTZ →
// DATE cast goes through ICU per row (about 15× slower than the rest of a
// query at ten million rows), so for a zone whose offset never changes
// (Asia/Shanghai since 1992) the day is computed from the epoch plus that
// fixed offset, a number from our own clock package, never from a spec.
// Zones with daylight saving keep the exact ICU cast.
func localDay(f Field, loc *time.Location) string {
	if f.Type == TypeDate {
		return f.SQL
	}
	if off, ok := fixedOffset(loc); ok {
		return "CAST(make_timestamp(epoch_us(" + f.SQL + ") + " + strconv.FormatInt(off*1_000_000, 10) + ") AS DATE)"
	}
	return "CAST(" + f.SQL + " AS DATE)"
}

// fixedOffset reports the zone's UTC offset in seconds when it is the same
// in winter and summer of every year from 1992 to 2100.
func fixedOffset(loc *time.Location) (int64, bool) {
	if loc == nil {
		return 0, false
	}
	_, first := time.Date(1992, 1, 1, 0, 0, 0, 0, loc).Zone()
	for y := 1992; y <= 2100; y++ {
		for _, m := range []time.Month{time.January, time.July} {
			if _, off := time.Date(y, m, 1, 12, 0, 0, 0, loc).Zone(); off != first {
				return 0, false
			}
		}
	}
	return int64(first), true
}

// LabelBuckets rewrites month, quarter and year bucket dates in rows
// (YYYY-MM-DD as Execute returns them) into their labels.
func LabelBuckets(cols []Column, rows [][]any) {
	for i, c := range cols {
		if c.Role != "dimension" || (c.Grain != "month" && c.Grain != "quarter" && c.Grain != "year") {
			continue
		}
		for _, r := range rows {
			s, ok := r[i].(string)
			if !ok || len(s) < 10 {
				continue
			}
			switch c.Grain {
			case "month":
				r[i] = s[:7]
			case "year":
				r[i] = s[:4]
			case "quarter":
				m, _ := strconv.Atoi(s[5:7])
				r[i] = s[:4] + "-Q" + strconv.Itoa((m-1)/3+1)
			}
		}
	}
}

// neededJoins is the closure of the joins the plan's fields and the
// owner column use, in the dataset's declaration order (parents first).
func neededJoins(p *Plan) []Join {
	want := map[string]bool{}
	var add func(name string)
	add = func(name string) {
		if want[name] {
			return
		}
		want[name] = true
		if j, ok := p.Dataset.join(name); ok {
			for _, n := range j.Needs {
				add(n)
			}
		}
	}
	fields := func(f Field) {
		for _, j := range f.Joins {
			add(j)
		}
	}
	for _, d := range p.Dims {
		fields(d.Field)
	}
	for _, m := range p.Measures {
		if m.Field != nil {
			fields(*m.Field)
		}
	}
	for _, f := range p.Filters {
		fields(f.Field)
	}
	for _, f := range p.Records {
		fields(f)
	}
	if restriction(p.Identity) == scopeOwn || restriction(p.Identity) == scopeSubtree {
		for _, j := range p.Dataset.OwnerJoins {
			add(j)
		}
	}
	var out []Join
	for _, j := range p.Dataset.Joins {
		if want[j.Name] {
			out = append(out, j)
		}
	}
	return out
}

func writeWhere(w *sqlWriter, p *Plan, restrict scope) {
	first := true
	and := func() {
		if first {
			w.sql("\n  WHERE ")
			first = false
		} else {
			w.sql("\n    AND ")
		}
	}
	switch restrict {
	case scopeOwn:
		and()
		w.sql(p.Dataset.Owner, " = ")
		w.arg(p.Identity.RepID)
	case scopeSubtree:
		and()
		w.sql(p.Dataset.Owner, " IN (SELECT rep_id FROM scope)")
	}
	for _, f := range p.Filters {
		and()
		writeFilter(w, f)
	}
}

// comparisons are the one-value operators and their SQL.
var comparisons = map[string]string{"eq": "=", "ne": "<>", "gt": ">", "lt": "<"}

func writeFilter(w *sqlWriter, f PlanFilter) {
	x := f.Field.SQL
	isTime := f.Field.Type == TypeTime || f.Field.Type == TypeDate
	switch {
	case f.Op == "is_null":
		w.sql(x, " IS NULL")
	case f.Op == "not_null":
		w.sql(x, " IS NOT NULL")
	case isTime:
		writeRange(w, x, f.Field.Type, f.Range.From, f.Range.To)
	case comparisons[f.Op] != "":
		w.sql(x, " ", comparisons[f.Op], " ")
		w.arg(f.Values[0])
	case f.Op == "between":
		w.sql(x, " BETWEEN ")
		w.arg(f.Values[0])
		w.sql(" AND ")
		w.arg(f.Values[1])
	case f.Op == "contains":
		w.sql("contains(lower(", x, "), lower(")
		w.arg(f.Values[0])
		w.sql("))")
	case f.Op == "in" || f.Op == "not_in":
		w.sql(x)
		if f.Op == "not_in" {
			w.sql(" NOT")
		}
		w.sql(" IN (")
		writeList(w, len(f.Values), func(i int) { w.arg(f.Values[i]) })
		w.sql(")")
	default:
		w.fail(fmt.Errorf("compile: operator %q has no SQL form (validator and compiler disagree)", f.Op))
	}
}

// writeRange writes a half-open time range. Instants are bound as text
// with their offset and cast, so the comparison is exact whatever zone the
// driver would have assumed for a time.Time; dates bind as YYYY-MM-DD.
func writeRange(w *sqlWriter, x string, t Type, from, to time.Time) {
	bind := func(v time.Time) {
		if t == TypeDate {
			w.sql("CAST(")
			w.arg(v.Format("2006-01-02"))
			w.sql(" AS DATE)")
			return
		}
		w.sql("CAST(")
		w.arg(v.Format(time.RFC3339))
		w.sql(" AS TIMESTAMPTZ)")
	}
	switch {
	case !from.IsZero() && !to.IsZero():
		w.sql(x, " >= ")
		bind(from)
		w.sql(" AND ", x, " < ")
		bind(to)
	case !from.IsZero():
		w.sql(x, " >= ")
		bind(from)
	default:
		w.sql(x, " < ")
		bind(to)
	}
}

func writeList(w *sqlWriter, n int, item func(i int)) {
	for i := 0; i < n; i++ {
		if i > 0 {
			w.sql(", ")
		}
		item(i)
	}
}
