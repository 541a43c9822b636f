// Package sourcekind is the registry of source kinds as data: for each kind
// (mysql, postgres, csv, xlsx) the settings it reads under sources.<name>,
// which of them are required, and any check beyond "required is set".
//
// It is a leaf package so both sides can use it without an import cycle:
// config validates salesbi.yaml against these specs, and connectors attaches
// an opener to each spec in its one list of kinds (connectors.Kinds). A test
// in connectors fails when the two drift apart, another when a kind the docs
// name is missing here or a kind here is undocumented.
//
// Adding a kind: declare its Spec in a file of this package, add it to All,
// write the opener in connectors/<kind>.go and add it to connectors.Kinds,
// and document it in README.md ("Connecting your CRM").
package sourcekind

import (
	"fmt"
	"slices"
	"strings"
)

// Field is one setting of a source, as written under sources.<name>.
type Field struct {
	// Name is the YAML key (dsn_env, path …); it must be a key of
	// config.Source (a test checks).
	Name string
	// Type is how the value is written: string, duration, zone.
	Type string
	// Required: validation refuses a source of this kind without it.
	Required bool
	// SecretFromEnv: the value names an environment variable that holds the
	// secret (a DSN); the secret itself never lives in the file.
	SecretFromEnv bool
	// Description says what the setting is, in words for a person.
	Description string
	// Example is a value as it would be written in salesbi.yaml.
	Example string
}

// Values are a source's settings as written, keyed by Field.Name; an unset
// setting is "".
type Values map[string]string

// Problem is one thing wrong with a source's settings.
type Problem struct {
	Field   string // the YAML key at fault; "" for the source as a whole
	Message string
}

// Spec declares one source kind.
type Spec struct {
	// Name is what `kind:` says.
	Name string
	// Summary is one line for docs and messages.
	Summary string
	// Fields are the settings only this kind reads; Common applies to all.
	Fields []Field
	// TableFromOrSelect: every table mapped onto this kind gives exactly one
	// of from (a source table) or select (a query run on the source). File
	// kinds leave it false: a CSV file or a workbook sheet needs neither.
	TableFromOrSelect bool
	// Check is validation beyond required fields, or nil.
	Check func(Values) []Problem
}

// Common are the settings every kind reads.
var Common = []Field{
	{Name: "kind", Type: "string", Required: true,
		Description: "which connector reads the source", Example: "mysql"},
	{Name: "every", Type: "duration",
		Description: "sync interval under salesbi serve (default schedules.sync_every, 5m)", Example: "5m"},
	{Name: "timezone", Type: "zone",
		Description: "IANA zone of date-times the source stores without a zone (default business.timezone)", Example: "Asia/Shanghai"},
	{Name: "timeout", Type: "duration",
		Description: "one table's run is abandoned after this (default 30m)", Example: "30m"},
}

// dsnEnv is the one setting a database kind needs.
var dsnEnv = Field{Name: "dsn_env", Type: "string", Required: true, SecretFromEnv: true,
	Description: "the environment variable holding the DSN (never the DSN itself)", Example: "SALESBI_CRM_DSN"}

// MySQL is MySQL and MariaDB, read with go-sql-driver/mysql.
var MySQL = Spec{
	Name:              "mysql",
	Summary:           "a MySQL or MariaDB database",
	Fields:            []Field{dsnEnv},
	TableFromOrSelect: true,
}

// Postgres is PostgreSQL, read with pgx.
var Postgres = Spec{
	Name:              "postgres",
	Summary:           "a PostgreSQL database",
	Fields:            []Field{dsnEnv},
	TableFromOrSelect: true,
}

// CSV is one CSV file, or a folder of them that tables name in from.
var CSV = Spec{
	Name:    "csv",
	Summary: "a CSV file, or a folder whose files the tables name in from",
	Fields: []Field{{Name: "path", Type: "string", Required: true,
		Description: "a CSV file, or a folder of CSV files", Example: "/data/scores"}},
}

// XLSX is an Excel workbook; tables name a sheet.
var XLSX = Spec{
	Name:    "xlsx",
	Summary: "an Excel workbook (.xlsx or .xlsm); tables name a sheet",
	Fields: []Field{{Name: "path", Type: "string", Required: true,
		Description: "the workbook", Example: "/data/targets.xlsx"},
	},
	Check: func(v Values) []Problem {
		// excelize reads the Office Open XML formats only; an old .xls or a
		// .csv named here would otherwise fail only at the first sync.
		p := strings.ToLower(v["path"])
		if p != "" && !strings.HasSuffix(p, ".xlsx") && !strings.HasSuffix(p, ".xlsm") {
			return []Problem{{Field: "path", Message: fmt.Sprintf("%q is not an .xlsx (or .xlsm) workbook", v["path"])}}
		}
		return nil
	},
}

// All is the registry: every source kind, sorted by name. It returns a new
// slice each call so no caller can change another's view.
func All() []Spec { return []Spec{CSV, MySQL, Postgres, XLSX} }

// Names lists the kinds' names, sorted.
func Names() []string {
	var out []string
	for _, s := range All() {
		out = append(out, s.Name)
	}
	return out
}

// Lookup finds a kind by name.
func Lookup(name string) (Spec, bool) {
	i := slices.IndexFunc(All(), func(s Spec) bool { return s.Name == name })
	if i < 0 {
		return Spec{}, false
	}
	return All()[i], true
}

// UnknownKind is the message for a kind that is not registered; it lists
// the ones that are.
func UnknownKind(name string) string {
	return fmt.Sprintf("%q is not a source kind (one of %s)", name, strings.Join(Names(), ", "))
}

// Validate checks a source's settings against the spec: every required
// field is set, then the kind's own Check. The zero Spec (what Lookup gives
// for an unknown kind) checks nothing, so the caller reports the kind alone.
func (s Spec) Validate(v Values) []Problem {
	if s.Name == "" {
		return nil
	}
	var out []Problem
	for _, f := range s.AllFields() {
		if f.Required && v[f.Name] == "" {
			out = append(out, Problem{Field: f.Name, Message: fmt.Sprintf("a %s source needs %s: %s", s.Name, f.Name, f.Description)})
		}
	}
	if s.Check != nil {
		out = append(out, s.Check(v)...)
	}
	return out
}

// AllFields is Common followed by the kind's own fields.
func (s Spec) AllFields() []Field { return append(slices.Clone(Common), s.Fields...) }

// Markdown is the reference table of every kind and its settings, as
// README.md's "Connecting your CRM" shows it (a test keeps the two equal;
// `go test ./config/sourcekind -update` rewrites the README's copy).
func Markdown() string {
	var b strings.Builder
	b.WriteString("| kind | reads | its settings (besides `kind`, `every`, `timezone`, `timeout`) |\n|---|---|---|\n")
	for _, s := range All() {
		var fields []string
		for _, f := range s.Fields {
			var notes []string
			if f.Required {
				notes = append(notes, "required")
			}
			if f.SecretFromEnv {
				notes = append(notes, "names an environment variable")
			}
			note := ""
			if len(notes) > 0 {
				note = " (" + strings.Join(notes, ", ") + ")"
			}
			fields = append(fields, fmt.Sprintf("`%s`%s: %s, e.g. `%s`", f.Name, note, f.Description, f.Example))
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", s.Name, s.Summary, strings.Join(fields, "; "))
	}
	return b.String()
}
