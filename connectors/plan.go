package connectors

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"salesbi/config"
)

// canonColumn is a column of a canonical table as DuckDB's catalog has it.
type canonColumn struct {
	Name       string
	Type       string
	NotNull    bool
	HasDefault bool
	// Default is the column's default expression from DuckDB's catalog;
	// a NULL from the source in a NOT NULL column takes it.
	Default string
}

// canonicalTable reads a canonical table's columns and primary key from
// DuckDB's own catalog: the live schema is the truth the mapping must fit.
func canonicalTable(ctx context.Context, db *sql.DB, table string) ([]canonColumn, []string, error) {
	rows, err := db.QueryContext(ctx, `SELECT column_name, data_type, NOT is_nullable, column_default IS NOT NULL, coalesce(column_default, '')
		FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`, table)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the columns of %s: %w", table, err)
	}
	defer rows.Close()
	var cols []canonColumn
	for rows.Next() {
		var c canonColumn
		if err := rows.Scan(&c.Name, &c.Type, &c.NotNull, &c.HasDefault, &c.Default); err != nil {
			return nil, nil, err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("%s is not a table of the canonical model", table)
	}
	var pk []string
	var keys sql.NullString
	err = db.QueryRowContext(ctx, `SELECT array_to_string(constraint_column_names, ',') FROM duckdb_constraints()
		WHERE schema_name = 'main' AND table_name = $1 AND constraint_type = 'PRIMARY KEY'`, table).Scan(&keys)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("reading the primary key of %s: %w", table, err)
	}
	if keys.Valid && keys.String != "" {
		pk = strings.Split(keys.String, ",")
	}
	return cols, pk, nil
}

// mappedColumn is one canonical column filled from the source.
type mappedColumn struct {
	canonColumn
	Src  int // index into tablePlan.SrcCols, -1 when only a default fills it
	Conv converter
	// Spec is the column's mapping (its cast, map and default decide
	// whether the typed fast paths of the stage may read it; see sinks).
	Spec config.Column
	// useDefault: a NULL takes def, the column's default evaluated once
	// (a full load's NOT NULL column with a default; Conv does the same).
	useDefault bool
	def        driver.Value
}

// tablePlan is a validated mapping of one canonical table: what to read
// from the source and how to convert it. Built only by planTable.
type tablePlan struct {
	Table   string
	Source  string
	Spec    config.Table
	Columns []mappedColumn // in canonical column order
	SrcCols []string       // distinct source columns to read
	Key     []string       // canonical key columns
	IncIdx  int            // index of the incremental column in SrcCols, -1 if none
	IncConv converter
	Loc     *time.Location
	// Canon is every column of the canonical table and PrimaryKey its own
	// primary key (Key may differ when the mapping names one): a full load
	// builds a complete copy of the table from them.
	Canon      []canonColumn
	PrimaryKey []string
	// otherUnique: the table has UNIQUE constraints besides its key (set
	// by createFullStage, for the wording of a duplicate-key error).
	otherUnique bool
}

// Problem is one thing wrong with the mapping, with its YAML location.
type Problem struct {
	At  string
	Msg string
}

func (p Problem) String() string { return p.At + ": " + p.Msg }

// planTable validates the mapping of table against the canonical schema and,
// when described is not nil, against the source's columns. It returns every
// problem found, not just the first.
func planTable(ctx context.Context, db *sql.DB, cfg *config.Config, table string, described []SourceColumn) (*tablePlan, []Problem, error) {
	spec := cfg.Tables[table]
	at := func(line int, path string) string { return cfg.At(line, "tables."+table+path) }
	var probs []Problem
	bad := func(line int, path, format string, a ...any) {
		probs = append(probs, Problem{at(line, path), fmt.Sprintf(format, a...)})
	}
	cols, pk, err := canonicalTable(ctx, db, table)
	if err != nil {
		// Not a failure of the check: a missing canonical table is a problem
		// of the mapping, reported with the others.
		return nil, []Problem{{at(spec.Line, ""), err.Error()}}, nil //nolint:nilerr // see above
	}
	loc, err := sourceZone(cfg, spec.Source)
	if err != nil {
		return nil, nil, err
	}
	srcTypes := map[string]string{}
	for _, c := range described {
		srcTypes[strings.ToLower(c.Name)] = c.Type
	}
	srcName := func(n string) string { // the source's own spelling
		for _, c := range described {
			if strings.EqualFold(c.Name, n) {
				return c.Name
			}
		}
		return n
	}
	p := &tablePlan{Table: table, Source: spec.Source, Spec: spec, IncIdx: -1, Loc: loc, Canon: cols, PrimaryKey: pk}
	srcIndex := map[string]int{}
	addSrc := func(n string) int {
		n = srcName(n)
		if i, ok := srcIndex[strings.ToLower(n)]; ok {
			return i
		}
		p.SrcCols = append(p.SrcCols, n)
		srcIndex[strings.ToLower(n)] = len(p.SrcCols) - 1
		return len(p.SrcCols) - 1
	}
	known := map[string]canonColumn{}
	for _, c := range cols {
		known[c.Name] = c
	}
	names := make([]string, 0, len(spec.Columns))
	for n := range spec.Columns {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, ok := known[n]; !ok {
			bad(spec.Columns[n].Line, ".columns."+n, "%s has no column %q", table, n)
		}
	}
	for _, c := range cols {
		cs, ok := spec.Columns[c.Name]
		if !ok {
			if c.NotNull && !c.HasDefault {
				bad(spec.Line, ".columns", "required column %s (%s, NOT NULL) is not mapped", c.Name, c.Type)
			}
			continue
		}
		conv, err := newConverter(c.Type, cs, loc)
		if err != nil {
			bad(cs.Line, ".columns."+c.Name, "%v", err)
			continue
		}
		m := mappedColumn{canonColumn: c, Src: -1, Conv: conv, Spec: cs}
		if cs.From != "" {
			if described != nil {
				st, ok := srcTypes[strings.ToLower(cs.From)]
				if !ok {
					bad(cs.Line, ".columns."+c.Name, "source %s has no column %q", describeWhat(spec), cs.From)
				} else if len(cs.Map) == 0 {
					if why := castProblem(st, c.Type, cs.Cast); why != "" {
						bad(cs.Line, ".columns."+c.Name, "source column %s (%s) cannot be cast to %s: %s", cs.From, st, c.Type, why)
					}
				}
			}
			m.Src = addSrc(cs.From)
		}
		p.Columns = append(p.Columns, m)
	}
	p.Key = spec.Key
	if len(p.Key) == 0 {
		p.Key = pk
	}
	for _, k := range p.Key {
		if cs, ok := spec.Columns[k]; !ok || cs.From == "" {
			bad(spec.Line, ".key", "key column %s must be mapped from a source column", k)
		}
		if _, ok := known[k]; !ok {
			bad(spec.Line, ".key", "%s has no column %q", table, k)
		}
	}
	if len(p.Key) == 0 {
		bad(spec.Line, ".key", "no key: give key: [columns]")
	}
	if spec.Incremental != "" {
		if described != nil {
			st, ok := srcTypes[strings.ToLower(spec.Incremental)]
			if !ok {
				bad(spec.Line, ".incremental", "source %s has no column %q", describeWhat(spec), spec.Incremental)
			} else if c := typeClass(st); c != "time" && c != "text" {
				bad(spec.Line, ".incremental", "column %s is %s; the incremental column must be a date-time", spec.Incremental, st)
			}
		}
		p.IncIdx = addSrc(spec.Incremental)
		p.IncConv = timeConverter("", loc)
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	return p, nil, nil
}

func describeWhat(t config.Table) string {
	switch {
	case t.From != "":
		return fmt.Sprintf("table %q", t.From)
	case t.Select != "":
		return "select"
	case t.Sheet != "":
		return fmt.Sprintf("sheet %q", t.Sheet)
	}
	return "file"
}

func sourceZone(cfg *config.Config, source string) (*time.Location, error) {
	zone := cfg.Sources[source].TimeZone
	if zone == "" {
		zone = cfg.Business.TimeZone
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("source %q: time zone %q: %w", source, zone, err)
	}
	return loc, nil
}

// typeClass sorts a source type name into number, time, bool or text;
// files report "text" for every column.
func typeClass(t string) string {
	t = strings.ToLower(t)
	switch {
	case strings.Contains(t, "date") || strings.Contains(t, "time"):
		return "time"
	case strings.Contains(t, "bool") || t == "bit":
		return "bool"
	case strings.Contains(t, "int") || strings.Contains(t, "dec") || strings.Contains(t, "numeric") ||
		strings.Contains(t, "float") || strings.Contains(t, "double") || strings.Contains(t, "real"):
		return "number"
	}
	return "text"
}

// castProblem says why a source type cannot become a canonical type ("" if
// it can). Text can become anything (checked value by value while loading).
func castProblem(src, canon, cast string) string {
	s := typeClass(src)
	switch {
	case s == "text":
		return ""
	case canon == "VARCHAR":
		return ""
	case canon == "BIGINT" || canon == "DOUBLE" || strings.HasPrefix(canon, "DECIMAL"):
		if s == "time" {
			return "a date-time is not a number"
		}
	case canon == "DATE" || strings.HasPrefix(canon, "TIMESTAMP"):
		if s == "number" && cast == "" {
			return "a number is not a date-time (set cast: unix or unix_ms for epoch numbers)"
		}
		if s == "bool" {
			return "a yes/no value is not a date-time"
		}
	case canon == "BOOLEAN":
		if s == "time" {
			return "a date-time is not a yes/no value"
		}
	}
	return ""
}
