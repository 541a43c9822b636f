package dashboards_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"salesbi/clock"
	"salesbi/demo"
	"salesbi/model"
)

var (
	demoOnce sync.Once
	demoDB   *model.DB
	demoErr  error
)

// demoAnchor is the demo company's "today" in the page tests; the clock
// stands at its 08:30 stand-up.
var demoAnchor = time.Date(2026, 11, 27, 0, 0, 0, 0, mustZone("Asia/Shanghai"))

// demoCompany is the demo company at scale 1, generated once per test
// binary. Tests that use it only read the canonical tables.
func demoCompany(t *testing.T) (*model.DB, clock.Calendar) {
	t.Helper()
	demoOnce.Do(func() {
		ctx := context.Background()
		demoDB, demoErr = model.Open(ctx, ":memory:", model.Options{TimeZone: "Asia/Shanghai", MemoryLimit: "2GB"})
		if demoErr != nil {
			return
		}
		_, demoErr = demo.Generate(ctx, demoDB, demo.Options{Seed: 1, Scale: 1, Anchor: demoAnchor, Loc: demoAnchor.Location(),
			GeneratedAt: demoAnchor.Add(6 * time.Hour)}) // generated before the 08:30 stand-up
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	cal, err := clock.NewCalendar(clock.NewFixed(demoAnchor.Add(8*time.Hour+30*time.Minute)), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return demoDB, cal
}
