package connectors_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/connectors"
	"salesbi/model"
)

// BenchmarkStageWriter loads the same visits CSV through each staging
// writer: DuckDB's appender filled in place (connectors/internal/duckraw)
// and its fallback, the stage feed. The file source keeps it free of a
// database server; `salesbi bench --only connectors` measures both from
// MariaDB, where the reader and the writer compete for the cores.
func BenchmarkStageWriter(b *testing.B) {
	const rows = 200_000
	dir := b.TempDir()
	var csv strings.Builder
	csv.WriteString("id,rep,account,visit_time,entered_at,notes,modified_at\n")
	for i := 1; i <= rows; i++ {
		fmt.Fprintf(&csv, "%d,%d,%d,2025-01-01 %02d:%02d:%02d,2025-01-02 %02d:%02d:%02d,拜访客户，演示产品 %d,2026-01-01 00:00:00\n",
			i, 1+i%300, 1+i%50000, i/3600%24, i/60%60, i%60, i/3600%24, i/60%60, i%60, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "visits.csv"), []byte(csv.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	yaml := `
sources:
  crm: {kind: csv, path: ` + dir + `}
tables:
  visits:
    source: crm
    from: visits.csv
    columns: {visit_id: id, rep_id: rep, customer_id: account, visited_at: visit_time, recorded_at: entered_at, purpose: notes, updated_at: modified_at}
`
	path := filepath.Join(dir, "salesbi.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, w := range []connectors.StageWriter{connectors.WriterAppender, connectors.WriterFeed} {
		b.Run(w.String(), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "2GB", Threads: 2, TimeZone: zoneName})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				runs, err := (&connectors.Syncer{Clock: clock.System{}, DB: db, Cfg: cfg, Writer: w}).Sync(ctx, connectors.Options{})
				b.StopTimer()
				if err == nil && (runs[0].RowsWritten != rows || runs[0].Writer != w) {
					err = fmt.Errorf("wrote %d rows through the %s, want %d through the %s", runs[0].RowsWritten, runs[0].Writer, rows, w)
				}
				db.Close()
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
