package connectors_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/connectors"
	"salesbi/demo/crmdemo"
	"salesbi/model"
)

const myTestDB = "salesbi_conn_test"

func TestMySQLDemoCRMFullThenIncremental(t *testing.T) {
	ctx := context.Background()
	dsn, my := mysqlDatabase(t, myTestDB)
	company := fixtureCompany(t)
	written, err := crmdemo.Write(ctx, company, crmdemo.MySQL, dsn, crmdemo.Options{Loc: zone(t)})
	require.NoError(t, err)
	require.EqualValues(t, 1000, written["crm_opportunity"])

	t.Setenv("SALESBI_TEST_MYSQL_DSN", dsn)
	cfg := loadConfig(t, crmdemo.MappingYAML(crmdemo.MySQL, "crm", "SALESBI_TEST_MYSQL_DSN", zoneName))
	dst := openDuck(t)
	require.Empty(t, connectors.Check(ctx, dst, cfg))

	var changes []model.DataChange
	bus := &model.Bus{}
	bus.Subscribe(func(d model.DataChange) { changes = append(changes, d) })
	s := &connectors.Syncer{Clock: clock.System{}, DB: dst, Cfg: cfg, Bus: bus}

	runs, err := s.Sync(ctx, connectors.Options{})
	require.NoError(t, err)
	require.Len(t, runs, len(crmdemo.Schema))
	for _, r := range runs {
		require.Equal(t, "ok", r.Status, r.Table)
		require.Equal(t, "full", r.Mode, r.Table)
		require.NotNil(t, r.Watermark, r.Table)
	}
	require.Len(t, changes, len(crmdemo.Schema))
	sameAsMySQL(t, my, dst)

	// The very long text and the emoji arrived whole.
	var n int
	require.NoError(t, dst.QueryRow(`SELECT length(evidence_refs) FROM customer_health_nodes WHERE customer_id = 1`).Scan(&n))
	require.Equal(t, 200000, n)
	var name string
	require.NoError(t, dst.QueryRow(`SELECT name FROM reps WHERE rep_id = 7`).Scan(&name))
	require.Equal(t, "销售7 🚀", name)

	// Inserts, updates and deletes at the source.
	_, err = my.Exec(`UPDATE crm_opportunity SET amount = amount + 0.01, stage_code = 'W', result_code = 'W',
		modified_at = '2026-02-01 10:00:00' WHERE id IN (1, 2, 3)`)
	require.NoError(t, err)
	_, err = my.Exec(`INSERT INTO crm_visit (id, rep_id, account_id, visit_time, entered_at, notes, modified_at)
		SELECT seq, 6, 1 + seq % 500, '2026-01-31 02:00:00', '2026-01-31 03:00:00', CONCAT('新拜访 ', seq), '2026-02-01 09:00:00'
		FROM seq_9001_to_9010`)
	require.NoError(t, err)
	_, err = my.Exec(`DELETE FROM crm_visit WHERE id IN (10, 11)`)
	require.NoError(t, err)

	before := map[string]tableSums{}
	for _, tb := range crmdemo.Schema {
		before[tb.Canon] = duckSums(t, dst, tb)
	}
	changes = nil
	runs, err = s.Sync(ctx, connectors.Options{})
	require.NoError(t, err)
	byTable := map[string]connectors.Run{}
	for _, r := range runs {
		require.Equal(t, "incremental", r.Mode, r.Table)
		byTable[r.Table] = r
	}
	require.EqualValues(t, 3, byTable["opportunities"].RowsWritten)
	require.EqualValues(t, 10, byTable["visits"].RowsWritten)
	require.EqualValues(t, 2, byTable["visits"].RowsDeleted)
	for _, tb := range crmdemo.Schema {
		if tb.Canon != "opportunities" && tb.Canon != "visits" {
			require.Zero(t, byTable[tb.Canon].RowsWritten+byTable[tb.Canon].RowsDeleted, tb.Canon)
			require.Equal(t, before[tb.Canon], duckSums(t, dst, tb), "untouched table %s changed", tb.Canon)
		}
	}
	sameAsMySQL(t, my, dst)
	require.Len(t, changes, 2, "only the changed tables are announced")
	for _, c := range changes {
		require.Equal(t, "sync", c.Cause)
		require.NotEmpty(t, c.CustomerIDs)
	}
	var stage, outcome string
	require.NoError(t, dst.QueryRow(`SELECT stage, outcome FROM opportunities WHERE opp_id = 2`).Scan(&stage, &outcome))
	require.Equal(t, []string{"won", "won"}, []string{stage, outcome})

	// A row a CRM transaction stamped before the watermark but committed after
	// the run (a late commit) is picked up thanks to the overlap window.
	_, err = my.Exec(`INSERT INTO crm_visit (id, rep_id, account_id, visit_time, entered_at, notes, modified_at)
		VALUES (9500, 6, 1, '2026-01-31 02:00:00', '2026-01-31 03:00:00', 'late commit', '2026-02-01 08:55:00')`)
	require.NoError(t, err)
	runs, err = s.Sync(ctx, connectors.Options{Tables: []string{"visits"}})
	require.NoError(t, err)
	// The visits watermark is 09:00; the overlap re-reads from 08:50: the ten
	// visits stamped 09:00 (unchanged, not rewritten) and the late row.
	require.EqualValues(t, 11, runs[0].RowsRead)
	require.EqualValues(t, 1, runs[0].RowsWritten)
	sameAsMySQL(t, my, dst)

	log, err := connectors.ListRuns(ctx, dst.DB, connectors.RunFilter{Table: "visits"})
	require.NoError(t, err)
	require.Len(t, log, 3)
	require.Equal(t, "incremental", log[0].Mode)
}

// sameAsMySQL compares every mapped table's digests: MariaDB's own SQL
// on the CRM side, DuckDB's on ours.
func sameAsMySQL(t *testing.T, my *sql.DB, dst *model.DB) {
	t.Helper()
	for _, tb := range crmdemo.Schema {
		require.Equal(t, mysqlSums(t, my, dst, tb), duckSums(t, dst, tb), "table %s (CRM %s)", tb.Canon, tb.Name)
	}
}
