package model

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"sync"
)

// Migration is one step of the schema. Steps are applied in Version order,
// each in its own transaction, and recorded in schema_migrations, so running
// Migrate twice is a no-op and an older database is upgraded in place.
type Migration struct {
	Version int
	Name    string
	SQL     []string
}

var (
	registryMu sync.Mutex
	registry   = map[int]Migration{}
)

// Register adds a migration. Packages that own tables (connectors' sync log,
// metrics' derived tables) register theirs from an init function in a file
// named migrate_vN_*.go so version numbers stay visible in one folder listing.
func Register(m Migration) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if prev, ok := registry[m.Version]; ok {
		panic(fmt.Sprintf("model: migration %d registered twice (%q and %q)", m.Version, prev.Name, m.Name))
	}
	registry[m.Version] = m
}

// Migrations returns every registered migration in version order.
func Migrations() []Migration {
	registryMu.Lock()
	defer registryMu.Unlock()
	out := make([]Migration, 0, len(registry))
	for _, m := range registry {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out
}

// LatestVersion is the highest registered migration version.
func LatestVersion() int {
	ms := Migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// Migrate applies every registered migration the database has not seen.
func Migrate(ctx context.Context, db *sql.DB) error {
	return MigrateTo(ctx, db, 1<<30)
}

// MigrateTo applies the missing migrations up to and including version max;
// tests use it to build a database "as an older salesbi left it".
func MigrateTo(ctx context.Context, db *sql.DB, max int) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	applied := map[int]bool{}
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	for _, m := range Migrations() {
		if m.Version > max || applied[m.Version] {
			continue
		}
		if err := apply(ctx, db, m); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
	}
	return nil
}

func apply(ctx context.Context, db *sql.DB, m Migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range m.SQL {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%w\n%s", err, s)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.Version, m.Name); err != nil {
		return err
	}
	return tx.Commit()
}

// SchemaVersion is the highest applied migration, 0 for an empty database.
func SchemaVersion(ctx context.Context, db *sql.DB) (int, error) {
	var v sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}
