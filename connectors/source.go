package connectors

import (
	"context"
	"fmt"
	"slices"
	"time"

	"salesbi/config"
	"salesbi/config/sourcekind"
)

// Source is one open CRM/ERP database or file. Each kind lives in its own
// file (mysql.go, postgres.go, csv.go, xlsx.go) with its opener; its
// settings are declared in package sourcekind, and Kinds pairs the two.
type Source interface {
	// Describe lists the columns the table mapping reads from (its from
	// table, select, file or sheet), for --check and for planning.
	Describe(ctx context.Context, t config.Table) ([]SourceColumn, error)
	// Read streams the named source columns. Since, when set, keeps only rows
	// whose Incremental column is at or after it.
	Read(ctx context.Context, q Query) (Rows, error)
	Close() error
}

// SourceColumn is a column as the source reports it.
type SourceColumn struct {
	Name string
	Type string // the source's own type name (DATETIME, numeric, text …)
}

// Query is one read.
type Query struct {
	Table       config.Table
	Columns     []string
	Incremental string
	Since       *time.Time
}

// Rows streams values. Values returns one value per Query.Columns, valid
// until the next call to Next; a value is nil, []byte or string (text the
// converters parse), int64, float64, bool, time.Time (already in the right
// zone) or a kind-specific number the converters know.
type Rows interface {
	Next() bool
	Values() []any
	// Row is the 1-based position of the current row (a file's line).
	Row() int64
	Err() error
	Close() error
}

// opener opens a source of one kind; loc is the zone of zone-less date-times.
type opener func(ctx context.Context, name string, s config.Source, loc *time.Location) (Source, error)

// Kind is a registered source kind: its declared settings (which config
// validates salesbi.yaml against) and how to open it.
type Kind struct {
	sourcekind.Spec
	open opener
}

// Kinds is the one list of source kinds the connectors can open, in
// sourcekind.All's order. A test checks it covers sourcekind.All exactly.
func Kinds() []Kind {
	return []Kind{
		{Spec: sourcekind.CSV, open: openCSV},
		{Spec: sourcekind.MySQL, open: openMySQL},
		{Spec: sourcekind.Postgres, open: openPostgres},
		{Spec: sourcekind.XLSX, open: openXLSX},
	}
}

// OpenSource opens the named source of cfg.
func OpenSource(ctx context.Context, cfg *config.Config, name string) (Source, error) {
	s, ok := cfg.Sources[name]
	if !ok {
		return nil, fmt.Errorf("source %q is not declared under sources", name)
	}
	ks := Kinds()
	i := slices.IndexFunc(ks, func(k Kind) bool { return k.Name == s.Kind })
	if i < 0 {
		return nil, fmt.Errorf("source %q: kind %s", name, sourcekind.UnknownKind(s.Kind))
	}
	zone := s.TimeZone
	if zone == "" {
		zone = cfg.Business.TimeZone
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("source %q: time zone %q: %w", name, zone, err)
	}
	src, err := ks[i].open(ctx, name, s, loc)
	if err != nil {
		return nil, fmt.Errorf("opening source %q (%s): %w", name, s.Kind, err)
	}
	return src, nil
}
