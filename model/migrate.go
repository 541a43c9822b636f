package model

import (
	"context"
	"database/sql"
	"fmt"
)

// Migration is one step of the schema. Steps are applied in Version order,
// each in its own transaction, and recorded in schema_migrations, so running
// Migrate twice is a no-op and an older database is upgraded in place.
type Migration struct {
	Version int
	Name    string
	SQL     []string
}

// Migrations is the schema, in version order: the one list of every step.
// Each step lives in a file named migrate_vN_*.go (so version numbers stay
// visible in one folder listing) and is added here by hand; a test checks the
// versions run 1..N without gaps. Packages that own tables (connectors' sync
// log, metrics' derived tables) put their steps in this folder too, so the
// order never depends on which packages a binary happens to link.
func Migrations() []Migration {
	return []Migration{
		v1Canonical,
		v2Settings,
		v3Sync,
		v4Metrics,
		v5Builder,
		v6CustomPanels,
	}
}

// LatestVersion is the highest migration version.
func LatestVersion() int {
	ms := Migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// Migrate applies every migration the database has not seen.
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
	applied, err := appliedVersions(ctx, db)
	if err != nil {
		return fmt.Errorf("reading schema_migrations: %w", err)
	}
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

func appliedVersions(ctx context.Context, db *sql.DB) (map[int]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
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
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
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
