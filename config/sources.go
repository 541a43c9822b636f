package config

import (
	"fmt"
	"sort"
	"time"

	"gopkg.in/yaml.v3"

	"salesbi/config/sourcekind"
	"salesbi/model"
)

// Source is one CRM/ERP database or file. Owned by the connectors.
type Source struct {
	// Kind names a registered source kind (package sourcekind: mysql,
	// postgres, csv, xlsx); the kind's spec says which settings it needs.
	Kind string `yaml:"kind"`
	// DSNEnv names the environment variable holding the DSN (databases).
	// The DSN itself never lives in the file.
	DSNEnv string `yaml:"dsn_env"`
	// Path of a CSV file or folder of CSV files, or of an .xlsx workbook.
	Path string `yaml:"path"`
	// Every is the sync interval. Default schedules.sync_every (5m).
	Every time.Duration `yaml:"every"`
	// TimeZone of date-times the source stores without a zone (MySQL
	// DATETIME, PostgreSQL timestamp, text in files). Default: business.timezone.
	TimeZone string `yaml:"timezone"`
	// Timeout bounds one run of one table. Default 30m.
	Timeout time.Duration `yaml:"timeout"`
	// Line is where the source is declared in the YAML (for messages).
	Line int `yaml:"-"`
}

// Table maps one canonical table onto a source. Owned by the connectors.
type Table struct {
	// Source names an entry of sources.
	Source string `yaml:"source"`
	// From is the source table (databases) or file name inside a CSV folder.
	From string `yaml:"from"`
	// Select is a SELECT run on the source instead of From.
	Select string `yaml:"select"`
	// Sheet of an .xlsx source. Default: the first sheet.
	Sheet string `yaml:"sheet"`
	// Key lists canonical key columns. Default: the canonical primary key.
	Key []string `yaml:"key"`
	// Incremental names the SOURCE column (a date-time) that grows when a row
	// changes. Empty: every run is a full load.
	Incremental string `yaml:"incremental"`
	// Overlap re-reads rows this far behind the watermark, for transactions
	// that committed late. Default 10m.
	Overlap time.Duration `yaml:"overlap"`
	// ReconcileEvery: compare key sets to find deleted rows every Nth
	// incremental run (1 = every run, 0 = default 1, -1 = never).
	ReconcileEvery int `yaml:"reconcile_every"`
	// Columns maps canonical column → source column (a string) or a spec.
	Columns map[string]Column `yaml:"columns"`
	// Line is where the table is declared in the YAML (for messages).
	Line int `yaml:"-"`
}

// Column is how one canonical column is read from the source.
type Column struct {
	// From is the source column.
	From string `yaml:"from"`
	// Map translates source values (as text) to canonical ones before the
	// cast, e.g. stage codes → stages, 是/否/待确认 → 10/0/5.
	Map map[string]string `yaml:"map"`
	// Default is used when the source value is NULL or empty (as text).
	Default *string `yaml:"default"`
	// Cast overrides how text is read: "" (by canonical type), "unix" and
	// "unix_ms" (epoch numbers to instants).
	Cast string `yaml:"cast"`
	// Line is where the column is declared in the YAML.
	Line int `yaml:"-"`
}

// UnmarshalYAML accepts `col: source_col` as well as the full mapping, and
// remembers the line for messages.
func (c *Column) UnmarshalYAML(n *yaml.Node) error {
	c.Line = n.Line
	if n.Kind == yaml.ScalarNode {
		c.From = n.Value
		return nil
	}
	type plain Column
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*c = Column(p)
	c.Line = n.Line
	return nil
}

// UnmarshalYAML remembers the line of the table.
func (t *Table) UnmarshalYAML(n *yaml.Node) error {
	type plain Table
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*t = Table(p)
	t.Line = n.Line
	return nil
}

// UnmarshalYAML remembers the line of the source.
func (s *Source) UnmarshalYAML(n *yaml.Node) error {
	type plain Source
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*s = Source(p)
	s.Line = n.Line
	return nil
}

// values are the source's settings keyed by their YAML names, for the kind's
// spec to check. Every field a spec declares must be here (a test checks).
func (s Source) values() sourcekind.Values {
	v := sourcekind.Values{"kind": s.Kind, "dsn_env": s.DSNEnv, "path": s.Path, "timezone": s.TimeZone}
	if s.Every != 0 {
		v["every"] = s.Every.String()
	}
	if s.Timeout != 0 {
		v["timeout"] = s.Timeout.String()
	}
	return v
}

func (s *Source) applyDefaults(every time.Duration) {
	if s.Every == 0 {
		s.Every = every
	}
	if s.Timeout == 0 {
		s.Timeout = 30 * time.Minute
	}
}

// Casts are the values Column.Cast accepts.
var Casts = []string{"", "unix", "unix_ms"}

// At formats a location for messages: "salesbi.yaml:12: tables.x.columns.y".
func (c *Config) At(line int, path string) string {
	file := c.path
	if file == "" {
		file = "salesbi.yaml"
	}
	if line > 0 {
		return fmt.Sprintf("%s:%d: %s", file, line, path)
	}
	return fmt.Sprintf("%s: %s", file, path)
}

// validateSources checks what can be checked without the source itself;
// `salesbi sync --check` checks the rest against the live source.
func (c *Config) validateSources() []error {
	var errs []error
	bad := func(line int, path, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", c.At(line, path), fmt.Sprintf(format, a...)))
	}
	for _, name := range sortedKeys(c.Sources) {
		s := c.Sources[name]
		p := "sources." + name
		spec, ok := sourcekind.Lookup(s.Kind)
		if !ok {
			bad(s.Line, p+".kind", "%s", sourcekind.UnknownKind(s.Kind))
		}
		for _, pr := range spec.Validate(s.values()) { // a zero spec (unknown kind) checks nothing
			at := p
			if pr.Field != "" {
				at += "." + pr.Field
			}
			bad(s.Line, at, "%s", pr.Message)
		}
		if s.TimeZone != "" {
			if _, err := time.LoadLocation(s.TimeZone); err != nil {
				bad(s.Line, p+".timezone", "unknown zone %q", s.TimeZone)
			}
		}
	}
	canonical := map[string]bool{}
	for _, t := range model.CanonicalTables {
		canonical[t] = true
	}
	for _, name := range sortedKeys(c.Tables) {
		t := c.Tables[name]
		p := "tables." + name
		if !canonical[name] {
			bad(t.Line, p, "not a canonical table (one of %v)", model.CanonicalTables)
		}
		if _, ok := c.Sources[t.Source]; !ok {
			bad(t.Line, p+".source", "unknown source %q", t.Source)
		}
		if spec, ok := sourcekind.Lookup(c.Sources[t.Source].Kind); ok && spec.TableFromOrSelect && (t.From == "") == (t.Select == "") {
			bad(t.Line, p, "give exactly one of from or select")
		}
		if len(t.Columns) == 0 {
			bad(t.Line, p+".columns", "map at least one column")
		}
		if t.Overlap < 0 {
			bad(t.Line, p+".overlap", "must not be negative")
		}
		for _, col := range sortedKeys(t.Columns) {
			cs := t.Columns[col]
			if cs.From == "" && cs.Default == nil {
				bad(cs.Line, p+".columns."+col, "needs from (a source column) or default")
			}
			ok := false
			for _, k := range Casts {
				ok = ok || k == cs.Cast
			}
			if !ok {
				bad(cs.Line, p+".columns."+col+".cast", "%q is not one of unix, unix_ms", cs.Cast)
			}
		}
	}
	return errs
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
