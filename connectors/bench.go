package connectors

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/go-sql-driver/mysql"

	"salesbi/clock"
	"salesbi/config"
	bench "salesbi/internal/benchreport"
	"salesbi/model"
)

// The bench section: a full sync of a large MariaDB table against the raw
// read rate of the same SELECT through the same driver (the physical limit
// of this path), with the process's peak memory at each size.
func init() {
	bench.Register(bench.Section{Name: "connectors: MariaDB full sync", Order: 20, Run: benchMySQLSync})
}

// benchRowCounts are the table sizes measured.
var benchRowCounts = []int{1_000_000, 5_000_000}

const benchDB = "salesbi_conn_bench"

func benchMySQLSync(ctx context.Context, e *bench.Env) error {
	root := os.Getenv("SALESBI_BENCH_MYSQL")
	if root == "" {
		root = "root@tcp(127.0.0.1:3306)/"
	}
	admin, err := sql.Open("mysql", root)
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+benchDB+" CHARACTER SET utf8mb4"); err != nil {
		return fmt.Errorf("creating %s on %s: %w", benchDB, root, err)
	}
	dsn := root + benchDB
	// The sequence engine's seq_1_to_N lives in the current database.
	in, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer in.Close()
	counts := benchRowCounts
	if v := os.Getenv("SALESBI_BENCH_CONN_ROWS"); v != "" { // e.g. "1000000,5000000"
		counts = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				return fmt.Errorf("SALESBI_BENCH_CONN_ROWS %q: %w", v, err)
			}
			counts = append(counts, n)
		}
	}
	var rows [][]string
	for _, n := range counts {
		r, err := benchOneSize(ctx, e, in, dsn, n)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
	}
	e.Table("connectors: full sync of big_visit (7 columns: ids, TIMESTAMP, DATETIME, text) from MariaDB into DuckDB",
		[]string{"rows #round", "raw read rows/s", "sync rows/s", "sync / raw", "sync time", "staging + swap", "reader / appenders waited", "sync cores used", "CPU raw / sync", "load avg", "peak RSS (VmHWM)"}, rows)
	_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+benchDB)
	return nil
}

// benchRounds alternates raw read and sync this many times per size: on a
// shared machine the rate of either swings with the load, so each sync is
// compared with the raw read just before it, and every round is printed.
func benchRounds() int {
	if n, err := strconv.Atoi(os.Getenv("SALESBI_BENCH_CONN_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 2
}

func benchOneSize(ctx context.Context, e *bench.Env, admin *sql.DB, dsn string, n int) ([][]string, error) {
	table := "big_visit_" + strconv.Itoa(n)
	if err := fillBenchTable(ctx, admin, table, n); err != nil {
		return nil, err
	}
	defer admin.ExecContext(context.WithoutCancel(ctx), "DROP TABLE "+benchDB+"."+table)
	q := "SELECT `id`, `rep_id`, `account_id`, `visit_time`, `entered_at`, `notes`, `modified_at` FROM `" + table + "`"
	os.Setenv("SALESBI_BENCH_CRM_DSN", dsn)
	cfg := config.Default()
	cfg.Sources = map[string]config.Source{"crm": {Kind: "mysql", DSNEnv: "SALESBI_BENCH_CRM_DSN", Every: time.Hour, Timeout: time.Hour}}
	col := func(from string) config.Column { return config.Column{From: from} }
	cfg.Tables = map[string]config.Table{"visits": {Source: "crm", From: table, Incremental: "modified_at", Columns: map[string]config.Column{
		"visit_id": col("id"), "rep_id": col("rep_id"), "customer_id": col("account_id"), "visited_at": col("visit_time"),
		"recorded_at": col("entered_at"), "purpose": col("notes"), "updated_at": col("modified_at"),
	}}}
	var out [][]string
	for round := 1; round <= benchRounds(); round++ {
		rawCPU0 := processCPU()
		rawRate, err := rawRead(ctx, dsn, q)
		if err != nil {
			return nil, err
		}
		rawCPU := processCPU() - rawCPU0
		row, err := benchSync(ctx, e, cfg, n, round)
		if err != nil {
			return nil, err
		}
		rate := float64(n) / row.took.Seconds()
		out = append(out, []string{fmt.Sprintf("%d #%d", n, round), fmt.Sprintf("%.0f", rawRate), fmt.Sprintf("%.0f", rate),
			fmt.Sprintf("%.2f", rate/rawRate), row.took.Round(time.Millisecond).String(),
			fmt.Sprintf("%s + %s", row.run.StageTook.Round(time.Millisecond), row.run.SwapTook.Round(time.Millisecond)),
			fmt.Sprintf("%s / %s", row.run.ReadWait.Round(time.Millisecond), row.run.AppendWait.Round(time.Millisecond)),
			fmt.Sprintf("%.2f", row.cpu.Seconds()/row.took.Seconds()),
			fmt.Sprintf("%s / %s", rawCPU.Round(10*time.Millisecond), row.cpu.Round(10*time.Millisecond)),
			row.load, row.peak})
	}
	return out, nil
}

type benchSyncResult struct {
	run        Run
	took, cpu  time.Duration
	load, peak string
}

// benchSync runs one first full load into a fresh DuckDB file.
func benchSync(ctx context.Context, e *bench.Env, cfg *config.Config, n, round int) (benchSyncResult, error) {
	var r benchSyncResult
	path := filepath.Join(e.Dir, "connectors-bench.duckdb")
	os.Remove(path)
	os.Remove(path + ".wal")
	defer os.Remove(path)
	defer os.Remove(path + ".wal")
	// DuckDB keeps written blocks cached up to its memory_limit, so the
	// peak memory is the limit's to bound (SALESBI_BENCH_CONN_MEMORY, e.g. 512MB).
	limit := os.Getenv("SALESBI_BENCH_CONN_MEMORY")
	if limit == "" {
		limit = "2GB"
	}
	db, err := model.Open(ctx, path, model.Options{TimeZone: e.Loc.String(), MemoryLimit: limit})
	if err != nil {
		return r, err
	}
	defer db.Close()
	resetPeakRSS()
	rssAtStart := procStatusMiB("VmRSS")
	if p := os.Getenv("SALESBI_BENCH_CONN_CPUPROFILE"); p != "" && round == 1 {
		if f, err := os.Create(p); err == nil {
			_ = pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	s := &Syncer{Clock: clock.System{}, DB: db, Cfg: cfg}
	cpu0 := processCPU()
	start := time.Now()
	runs, err := s.Sync(ctx, Options{})
	r.took = time.Since(start)
	r.cpu = processCPU() - cpu0
	r.load, r.peak = loadAvg(), peakRSS(rssAtStart)
	if err != nil {
		return r, err
	}
	if runs[0].RowsWritten != int64(n) {
		return r, fmt.Errorf("bench sync wrote %d rows, want %d", runs[0].RowsWritten, n)
	}
	r.run = runs[0]
	return r, nil
}

// fillBenchTable makes the table inside the server (INSERT … SELECT from
// MariaDB's sequence engine), never row by row from Go.
func fillBenchTable(ctx context.Context, admin *sql.DB, table string, n int) error {
	t := benchDB + "." + table
	stmts := []string{
		"DROP TABLE IF EXISTS " + t,
		"CREATE TABLE " + t + ` (id BIGINT PRIMARY KEY, rep_id BIGINT NOT NULL, account_id BIGINT,
			visit_time TIMESTAMP(6) NULL, entered_at TIMESTAMP(6) NULL, notes VARCHAR(255), modified_at DATETIME(6) NOT NULL)
			ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
		fmt.Sprintf(`INSERT INTO %s SELECT seq, 1 + seq %% 300, 1 + seq %% 50000,
			TIMESTAMP('2025-01-01 00:00:00') + INTERVAL seq SECOND, TIMESTAMP('2025-01-01 01:00:00') + INTERVAL seq SECOND,
			CONCAT('拜访客户，演示产品 ', seq), TIMESTAMP('2026-01-01 00:00:00') + INTERVAL (seq %% 100000) SECOND
			FROM seq_1_to_%d`, t, n),
	}
	for _, s := range stmts {
		if _, err := admin.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("filling %s: %w", t, err)
		}
	}
	return nil
}

// rawRead drains q through the connector's own driver settings into
// nothing: the physical limit of the MySQL path.
func rawRead(ctx context.Context, dsn, q string) (float64, error) {
	c, err := MySQLConfig(dsn)
	if err != nil {
		return 0, err
	}
	conn, err := mysql.NewConnector(c)
	if err != nil {
		return 0, err
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	start := time.Now()
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	raw := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range raw {
		dest[i] = &raw[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return 0, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// resetPeakRSS restarts VmHWM (Linux: writing 5 to clear_refs).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procStatusMiB reads one "VmXXX:" line of /proc/self/status in MiB (-1 if
// it cannot).
func procStatusMiB(key string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, key+":") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return kb / 1024
		}
	}
	return -1
}

// peakRSS shows VmHWM and how far it rose above the RSS the process had when
// the measurement started: in a full `make bench` the same process has just
// generated the scale-100 demo company and still holds that memory, so the
// peak alone would say nothing about the sync.
func peakRSS(startMiB int) string {
	peak := procStatusMiB("VmHWM")
	if peak < 0 {
		return "?"
	}
	return fmt.Sprintf("%d MiB (+%d during the sync)", peak, peak-startMiB)
}

// processCPU is the user+system CPU time this process has used: with the
// wall time it says how many cores the sync actually got on a shared box.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}
