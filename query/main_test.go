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
// built once per test binary: the demo company (scale 1, fixed anchor) when
// the generator is available, else the hand-made fixture.
var (
	sharedOnce sync.Once
	sharedDB   *model.DB
	sharedErr  error
	sharedDemo bool
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
		_, derr := demo.Generate(ctx, db, demo.Options{Seed: 1, Scale: 1, Anchor: clock.StartOfDay(anchor), Loc: anchor.Location()})
		if derr == nil {
			sharedDemo = true
			return
		}
		fmt.Fprintf(os.Stderr, "query tests: demo company unavailable (%v); using the hand-made fixture\n", derr)
		db.Close()
		db, err = model.Open(ctx, ":memory:", model.Options{MemoryLimit: "1GB", TimeZone: "Asia/Shanghai"})
		if err != nil {
			sharedErr = err
			return
		}
		sharedDB = db
		sharedErr = fillFixture(ctx, db)
	})
	if sharedErr != nil {
		t.Fatalf("shared test database: %v", sharedErr)
	}
	return sharedDB
}
