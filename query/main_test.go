package query

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"salesbi/clock"
	"salesbi/demo"
	"salesbi/model"
)

// The golden cases and the independent checks run on one shared database,
// built once per test binary: the demo company (scale 1, anchored at the
// fixture's "today" 2026-11-27 so relative dates find data).
var (
	sharedOnce sync.Once
	sharedDB   *model.DB
	sharedErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDB != nil {
		sharedDB.Close()
	}
	os.Exit(code)
}

func goldenCal() clock.Calendar { return testCal }

func goldenDB(t testing.TB) *model.DB {
	t.Helper()
	sharedOnce.Do(func() {
		ctx := context.Background()
		db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "2GB", TimeZone: "Asia/Shanghai"})
		if err != nil {
			sharedErr = err
			return
		}
		sharedDB = db
		if _, err := demo.Generate(ctx, db, demo.Options{Seed: 1, Scale: 1, Anchor: clock.StartOfDay(anchor), Loc: anchor.Location()}); err != nil {
			sharedErr = fmt.Errorf("generating the demo company for the golden cases: %w", err)
		}
	})
	if sharedErr != nil {
		t.Fatalf("shared test database: %v", sharedErr)
	}
	return sharedDB
}
