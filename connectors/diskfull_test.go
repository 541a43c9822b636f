package connectors_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/connectors"
	"salesbi/model"
)

// The full-disk fault: the DuckDB file lives on a small tmpfs that a filler
// file nearly fills before the second run, so DuckDB runs out of space while
// it writes the staged rows. Sizes are small so the test takes seconds.
const (
	diskFullTmpfs     = "64m"
	diskFullFirstRows = 5000
	diskFullBigRows   = 200000
	// diskFullLeave is the space the filler leaves free: enough for a few
	// Appender flushes of the big load to land, far too little for all.
	diskFullLeave = 3 << 20
)

const diskFullMapping = `
sources:
  crm:
    kind: mysql
    dsn_env: SALESBI_TEST_DISKFULL_DSN
    timezone: Asia/Shanghai
tables:
  visits:
    source: crm
    from: df_visit
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

// mountTmpfs mounts a tmpfs of size on a fresh directory and unmounts it
// when the test ends, failed or not (lazily if something still holds it).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("the full-disk test needs root to mount a tmpfs (mount -t tmpfs -o size=%s tmpfs %s): %v: %s",
			size, dir, err, strings.TrimSpace(string(out)))
	}
	// Registered after t.TempDir, so it runs before the directory's removal.
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Logf("umount %s: %v: %s; unmounting lazily", dir, err, strings.TrimSpace(string(out)))
			if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
				t.Errorf("umount -l %s: %v: %s", dir, err, strings.TrimSpace(string(out)))
			}
		}
	})
	return dir
}

// freeBytes is the space left on the file system holding dir.
func freeBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var fs syscall.Statfs_t
	require.NoError(t, syscall.Statfs(dir, &fs))
	return int64(fs.Bavail) * int64(fs.Bsize)
}

// fillDisk writes a filler file that leaves about leave bytes free on dir's
// file system (none at all when leave is 0: it writes until ENOSPC) and
// returns its path. It returns errors rather than failing the test, so it
// can run inside a Syncer callback.
func fillDisk(dir string, leave int64) (string, error) {
	f, err := os.CreateTemp(dir, "filler-")
	path := dir
	if f != nil {
		path = f.Name()
	}
	if err != nil {
		return path, err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for i := range buf {
		buf[i] = byte(i*7 + 1) // tmpfs stores the pages whatever they hold
	}
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		return path, err
	}
	for n := int64(fs.Bavail)*int64(fs.Bsize) - leave; n > 0 || leave == 0; n -= int64(len(buf)) {
		chunk := buf
		if n > 0 && n < int64(len(chunk)) {
			chunk = chunk[:n]
		}
		if _, err := f.Write(chunk); err != nil {
			if leave == 0 && errors.Is(err, syscall.ENOSPC) {
				break
			}
			return path, fmt.Errorf("writing the filler %s: %w", path, err)
		}
	}
	return path, f.Sync()
}

// openDiskDuck opens the salesbi database file at path.
func openDiskDuck(t *testing.T, path string) *model.DB {
	t.Helper()
	db, err := model.Open(context.Background(), path, model.Options{MemoryLimit: "1GB", Threads: 2, TimeZone: zoneName})
	require.NoError(t, err, "opening %s", path)
	return db
}

// The visits table rendered row by row as text, each row digested and the
// digests digested in key order, once by DuckDB's SQL and once by
// MariaDB's (a digest of the whole text would pass MariaDB's 16 MB
// max_allowed_packet and come back truncated): instants as epoch
// microseconds, NULL as '~'. The MariaDB session runs at +08:00, the
// source's zone, so its DATETIME modified_at is the instant of updated_at.
const (
	duckVisitsDigest = `SELECT count(*), coalesce(md5(string_agg(md5(concat_ws(',', visit_id, rep_id,
		coalesce(CAST(customer_id AS VARCHAR), '~'), epoch_us(visited_at), coalesce(CAST(epoch_us(recorded_at) AS VARCHAR), '~'),
		coalesce(purpose, '~'), epoch_us(updated_at))), '|' ORDER BY visit_id)), '') FROM visits`
	mysqlVisitsDigest = `SELECT COUNT(*), COALESCE(MD5(GROUP_CONCAT(MD5(CONCAT_WS(',', id, rep_id,
		COALESCE(CAST(account_id AS CHAR), '~'), CAST(UNIX_TIMESTAMP(visit_time) * 1000000 AS SIGNED),
		COALESCE(CAST(CAST(UNIX_TIMESTAMP(entered_at) * 1000000 AS SIGNED) AS CHAR), '~'),
		COALESCE(notes, '~'), CAST(UNIX_TIMESTAMP(modified_at) * 1000000 AS SIGNED))) ORDER BY id SEPARATOR '|')), '') FROM df_visit`
)

func duckVisits(t *testing.T, db *model.DB) string {
	t.Helper()
	var n int64
	var sum string
	require.NoError(t, db.QueryRow(duckVisitsDigest).Scan(&n, &sum))
	return fmt.Sprintf("%d rows, md5 %s", n, sum)
}

func mysqlVisits(t *testing.T, my *sql.DB) string {
	t.Helper()
	ctx := context.Background()
	conn, err := my.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "SET SESSION group_concat_max_len = 1073741824, time_zone = '+08:00'")
	require.NoError(t, err)
	var n int64
	var sum string
	require.NoError(t, conn.QueryRowContext(ctx, mysqlVisitsDigest).Scan(&n, &sum))
	return fmt.Sprintf("%d rows, md5 %s", n, sum)
}

// fillVisits adds source rows from+1 … to inside MariaDB: hex digests make
// the notes nearly incompressible, so the load really needs the space.
func fillVisits(t *testing.T, my *sql.DB, from, to int, modified string) {
	t.Helper()
	_, err := my.Exec(fmt.Sprintf(`INSERT INTO df_visit SELECT seq, 1 + seq %% 300, IF(seq %% 9 = 0, NULL, 1 + seq %% 5000),
		TIMESTAMP('2026-01-01 00:00:00') + INTERVAL seq SECOND,
		IF(seq %% 7 = 0, NULL, TIMESTAMP('2026-01-01 01:00:00.123456') + INTERVAL seq SECOND),
		CONCAT('拜访 ', MD5(seq), SHA1(seq), ' ✅'), ? FROM seq_%d_to_%d`, from+1, to), modified)
	require.NoError(t, err)
}

// TestDiskFullMidLoad: a full sync that runs out of disk after a few
// Appender flushes fails naming the source, the table and the full disk;
// after the space comes back the file reopens with the old rows byte for
// byte and the old watermark, and the next run loads the new data.
//
// The failed run IS logged in sync_runs although the disk is still full:
// DuckDB truncates the WAL back after the failed write, and a log row of a
// few hundred bytes fits in what is left — checked by hand, it fits even
// with no byte free, in the slack of the WAL's last 4 KB page. So the
// branch of Syncer.failed where the log cannot be written is not reached
// here; the error reaches the caller either way.
func TestDiskFullMidLoad(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, diskFullTmpfs)
	dsn, my := mysqlDatabase(t, myTestDB+"_diskfull")
	t.Cleanup(func() { _, _ = my.Exec("DROP DATABASE IF EXISTS " + myTestDB + "_diskfull") })
	_, err := my.Exec(`CREATE TABLE df_visit (id BIGINT PRIMARY KEY, rep_id BIGINT NOT NULL, account_id BIGINT,
		visit_time TIMESTAMP(6) NULL, entered_at TIMESTAMP(6) NULL, notes VARCHAR(255), modified_at DATETIME(6) NOT NULL)
		ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`)
	require.NoError(t, err)
	fillVisits(t, my, 0, diskFullFirstRows, "2026-01-10 09:00:00")

	t.Setenv("SALESBI_TEST_DISKFULL_DSN", dsn)
	cfg := loadConfig(t, diskFullMapping)
	path := filepath.Join(dir, "salesbi.duckdb")
	dst := openDiskDuck(t, path)
	closed := false
	closeDst := func() {
		if !closed {
			closed = true
			dst.Close()
		}
	}
	t.Cleanup(closeDst) // before the unmount (cleanups run last-in first-out)

	// 1. A first full sync succeeds.
	s := &connectors.Syncer{Clock: clock.System{}, DB: dst, Cfg: cfg, FlushEvery: 10000}
	_, err = s.Sync(ctx, connectors.Options{})
	require.NoError(t, err)
	old := duckVisits(t, dst)
	require.Equal(t, mysqlVisits(t, my), old, "the first load equals the source")
	oldWM, err := connectors.GetWatermark(ctx, dst.DB, "visits")
	require.NoError(t, err)
	require.NotNil(t, oldWM.At)
	oldRuns, err := connectors.ListRuns(ctx, dst.DB, connectors.RunFilter{})
	require.NoError(t, err)
	require.Len(t, oldRuns, 1)
	_, err = dst.Exec("CHECKPOINT") // the old state is in the file itself, not only the WAL
	require.NoError(t, err)

	// 2. The source grows and changes; the disk is nearly full.
	_, err = my.Exec(`UPDATE df_visit SET notes = CONCAT(notes, ' v2'), modified_at = '2026-01-11 09:00:00'`)
	require.NoError(t, err)
	fillVisits(t, my, diskFullFirstRows, diskFullBigRows, "2026-01-11 09:00:00")
	filler, err := fillDisk(dir, diskFullLeave)
	require.NoError(t, err)
	t.Logf("tmpfs %s: %d bytes free after the filler", diskFullTmpfs, freeBytes(t, dir))

	// 3. The full load runs out of space mid-load.
	var staged int64
	s.OnRows = func(_ string, n int64) { staged = n }
	runs, err := s.Sync(ctx, connectors.Options{Full: true})
	require.Error(t, err, "the load cannot fit in %d bytes", diskFullLeave)
	t.Logf("failed after %d staged rows of %d: %v", staged, diskFullBigRows, err)
	msg := err.Error()
	require.Contains(t, msg, "from crm", "the error names the source")
	require.Contains(t, msg, "visits", "the error names the table")
	require.Contains(t, strings.ToLower(msg), "no space left on device", "the error says the disk is full")
	require.Positive(t, staged, "some rows reached the staging table before the disk ran out")
	require.Less(t, staged, int64(diskFullBigRows), "the load failed before all rows were staged")
	require.Len(t, runs, 1)
	require.Equal(t, "failed", runs[0].Status)
	require.NotZero(t, runs[0].RunID, "the failed run is logged in sync_runs")

	// 4. Space comes back; the reopened file holds the old state exactly.
	closeDst()
	require.NoError(t, os.Remove(filler))
	dst = openDiskDuck(t, path)
	closed = false
	require.Equal(t, old, duckVisits(t, dst), "the old rows are kept byte for byte")
	wm, err := connectors.GetWatermark(ctx, dst.DB, "visits")
	require.NoError(t, err)
	require.Equal(t, oldWM.Runs, wm.Runs)
	require.True(t, oldWM.At.Equal(*wm.At), "watermark %v, want the old %v", wm.At, oldWM.At)
	after, err := connectors.ListRuns(ctx, dst.DB, connectors.RunFilter{})
	require.NoError(t, err)
	// The old run as it was, and the failed run as the caller was told.
	require.Len(t, after, 2)
	require.Equal(t, runs[0].RunID, after[0].RunID)
	require.Equal(t, "failed", after[0].Status)
	require.Equal(t, runs[0].Error, after[0].Error)
	require.Equal(t, oldRuns[0].RunID, after[1].RunID)
	require.Equal(t, oldRuns[0].Status, after[1].Status)
	require.Equal(t, oldRuns[0].RowsWritten, after[1].RowsWritten)
	require.True(t, oldRuns[0].FinishedAt.Equal(after[1].FinishedAt))
	var stages int
	require.NoError(t, dst.QueryRow(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'stage_visits'`).Scan(&stages))
	require.Zero(t, stages, "no staging table is left behind")

	// 5. The next run retries and loads the new data.
	s = &connectors.Syncer{Clock: clock.System{}, DB: dst, Cfg: cfg, FlushEvery: 10000}
	runs, err = s.Sync(ctx, connectors.Options{Full: true})
	require.NoError(t, err)
	require.Equal(t, "ok", runs[0].Status)
	require.EqualValues(t, diskFullBigRows, runs[0].RowsWritten)
	require.Equal(t, mysqlVisits(t, my), duckVisits(t, dst), "the retry loads the source as it is now")
	wm, err = connectors.GetWatermark(ctx, dst.DB, "visits")
	require.NoError(t, err)
	require.True(t, wm.At.After(*oldWM.At), "the watermark advances with the committed run")
}
