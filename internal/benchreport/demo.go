package benchreport

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"salesbi/demo"
	"salesbi/model"
	"salesbi/progress"
)

// demoGeneration generates the demo company at every scale into a fresh
// temporary file (not the bench cache, which would skip the work) and
// deletes it. (demo's BenchmarkGenerate measures scale 1 with go test.)
func demoGeneration(ctx context.Context, e *Env) error {
	var rows [][]string
	for _, scale := range e.Scales {
		dir, err := os.MkdirTemp("", "salesbi-demo-bench-")
		if err != nil {
			return fmt.Errorf("temp dir for scale %d: %w", scale, err)
		}
		row, err := generateOnce(ctx, e, filepath.Join(dir, "demo.duckdb"), scale)
		os.RemoveAll(dir)
		if err != nil {
			return fmt.Errorf("scale %d: %w", scale, err)
		}
		rows = append(rows, row)
	}
	e.Table("demo generation (fresh file per scale, seed 1)",
		[]string{"scale", "rows", "visits", "leads", "opportunities", "seconds", "rows/s", "file MB"}, rows)
	return nil
}

func generateOnce(ctx context.Context, e *Env, path string, scale int) ([]string, error) {
	db, err := model.Open(ctx, path, model.Options{TimeZone: e.Loc.String()})
	if err != nil {
		return nil, err
	}
	st, err := demo.Generate(ctx, db, demo.Options{Seed: 1, Scale: scale, Anchor: e.Anchor, Loc: e.Loc, Progress: progress.New(os.Stderr)})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	var total int64
	names := make([]string, 0, len(st.Rows))
	for n, c := range st.Rows {
		total += c
		names = append(names, n)
	}
	sort.Strings(names)
	var size int64
	for _, f := range []string{path, path + ".wal"} {
		if fi, err := os.Stat(f); err == nil {
			size += fi.Size()
		}
	}
	secs := st.Duration.Seconds()
	return []string{
		fmt.Sprint(scale), fmt.Sprint(total), fmt.Sprint(st.Rows["visits"]), fmt.Sprint(st.Rows["leads"]),
		fmt.Sprint(st.Rows["opportunities"]), fmt.Sprintf("%.2f", secs), fmt.Sprintf("%.0f", float64(total)/secs),
		fmt.Sprintf("%.0f", float64(size)/(1<<20)),
	}, nil
}
