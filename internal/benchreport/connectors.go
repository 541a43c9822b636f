package benchreport

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/connectors"
	"salesbi/model"
)

// The connectors section: a full sync of a large MariaDB table against the
// raw read rate of the same SELECT through the same driver (the physical
// limit of this path), with the process's peak memory at each size; then
// the same sync through the stage feed, the fallback of DuckDB's appender
// filled in place (connectors/internal/duckraw), so the reason to keep the
// raw appender stays in sight.
//
// Environment: SALESBI_BENCH_MYSQL (server DSN without database, default
// root@tcp(127.0.0.1:3306)/), SALESBI_BENCH_CONN_ROWS (sizes, e.g.
// "1000000,5000000"), SALESBI_BENCH_CONN_ROUNDS (default 2),
// SALESBI_BENCH_CONN_MEMORY (DuckDB memory_limit, default 2GB),
// SALESBI_BENCH_CONN_CPUPROFILE (a CPU profile of the first appender sync).

// connRowCounts are the table sizes measured.
var connRowCounts = []int{1_000_000, 5_000_000}

const connBenchDB = "salesbi_conn_bench"

// connDSNEnv names the variable the bench's source config reads its DSN
// from (a source names an environment variable, never the DSN itself).
const connDSNEnv = "SALESBI_BENCH_CRM_DSN"

func connectorsSync(ctx context.Context, e *Env) error {
	root := os.Getenv("SALESBI_BENCH_MYSQL")
	if root == "" {
		root = "root@tcp(127.0.0.1:3306)/"
	}
	admin, err := sql.Open("mysql", root)
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+connBenchDB+" CHARACTER SET utf8mb4"); err != nil {
		return fmt.Errorf("creating %s on %s: %w", connBenchDB, root, err)
	}
	dsn := root + connBenchDB
	// The sequence engine's seq_1_to_N lives in the current database.
	in, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer in.Close()
	counts := connRowCounts
	if v := os.Getenv("SALESBI_BENCH_CONN_ROWS"); v != "" {
		counts = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				return fmt.Errorf("SALESBI_BENCH_CONN_ROWS %q: %w", v, err)
			}
			counts = append(counts, n)
		}
	}
	var rows, writers [][]string
	for _, n := range counts {
		r, w, err := connOneSize(ctx, e, in, dsn, n)
		if err != nil {
			return err
		}
		rows, writers = append(rows, r...), append(writers, w...)
	}
	e.Table("connectors: full sync of big_visit (7 columns: ids, TIMESTAMP, DATETIME, text) from MariaDB into DuckDB",
		[]string{"rows #round", "raw read rows/s", "sync rows/s", "sync / raw", "sync time", "staging + swap", "reader / appenders waited", "sync cores used", "CPU raw / sync", "load avg", "peak RSS (VmHWM)"}, rows)
	e.Table("connectors: the staging writer, DuckDB's appender filled in place (duckraw) vs its fallback, the stage feed (INSERT … SELECT from a table function)",
		[]string{"rows #round", "writer used", "appender sync rows/s", "feed sync rows/s", "appender / feed", "sync CPU appender / feed", "peak RSS feed"}, writers)
	_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+connBenchDB)
	return nil
}

// connRounds alternates raw read and sync this many times per size: on a
// shared machine the rate of either swings with the load, so each sync is
// compared with the raw read just before it, and every round is printed.
func connRounds() int {
	if n, err := strconv.Atoi(os.Getenv("SALESBI_BENCH_CONN_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 2
}

func connOneSize(ctx context.Context, e *Env, admin *sql.DB, dsn string, n int) (rows, writers [][]string, err error) {
	table := "big_visit_" + strconv.Itoa(n)
	if err := fillBigVisit(ctx, admin, table, n); err != nil {
		return nil, nil, err
	}
	defer func() { _, _ = admin.ExecContext(context.WithoutCancel(ctx), "DROP TABLE "+connBenchDB+"."+table) }()
	q := "SELECT `id`, `rep_id`, `account_id`, `visit_time`, `entered_at`, `notes`, `modified_at` FROM `" + table + "`"
	os.Setenv(connDSNEnv, dsn)
	cfg := config.Default()
	cfg.Sources = map[string]config.Source{"crm": {Kind: "mysql", DSNEnv: connDSNEnv, Every: time.Hour, Timeout: time.Hour}}
	col := func(from string) config.Column { return config.Column{From: from} }
	cfg.Tables = map[string]config.Table{"visits": {Source: "crm", From: table, Incremental: "modified_at", Columns: map[string]config.Column{
		"visit_id": col("id"), "rep_id": col("rep_id"), "customer_id": col("account_id"), "visited_at": col("visit_time"),
		"recorded_at": col("entered_at"), "purpose": col("notes"), "updated_at": col("modified_at"),
	}}}
	for round := 1; round <= connRounds(); round++ {
		rawCPU0 := processCPU()
		rawRate, err := drainMySQL(ctx, dsn, q)
		if err != nil {
			return nil, nil, err
		}
		rawCPU := processCPU() - rawCPU0
		row, err := connSync(ctx, e, cfg, n, connectors.WriterAppender, round == 1)
		if err != nil {
			return nil, nil, err
		}
		rate := float64(n) / row.took.Seconds()
		rows = append(rows, []string{fmt.Sprintf("%d #%d", n, round), fmt.Sprintf("%.0f", rawRate), fmt.Sprintf("%.0f", rate),
			fmt.Sprintf("%.2f", rate/rawRate), row.took.Round(time.Millisecond).String(),
			fmt.Sprintf("%s + %s", row.run.StageTook.Round(time.Millisecond), row.run.SwapTook.Round(time.Millisecond)),
			fmt.Sprintf("%s / %s", row.run.ReadWait.Round(time.Millisecond), row.run.AppendWait.Round(time.Millisecond)),
			fmt.Sprintf("%.2f", row.cpu.Seconds()/row.took.Seconds()),
			fmt.Sprintf("%s / %s", rawCPU.Round(10*time.Millisecond), row.cpu.Round(10*time.Millisecond)),
			row.load, row.peak})
		feed, err := connSync(ctx, e, cfg, n, connectors.WriterFeed, false)
		if err != nil {
			return nil, nil, err
		}
		feedRate := float64(n) / feed.took.Seconds()
		writers = append(writers, []string{fmt.Sprintf("%d #%d", n, round), row.run.Writer.String(),
			fmt.Sprintf("%.0f", rate), fmt.Sprintf("%.0f", feedRate), fmt.Sprintf("%.2f", rate/feedRate),
			fmt.Sprintf("%s / %s", row.cpu.Round(10*time.Millisecond), feed.cpu.Round(10*time.Millisecond)), feed.peak})
	}
	return rows, writers, nil
}

type connSyncResult struct {
	run        connectors.Run
	took, cpu  time.Duration
	load, peak string
}

// connSync runs one first full load into a fresh DuckDB file through the
// writer w.
func connSync(ctx context.Context, e *Env, cfg *config.Config, n int, w connectors.StageWriter, profile bool) (connSyncResult, error) {
	var r connSyncResult
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
	if p := os.Getenv("SALESBI_BENCH_CONN_CPUPROFILE"); p != "" && profile {
		if f, err := os.Create(p); err == nil {
			_ = pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	s := &connectors.Syncer{Clock: clock.System{}, DB: db, Cfg: cfg, Writer: w}
	cpu0 := processCPU()
	start := time.Now()
	runs, err := s.Sync(ctx, connectors.Options{})
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

// fillBigVisit makes the table inside the server (INSERT … SELECT from
// MariaDB's sequence engine), never row by row from Go.
func fillBigVisit(ctx context.Context, admin *sql.DB, table string, n int) error {
	t := connBenchDB + "." + table
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

// drainMySQL reads q through the connector's own driver settings
// (connectors.MySQLConfig) into nothing and returns the rows/s: the
// physical limit of the MySQL path.
func drainMySQL(ctx context.Context, dsn, q string) (float64, error) {
	c, err := connectors.MySQLConfig(dsn)
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
