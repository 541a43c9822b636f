package connectors_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/connectors"
	"salesbi/demo/crmdemo"
	"salesbi/model"
)

func sameAsPostgres(t *testing.T, pg *pgx.Conn, dst *model.DB) {
	t.Helper()
	for _, tb := range crmdemo.Schema {
		require.Equal(t, pgSums(t, pg, dst, tb), duckSums(t, dst, tb), "table %s (CRM %s)", tb.Canon, tb.Name)
	}
}

func TestPostgresDemoCRMFullThenIncremental(t *testing.T) {
	ctx := context.Background()
	dsn, pg := pgDatabase(t, "salesbi_conn_test")
	company := fixtureCompany(t)
	_, err := crmdemo.Write(ctx, company, crmdemo.Postgres, dsn, crmdemo.Options{Loc: zone(t)})
	require.NoError(t, err)

	t.Setenv("SALESBI_TEST_PG_DSN", dsn)
	cfg := loadConfig(t, crmdemo.MappingYAML(crmdemo.Postgres, "crm", "SALESBI_TEST_PG_DSN", zoneName))
	dst := openDuck(t)
	require.Empty(t, connectors.Check(ctx, dst, cfg))
	s := &connectors.Syncer{Clock: clock.System{}, DB: dst, Cfg: cfg}
	runs, err := s.Sync(ctx, connectors.Options{})
	require.NoError(t, err)
	for _, r := range runs {
		require.Equal(t, "ok", r.Status, r.Table)
	}
	sameAsPostgres(t, pg, dst)

	_, err = pg.Exec(ctx, `UPDATE crm_account_health SET plan_ok = '否', modified_at = '2026-02-01 10:00' WHERE account_id <= 5`)
	require.NoError(t, err)
	_, err = pg.Exec(ctx, `INSERT INTO crm_contract SELECT i, i, 1, 1234.56, '2026-01-31 10:00', '2026-01-31 03:00+00', NULL, '2026-02-01 10:00'
		FROM generate_series(1001, 1100) i`)
	require.NoError(t, err)
	_, err = pg.Exec(ctx, `DELETE FROM crm_contract WHERE id <= 20`)
	require.NoError(t, err)
	runs, err = s.Sync(ctx, connectors.Options{})
	require.NoError(t, err)
	got := map[string]connectors.Run{}
	for _, r := range runs {
		require.Equal(t, "incremental", r.Mode)
		got[r.Table] = r
	}
	require.EqualValues(t, 100, got["contracts"].RowsWritten)
	require.EqualValues(t, 20, got["contracts"].RowsDeleted)
	require.LessOrEqual(t, got["customer_health_nodes"].RowsWritten, int64(5))
	sameAsPostgres(t, pg, dst)
}
