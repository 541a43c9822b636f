package model_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

func TestMigrateFreshCreatesEveryCanonicalTable(t *testing.T) {
	ctx := context.Background()
	db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "512MB"})
	require.NoError(t, err)
	defer db.Close()
	v, err := model.SchemaVersion(ctx, db.DB)
	require.NoError(t, err)
	require.Equal(t, model.LatestVersion(), v)
	for _, tbl := range model.CanonicalTables {
		var pk, updated int
		require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE constraint_type = 'PRIMARY KEY')
			FROM duckdb_constraints() WHERE table_name = $1`, tbl).Scan(&pk), tbl)
		require.Equal(t, 1, pk, "%s has a primary key", tbl)
		require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_columns()
			WHERE table_name = $1 AND column_name = 'updated_at' AND data_type = 'TIMESTAMP WITH TIME ZONE'`, tbl).Scan(&updated))
		require.Equal(t, 1, updated, "%s has updated_at TIMESTAMPTZ", tbl)
	}
	// Money is DECIMAL(18,2) everywhere.
	rows, err := db.QueryContext(ctx, `SELECT table_name, column_name, data_type FROM duckdb_columns()
		WHERE column_name IN ('amount', 'target_amount', 'annual_purchase')`)
	require.NoError(t, err)
	defer rows.Close()
	n := 0
	for rows.Next() {
		var tbl, col, typ string
		require.NoError(t, rows.Scan(&tbl, &col, &typ))
		require.Equal(t, "DECIMAL(18,2)", typ, "%s.%s", tbl, col)
		n++
	}
	require.NoError(t, rows.Err())
	require.GreaterOrEqual(t, n, 4)
}

func TestMigrateTwiceIsANoOp(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "twice.duckdb")
	db, err := model.Open(ctx, path, model.Options{MemoryLimit: "512MB"})
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO regions (region_id, name) VALUES (1, '华东')`)
	require.NoError(t, err)
	require.NoError(t, model.Migrate(ctx, db.DB))
	var applied int
	require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&applied))
	require.Equal(t, len(model.Migrations()), applied)
	require.NoError(t, db.Close())

	// Reopening migrates again: nothing applied twice, data intact.
	db, err = model.Open(ctx, path, model.Options{MemoryLimit: "512MB"})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&applied))
	require.Equal(t, len(model.Migrations()), applied)
	var name string
	require.NoError(t, db.QueryRowContext(ctx, `SELECT name FROM regions WHERE region_id = 1`).Scan(&name))
	require.Equal(t, "华东", name)
}

func TestMigrateUpgradesAnOlderDatabaseInPlace(t *testing.T) {
	ctx := context.Background()
	ms := model.Migrations()
	require.GreaterOrEqual(t, len(ms), 2, "need a previous version to upgrade from")
	prev := ms[len(ms)-2].Version
	path := filepath.Join(t.TempDir(), "old.duckdb")

	// Build the database as the previous salesbi left it, with data in it.
	raw, err := model.OpenRaw(ctx, path)
	require.NoError(t, err)
	require.NoError(t, model.MigrateTo(ctx, raw, prev))
	_, err = raw.ExecContext(ctx, `INSERT INTO customers (customer_id, name, annual_purchase) VALUES (7, '杭州云帆科技', 850000.00)`)
	require.NoError(t, err)
	v, err := model.SchemaVersion(ctx, raw)
	require.NoError(t, err)
	require.Equal(t, prev, v)
	require.NoError(t, raw.Close())

	db, err := model.Open(ctx, path, model.Options{MemoryLimit: "512MB"})
	require.NoError(t, err)
	defer db.Close()
	v, err = model.SchemaVersion(ctx, db.DB)
	require.NoError(t, err)
	require.Equal(t, model.LatestVersion(), v)
	var amount string
	require.NoError(t, db.QueryRowContext(ctx, `SELECT annual_purchase::VARCHAR FROM customers WHERE customer_id = 7`).Scan(&amount))
	require.Equal(t, "850000.00", amount)
}

func TestFailedMigrationLeavesNoHalfStep(t *testing.T) {
	ctx := context.Background()
	raw, err := model.OpenRaw(ctx, "")
	require.NoError(t, err)
	defer raw.Close()
	require.NoError(t, model.MigrateTo(ctx, raw, 1))
	bad := model.Migration{Version: 1 << 20, Name: "broken", SQL: []string{
		`CREATE TABLE half_done (x INT)`, `THIS IS NOT SQL`}}
	err = model.ApplyForTest(ctx, raw, bad)
	require.Error(t, err)
	var n int
	require.NoError(t, raw.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half_done'`).Scan(&n))
	require.Equal(t, 0, n, "the step's first statement was rolled back")
}

func TestEveryConnectionHasTheBusinessZoneAndGroupingOptions(t *testing.T) {
	ctx := context.Background()
	db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "512MB", TimeZone: "America/New_York"})
	require.NoError(t, err)
	defer db.Close()
	db.SetMaxOpenConns(4)
	// Hold several connections at once so the pool opens new ones.
	var conns []interface{ Close() error }
	for i := 0; i < 3; i++ {
		c, err := db.Conn(ctx)
		require.NoError(t, err)
		conns = append(conns, c)
		var zone, perfect string
		require.NoError(t, c.QueryRowContext(ctx, `SELECT current_setting('TimeZone'), current_setting('perfect_ht_threshold')::VARCHAR`).Scan(&zone, &perfect))
		require.Equal(t, "America/New_York", zone)
		require.Equal(t, "20", perfect)
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestMigrationVersionsRunOneToNWithoutGaps(t *testing.T) {
	ms := model.Migrations()
	require.NotEmpty(t, ms)
	for i, m := range ms {
		require.Equal(t, i+1, m.Version, "migration %q is at position %d of the list", m.Name, i+1)
		require.NotEmpty(t, m.Name)
		require.NotEmpty(t, m.SQL)
	}
	require.Equal(t, len(ms), model.LatestVersion())
}
