package connectors

import (
	"context"
	"fmt"
	"sort"
	"time"

	"salesbi/config"
)

// Source is one open CRM/ERP database or file. Each kind lives in its own
// file (mysql.go, postgres.go, csv.go, xlsx.go) and registers an opener in
// init, so adding a kind touches nothing else.
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

var kinds = map[string]opener{}

// registerKind is called from each kind's init.
func registerKind(kind string, o opener) { kinds[kind] = o }

// Kinds lists the registered source kinds.
func Kinds() []string {
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// OpenSource opens the named source of cfg.
func OpenSource(ctx context.Context, cfg *config.Config, name string) (Source, error) {
	s, ok := cfg.Sources[name]
	if !ok {
		return nil, fmt.Errorf("source %q is not declared under sources", name)
	}
	o, ok := kinds[s.Kind]
	if !ok {
		return nil, fmt.Errorf("source %q: kind %q is not one of %v", name, s.Kind, Kinds())
	}
	zone := s.TimeZone
	if zone == "" {
		zone = cfg.Business.TimeZone
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("source %q: time zone %q: %w", name, zone, err)
	}
	src, err := o(ctx, name, s, loc)
	if err != nil {
		return nil, fmt.Errorf("opening source %q (%s): %w", name, s.Kind, err)
	}
	return src, nil
}
