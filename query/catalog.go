package query

import (
	"fmt"
	"sort"

	"salesbi/i18n"
	"salesbi/model"
)

// Kind says how the builder may use a field.
type Kind string

const (
	// KindDimension groups rows (region, status, rep).
	KindDimension Kind = "dimension"
	// KindTime is an instant or date; it groups by a grain.
	KindTime Kind = "time"
	// KindMeasure is a number that is aggregated (amount).
	KindMeasure Kind = "measure"
)

// Type is the value type of a field; filter values are checked against it.
type Type string

const (
	TypeString Type = "string"
	TypeNumber Type = "number"
	TypeTime   Type = "time" // TIMESTAMPTZ: bucketed in the business time zone
	TypeDate   Type = "date" // DATE
	TypeBool   Type = "bool"
)

// Field is one column a dataset offers. Expr is a typed expression over
// the dataset's table aliases (a Col for a plain column), trusted catalog
// data, never user input.
type Field struct {
	Name  string    `json:"name"`
	Kind  Kind      `json:"kind"`
	Type  Type      `json:"type"`
	Label i18n.Text `json:"label"`
	Expr  Expr      `json:"-"`
	// Joins the expression needs, by Join.Name: derived from the aliases
	// Expr reads when the catalog is built.
	Joins []string `json:"-"`
	// Codes names the code family of the values (model.KindStage …); the
	// catalog then carries their labels so pages show 赢单, not "won".
	Codes      string               `json:"-"`
	CodeLabels map[string]i18n.Text `json:"codes,omitempty"`
}

// ColumnPair is one equality of a join condition: Left is a column of the
// base table or of an earlier join, Right the joined table's column.
type ColumnPair struct{ Left, Right Col }

// Join is one table a dataset may join: LEFT JOIN Table Alias ON the
// pairs. Lookup joins are on the joined table's key, so they never add or
// drop a row.
type Join struct {
	Name  string // e.g. "region"
	Table string // canonical table, also for cache invalidation
	Alias string
	On    []ColumnPair
	// Needs are the joins whose aliases On reads: derived when the
	// catalog is built; they must be declared earlier.
	Needs []string
	cond  Expr // On as an expression, made when the catalog is built
}

// Dataset is a base table with its fields and joins.
type Dataset struct {
	Name  string    `json:"name"`
	Label i18n.Text `json:"label"`
	// Table and Alias of the base table: FROM <Table> <Alias>.
	Table string `json:"-"`
	Alias string `json:"-"`
	// Owner is the rep who owns a row (row-level restriction): a rep sees
	// rows where it equals their rep id. OwnerJoins are derived from it.
	Owner      Expr     `json:"-"`
	OwnerJoins []string `json:"-"`
	Fields     []Field  `json:"fields"`
	Joins      []Join   `json:"-"`
	// Drill is the default drill path (field names, coarse to fine).
	Drill []string `json:"drill"`
	// Records are the fields listed at the last drill level, the first one
	// a time field that orders them newest first.
	Records []string `json:"records"`
}

// Field finds a field by name.
func (d *Dataset) Field(name string) (Field, bool) {
	for _, f := range d.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

func (d *Dataset) join(name string) (Join, bool) {
	for _, j := range d.Joins {
		if j.Name == name {
			return j, true
		}
	}
	return Join{}, false
}

// catalogSet is the composed catalog: datasets by name and the rollups
// over them, validated together once.
type catalogSet struct {
	byName  map[string]*Dataset
	sorted  []*Dataset
	rollups []*Rollup // name order
}

// builtin is the catalog of the product, composed in this one place from
// the per-area declarations (catalog_sales.go, catalog_process.go,
// catalog_metrics.go, catalog_rollups.go). A malformed declaration panics
// here, when the package loads: a catalog bug fails every test and every
// start, never a user's query (TestCatalogValid names the problem).
var builtin = mustCatalog(builtinDatasets(), builtinRollups())

func builtinDatasets() []Dataset {
	var all []Dataset
	for _, area := range [][]Dataset{salesDatasets(), processDatasets(), metricDatasets()} {
		all = append(all, area...)
	}
	return all
}

func mustCatalog(ds []Dataset, rus []Rollup) *catalogSet {
	c, err := buildCatalog(ds, rus)
	if err != nil {
		panic("query: " + err.Error())
	}
	return c
}

// buildCatalog validates datasets and rollups and derives what follows
// from the expressions (the joins each field and the owner need, each
// join's needs, code labels).
func buildCatalog(ds []Dataset, rus []Rollup) (*catalogSet, error) {
	c := &catalogSet{byName: map[string]*Dataset{}}
	for _, d := range ds {
		dd, err := prepareDataset(d)
		if err != nil {
			return nil, fmt.Errorf("dataset %q: %w", d.Name, err)
		}
		if _, dup := c.byName[d.Name]; dup {
			return nil, fmt.Errorf("dataset %q declared twice", d.Name)
		}
		c.byName[d.Name] = dd
		c.sorted = append(c.sorted, dd)
	}
	sort.Slice(c.sorted, func(i, j int) bool { return c.sorted[i].Name < c.sorted[j].Name })
	seen := map[string]bool{}
	for _, r := range rus {
		rr := r
		if err := rr.check(c, seen); err != nil {
			return nil, fmt.Errorf("rollup %q: %w", r.Name, err)
		}
		c.rollups = append(c.rollups, &rr)
	}
	sort.Slice(c.rollups, func(i, j int) bool { return c.rollups[i].Name < c.rollups[j].Name })
	return c, nil
}

// Lookup finds a dataset.
func Lookup(name string) (*Dataset, bool) {
	d, ok := builtin.byName[name]
	return d, ok
}

// Datasets lists the catalog sorted by name (GET /api/catalog).
func Datasets() []*Dataset { return append([]*Dataset{}, builtin.sorted...) }

// prepareDataset checks a dataset's references and returns a copy with
// the derived joins and code labels filled in.
func prepareDataset(d Dataset) (*Dataset, error) {
	if d.Name == "" || d.Table == "" || !isIdent(d.Alias) || d.Owner == nil {
		return nil, fmt.Errorf("name, table, alias and owner are required")
	}
	dd := d
	aliases := map[string]string{} // alias → join name ("" for the base table)
	aliases[d.Alias] = ""
	dd.Joins = make([]Join, len(d.Joins))
	for i, j := range d.Joins {
		if !isIdent(j.Name) || !isIdent(j.Table) || !isIdent(j.Alias) || len(j.On) == 0 {
			return nil, fmt.Errorf("join %q: name, table, alias and a condition are required", j.Name)
		}
		if _, dup := aliases[j.Alias]; dup {
			return nil, fmt.Errorf("join %q: alias %q used twice", j.Name, j.Alias)
		}
		var reads []Col
		for _, p := range j.On {
			if p.Right.Alias != j.Alias {
				return nil, fmt.Errorf("join %q: the right side of %s = %s must be a column of %s", j.Name, sqlOf(p.Left), sqlOf(p.Right), j.Alias)
			}
			reads = append(reads, p.Left)
		}
		// Needs: the earlier joins the condition reads (parents first).
		needs, err := joinsRead(aliases, reads)
		if err != nil {
			return nil, fmt.Errorf("join %q: %w", j.Name, err)
		}
		jj := j
		jj.Needs = needs
		jj.cond = joinCond(j.On)
		dd.Joins[i] = jj
		aliases[j.Alias] = j.Name
	}
	var err error
	if dd.OwnerJoins, err = joinsRead(aliases, cols(d.Owner)); err != nil {
		return nil, fmt.Errorf("owner: %w", err)
	}
	seen := map[string]bool{}
	dd.Fields = make([]Field, len(d.Fields))
	for i, f := range d.Fields {
		if seen[f.Name] {
			return nil, fmt.Errorf("field %q twice", f.Name)
		}
		seen[f.Name] = true
		if !isIdent(f.Name) {
			return nil, fmt.Errorf("field name %q: want lower-case letters, digits and _", f.Name)
		}
		if f.Expr == nil || f.Label.ZH == "" || f.Label.EN == "" {
			return nil, fmt.Errorf("field %q needs an expression and both labels", f.Name)
		}
		if f.Joins, err = joinsRead(aliases, cols(f.Expr)); err != nil {
			return nil, fmt.Errorf("field %q: %w", f.Name, err)
		}
		if f.Codes != "" {
			f.CodeLabels = map[string]i18n.Text{}
			for code, l := range model.Labels[f.Codes] {
				f.CodeLabels[code] = i18n.T(l.ZH, l.EN)
			}
		}
		dd.Fields[i] = f
	}
	for _, n := range append(append([]string{}, d.Drill...), d.Records...) {
		if !seen[n] {
			return nil, fmt.Errorf("drill/records name unknown field %q", n)
		}
	}
	return &dd, nil
}

// joinsRead maps the aliases of columns to the joins that bring them, in
// first-read order; a column of an alias not (yet) declared is an error.
func joinsRead(aliases map[string]string, cs []Col) ([]string, error) {
	var out []string
	have := map[string]bool{}
	for _, c := range cs {
		if !isIdent(c.Alias) || !isIdent(c.Name) {
			return nil, fmt.Errorf("column %q.%q: want lower-case letters, digits and _", c.Alias, c.Name)
		}
		j, ok := aliases[c.Alias]
		if !ok {
			return nil, fmt.Errorf("column %s.%s reads unknown alias %q", c.Alias, c.Name, c.Alias)
		}
		if j != "" && !have[j] {
			have[j] = true
			out = append(out, j)
		}
	}
	return out, nil
}

// isIdent: catalog names become SQL identifiers and quoted aliases, so
// they are kept to [a-z0-9_] and never need escaping.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
