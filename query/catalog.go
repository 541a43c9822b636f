package query

import (
	"fmt"
	"sort"
	"sync"

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

// Label is a name shown to people, in both supported languages.
type Label struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// In returns the label for locale ("en…" gives English, anything else zh-CN).
func (l Label) In(locale string) string {
	if len(locale) >= 2 && locale[:2] == "en" {
		return l.EN
	}
	return l.ZH
}

// Field is one column a dataset offers. SQL is an expression over the
// dataset's table aliases; it is trusted catalog text, never user input.
type Field struct {
	Name  string `json:"name"`
	Kind  Kind   `json:"kind"`
	Type  Type   `json:"type"`
	Label Label  `json:"label"`
	SQL   string `json:"-"`
	// Joins the expression needs, by Join.Name.
	Joins []string `json:"-"`
	// Codes names the code family of the values (model.KindStage …); the
	// catalog then carries their labels so pages show 赢单, not "won".
	Codes      string           `json:"-"`
	CodeLabels map[string]Label `json:"codes,omitempty"`
}

// Join is one table a dataset may join, with the aliases it relies on.
type Join struct {
	Name  string // e.g. "region"
	Table string // canonical table, for cache invalidation
	SQL   string // e.g. "LEFT JOIN regions r ON r.region_id = l.region_id"
	Needs []string
}

// Dataset is a base table with its fields and joins.
type Dataset struct {
	Name  string `json:"name"`
	Label Label  `json:"label"`
	// Table and Alias of the base table: FROM <Table> <Alias>.
	Table string `json:"-"`
	Alias string `json:"-"`
	// Owner is the SQL of the rep who owns a row (row-level restriction),
	// with the joins it needs; a rep sees rows where it equals their rep id.
	Owner      string   `json:"-"`
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

var (
	catalogMu sync.RWMutex
	catalog   = map[string]*Dataset{}
)

// Register adds a dataset to the catalog. Call it from an init function in
// a file named catalog_<area>.go (catalog_sales.go, catalog_metrics.go …),
// one file per area, so several parts can add datasets without touching a
// shared file. It panics on a malformed dataset: a catalog bug must fail
// every test, not a user's query.
func Register(d Dataset) {
	if err := d.check(); err != nil {
		panic(fmt.Sprintf("query: dataset %q: %v", d.Name, err))
	}
	catalogMu.Lock()
	defer catalogMu.Unlock()
	if _, dup := catalog[d.Name]; dup {
		panic(fmt.Sprintf("query: dataset %q registered twice", d.Name))
	}
	dd := d
	dd.Fields = append([]Field{}, d.Fields...)
	for i, f := range dd.Fields {
		if f.Codes == "" {
			continue
		}
		dd.Fields[i].CodeLabels = map[string]Label{}
		for code, l := range model.Labels[f.Codes] {
			dd.Fields[i].CodeLabels[code] = Label{ZH: l.ZH, EN: l.EN}
		}
	}
	catalog[d.Name] = &dd
}

// Lookup finds a dataset.
func Lookup(name string) (*Dataset, bool) {
	catalogMu.RLock()
	defer catalogMu.RUnlock()
	d, ok := catalog[name]
	return d, ok
}

// Datasets lists the catalog sorted by name (GET /api/catalog).
func Datasets() []*Dataset {
	catalogMu.RLock()
	defer catalogMu.RUnlock()
	out := make([]*Dataset, 0, len(catalog))
	for _, d := range catalog {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// check validates a dataset's internal references.
func (d *Dataset) check() error {
	if d.Name == "" || d.Table == "" || d.Alias == "" || d.Owner == "" {
		return fmt.Errorf("name, table, alias and owner are required")
	}
	seen := map[string]bool{}
	for _, f := range d.Fields {
		if seen[f.Name] {
			return fmt.Errorf("field %q twice", f.Name)
		}
		seen[f.Name] = true
		if !isIdent(f.Name) {
			return fmt.Errorf("field name %q: want lower-case letters, digits and _", f.Name)
		}
		if f.SQL == "" || f.Label.ZH == "" || f.Label.EN == "" {
			return fmt.Errorf("field %q needs SQL and both labels", f.Name)
		}
		for _, j := range f.Joins {
			if _, ok := d.join(j); !ok {
				return fmt.Errorf("field %q needs unknown join %q", f.Name, j)
			}
		}
	}
	for _, j := range d.Joins {
		for _, n := range j.Needs {
			if _, ok := d.join(n); !ok {
				return fmt.Errorf("join %q needs unknown join %q", j.Name, n)
			}
		}
	}
	for _, n := range append(append([]string{}, d.Drill...), d.Records...) {
		if !seen[n] {
			return fmt.Errorf("drill/records name unknown field %q", n)
		}
	}
	return nil
}

// isIdent: catalog names become quoted SQL aliases, so they are kept to
// [a-z0-9_] and never need escaping.
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
