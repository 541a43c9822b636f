package demo

import (
	"context"
	"testing"

	"salesbi/model"
)

// BenchmarkGenerate generates the demo company at scale 1 (seed 1) into a
// fresh in-memory database; `salesbi bench --only demo` prints the same
// into a file, at each scale.
func BenchmarkGenerate(b *testing.B) {
	ctx := context.Background()
	loc := shanghai(b)
	anchor := anchorDate(b, "2026-11-27")
	var rows int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "2GB", TimeZone: loc.String()})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		st, err := Generate(ctx, db, Options{Seed: 1, Scale: 1, Anchor: anchor, Loc: loc})
		b.StopTimer()
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, n := range st.Rows {
			rows += n
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
