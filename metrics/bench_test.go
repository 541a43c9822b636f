package metrics_test

import (
	"context"
	"testing"
	"time"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/demo"
	"salesbi/metrics"
	"salesbi/model"
)

// BenchmarkRescore re-scores every customer of the demo company (scale 1,
// 8,000 customers); `salesbi bench --only metrics` prints it with the other
// recomputes, at each scale.
func BenchmarkRescore(b *testing.B) {
	ctx := context.Background()
	loc, err := time.LoadLocation(clock.DefaultZone)
	if err != nil {
		b.Fatal(err)
	}
	anchor := time.Date(2026, 11, 27, 0, 0, 0, 0, loc)
	db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "2GB", TimeZone: loc.String()})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := demo.Generate(ctx, db, demo.Options{Seed: 1, Scale: 1, Anchor: anchor, Loc: loc}); err != nil {
		b.Fatal(err)
	}
	h := metrics.HealthSettings{HealthScoring: config.Default().Scoring.Health}
	now := anchor.Add(9 * time.Hour)
	var scored, runs int
	for b.Loop() {
		runs++
		res, err := metrics.Rescore(ctx, db.DB, h, metrics.Scope{All: true}, "bench", now)
		if err != nil {
			b.Fatal(err)
		}
		scored = res.Scored
	}
	b.ReportMetric(float64(scored)*float64(runs)/b.Elapsed().Seconds(), "customers/s")
}
