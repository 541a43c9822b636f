package connectors_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/clock"
	"salesbi/connectors"
	"salesbi/model"
)

const bigRows = 600000

const bigMapping = `
sources:
  crm:
    kind: mysql
    dsn_env: SALESBI_TEST_MYSQL_DSN
    timezone: Asia/Shanghai
tables:
  visits:
    source: crm
    from: big_visit
    incremental: modified_at
    columns:
      visit_id: id
      rep_id: rep_id
      customer_id: account_id
      visited_at: visit_time
      recorded_at: entered_at
      purpose: notes
      updated_at: modified_at
`

// visitsDigest is what a dashboard would see of the visits table.
func visitsDigest(db *model.DB) (string, error) {
	var n, l int64
	var m sql.NullTime
	err := db.QueryRow(`SELECT count(*), coalesce(sum(length(purpose)), 0), max(updated_at) FROM visits`).Scan(&n, &l, &m)
	return fmt.Sprintf("%d/%d/%v", n, l, m.Time.UTC()), err
}

// TestMySQLKilledMidFullLoad kills the source connection after more than
// half the rows reached the staging table: the run fails naming source and
// table, readers see the old data throughout, data and watermark stay, and
// the next run succeeds.
func TestMySQLKilledMidFullLoad(t *testing.T) {
	ctx := context.Background()
	my, dst, s, old := syncedBigVisit(t, "_kill", bigRows, 50000)
	require.True(t, strings.HasPrefix(old, fmt.Sprint(bigRows)+"/"), old)
	oldWM, err := connectors.GetWatermark(ctx, dst.DB, "visits")
	require.NoError(t, err)

	// The source changes, so a completed load would show.
	_, err = my.Exec(`UPDATE big_visit SET notes = CONCAT(notes, ' v2'), modified_at = '2026-01-11 09:00:00'`)
	require.NoError(t, err)

	// A reader keeps querying while the load runs.
	stop := make(chan struct{})
	var reads atomic.Int64
	var readerErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			d, err := visitsDigest(dst)
			if err == nil && d != old {
				err = fmt.Errorf("reader saw %s, want the old %s", d, old)
			}
			if err != nil {
				readerErr = err
				return
			}
			reads.Add(1)
		}
	}()

	var killed atomic.Bool
	var stagedSeen int64
	s.OnRows = func(table string, staged int64) {
		// staged rows have been flushed into the staging table.
		if staged < bigRows/2 || killed.Swap(true) {
			return
		}
		// Seen from another connection: the rows are in the staging table.
		require.NoError(t, dst.QueryRow(`SELECT count(*) FROM stage_visits`).Scan(&stagedSeen))
		var id int64
		require.NoError(t, my.QueryRow(`SELECT id FROM information_schema.PROCESSLIST
			WHERE INFO LIKE 'SELECT %big_visit%' AND INFO NOT LIKE '%PROCESSLIST%' LIMIT 1`).Scan(&id))
		_, err := my.Exec(fmt.Sprintf("KILL CONNECTION %d", id))
		require.NoError(t, err)
	}
	runs, err := s.Sync(ctx, connectors.Options{Full: true})
	close(stop)
	wg.Wait()
	require.True(t, killed.Load(), "the connection was killed")
	require.Error(t, err)
	require.GreaterOrEqual(t, stagedSeen, int64(bigRows/2), "at least half the rows had reached staging")
	require.Contains(t, err.Error(), "crm")
	require.Contains(t, err.Error(), "visits")
	require.Equal(t, "failed", runs[0].Status)
	require.NoError(t, readerErr)
	require.Positive(t, reads.Load())
	t.Logf("killed after %d staged rows; reader ran %d queries, all on the old data; error: %v", stagedSeen, reads.Load(), err)

	now, err := visitsDigest(dst)
	require.NoError(t, err)
	require.Equal(t, old, now)
	wm, err := connectors.GetWatermark(ctx, dst.DB, "visits")
	require.NoError(t, err)
	require.Equal(t, oldWM, wm)
	failed, err := connectors.ListRuns(ctx, dst.DB, connectors.RunFilter{Status: "failed"})
	require.NoError(t, err)
	require.Len(t, failed, 1)
	require.Contains(t, failed[0].Error, "visits")

	// A source too slow for the table's timeout fails the same clean way.
	s.OnRows = nil
	cfg := s.Cfg
	src := cfg.Sources["crm"]
	src.Timeout = 200 * time.Millisecond
	cfg.Sources["crm"] = src
	runs, err = s.Sync(ctx, connectors.Options{Full: true})
	require.Error(t, err)
	require.Contains(t, err.Error(), "deadline exceeded")
	require.Equal(t, "failed", runs[0].Status)
	now, err = visitsDigest(dst)
	require.NoError(t, err)
	require.Equal(t, old, now)
	src.Timeout = time.Hour
	cfg.Sources["crm"] = src

	// The next run retries and succeeds.
	runs, err = s.Sync(ctx, connectors.Options{})
	require.NoError(t, err)
	require.Equal(t, "incremental", runs[0].Mode)
	require.EqualValues(t, bigRows, runs[0].RowsWritten)
	now, err = visitsDigest(dst)
	require.NoError(t, err)
	require.NotEqual(t, old, now)
}

// TestMySQLAwkwardValues: zero dates, NULLs, DECIMAL money, DATETIME vs
// TIMESTAMP zones, utf8mb4 Chinese and emoji, very long text; then a cast
// error names its row and column and changes nothing.
func TestMySQLAwkwardValues(t *testing.T) {
	ctx := context.Background()
	dsn, my := mysqlDatabase(t, myTestDB+"_values")
	_, err := my.Exec(`SET SESSION sql_mode = ''`)
	require.NoError(t, err)
	_, err = my.Exec(`CREATE TABLE acct (id BIGINT PRIMARY KEY, name LONGTEXT, purchase DECIMAL(18,2),
		created DATETIME, seen TIMESTAMP NULL DEFAULT NULL, born DATE, modified_at DATETIME NOT NULL) DEFAULT CHARSET=utf8mb4`)
	require.NoError(t, err)
	// One connection, so the session's sql_mode (zero dates allowed) holds.
	conn, err := my.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, `SET SESSION sql_mode = '', time_zone = '+00:00'`)
	require.NoError(t, err)
	_, err = conn.ExecContext(ctx, `INSERT INTO acct VALUES
		(1, '华为技术有限公司 😀👍', 9999999999999999.99, '2026-01-31 08:00:00', '2026-01-31 00:00:00', '2020-02-29', '2026-01-31 08:00:00'),
		(2, REPEAT('🚀', 100000), NULL, '0000-00-00 00:00:00', NULL, '0000-00-00', '2026-01-31 08:00:00'),
		(3, '', -0.01, NULL, '1970-01-01 00:00:01', NULL, '2026-01-31 08:00:00')`)
	require.NoError(t, err)
	t.Setenv("SALESBI_TEST_MYSQL_DSN", dsn)
	cfg := loadConfig(t, `
sources:
  crm: {kind: mysql, dsn_env: SALESBI_TEST_MYSQL_DSN, timezone: Asia/Shanghai}
tables:
  customers:
    source: crm
    from: acct
    columns:
      customer_id: id
      name: name
      annual_purchase: purchase
      created_at: created
      updated_at: seen
`)
	dst := openDuck(t)
	s := &connectors.Syncer{Clock: clock.System{}, DB: dst, Cfg: cfg}
	_, err = s.Sync(ctx, connectors.Options{})
	require.NoError(t, err)

	type row struct {
		name     string
		purchase sql.NullString
		created  sql.NullTime
		updated  time.Time
	}
	get := func(id int) row {
		var r row
		require.NoError(t, dst.QueryRow(`SELECT name, CAST(annual_purchase AS VARCHAR), created_at, updated_at FROM customers WHERE customer_id = $1`, id).
			Scan(&r.name, &r.purchase, &r.created, &r.updated))
		return r
	}
	r1 := get(1)
	require.Equal(t, "华为技术有限公司 😀👍", r1.name)
	require.Equal(t, "9999999999999999.99", r1.purchase.String)
	// DATETIME 08:00 in Shanghai and TIMESTAMP 00:00 UTC are the same instant.
	require.True(t, r1.created.Time.Equal(time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)), r1.created.Time)
	require.True(t, r1.updated.Equal(time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)), r1.updated)
	r2 := get(2)
	require.Equal(t, strings.Repeat("🚀", 100000), r2.name)
	require.False(t, r2.purchase.Valid)
	require.False(t, r2.created.Valid, "a zero date arrives as NULL")
	require.False(t, r2.updated.IsZero(), "an unmapped NULL updated_at falls back to now()")
	r3 := get(3)
	require.Equal(t, "", r3.name)
	require.Equal(t, "-0.01", r3.purchase.String)
	require.True(t, r3.updated.Equal(time.Unix(1, 0)))

	// A value that cannot be cast: row and column named, nothing changed.
	var before string
	require.NoError(t, dst.QueryRow(`SELECT md5(string_agg(name || coalesce(CAST(annual_purchase AS VARCHAR), ''), '|' ORDER BY customer_id)) FROM customers`).Scan(&before))
	_, err = conn.ExecContext(ctx, `ALTER TABLE acct ADD COLUMN region VARCHAR(20)`)
	require.NoError(t, err)
	_, err = conn.ExecContext(ctx, `UPDATE acct SET region = CASE id WHEN 3 THEN '华东' ELSE '7' END`)
	require.NoError(t, err)
	spec := cfg.Tables["customers"]
	spec.Columns["region_id"] = spec.Columns["name"]
	rc := spec.Columns["region_id"]
	rc.From = "region"
	spec.Columns["region_id"] = rc
	cfg.Tables["customers"] = spec
	runs, err := s.Sync(ctx, connectors.Options{})
	require.Error(t, err)
	require.Contains(t, err.Error(), "row 3, column region_id (source column region)")
	require.Contains(t, err.Error(), `"华东" is not a number`)
	require.Equal(t, "failed", runs[0].Status)
	var after string
	require.NoError(t, dst.QueryRow(`SELECT md5(string_agg(name || coalesce(CAST(annual_purchase AS VARCHAR), ''), '|' ORDER BY customer_id)) FROM customers`).Scan(&after))
	require.Equal(t, before, after)
	_ = apperr.BadInput
}

// syncedBigVisit fills a MariaDB database (myTestDB+suffix) with n rows of
// big_visit, loads them into a fresh DuckDB through a syncer flushing every
// flushEvery rows, and returns the source, the DuckDB, the syncer and the
// loaded table's digest.
func syncedBigVisit(t *testing.T, suffix string, n, flushEvery int) (*sql.DB, *model.DB, *connectors.Syncer, string) {
	t.Helper()
	dsn, my := mysqlDatabase(t, myTestDB+suffix)
	t.Cleanup(func() { _, _ = my.Exec("DROP DATABASE IF EXISTS " + myTestDB + suffix) })
	fillBigVisit(t, my, n)
	t.Setenv("SALESBI_TEST_MYSQL_DSN", dsn)
	dst := openDuck(t)
	s := &connectors.Syncer{Clock: clock.System{}, DB: dst, Cfg: loadConfig(t, bigMapping), FlushEvery: flushEvery}
	_, err := s.Sync(context.Background(), connectors.Options{})
	require.NoError(t, err)
	old, err := visitsDigest(dst)
	require.NoError(t, err)
	return my, dst, s, old
}

// fillBigVisit creates the CRM-shaped visit table of the large-load tests
// (bigMapping) and fills it with n rows inside MariaDB (INSERT … SELECT).
// modified_at may be NULL so a test can send a NULL updated_at.
func fillBigVisit(t *testing.T, my *sql.DB, n int) {
	t.Helper()
	_, err := my.Exec(`CREATE TABLE big_visit (id BIGINT PRIMARY KEY, rep_id BIGINT NOT NULL, account_id BIGINT,
		visit_time TIMESTAMP(6) NULL, entered_at TIMESTAMP(6) NULL, notes VARCHAR(255), modified_at DATETIME(6) NULL)
		ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`)
	require.NoError(t, err)
	_, err = my.Exec(fmt.Sprintf(`INSERT INTO big_visit SELECT seq, 1 + seq %% 300, 1 + seq %% 5000,
		TIMESTAMP('2026-01-01 00:00:00') + INTERVAL seq SECOND, TIMESTAMP('2026-01-01 01:00:00') + INTERVAL seq SECOND,
		CONCAT('拜访 ', seq), '2026-01-10 09:00:00' FROM seq_1_to_%d`, n))
	require.NoError(t, err)
}
