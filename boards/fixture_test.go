package boards_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/boards"
	"salesbi/clock"
	"salesbi/demo"
	"salesbi/i18n"
	"salesbi/model"
	"salesbi/presets"
	"salesbi/query"
)

var (
	demoOnce sync.Once
	demoDB   *model.DB
	demoErr  error
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// anchor is the demo company's "today"; the clock stands at 08:30 of it,
// and the company was generated at 06:00 (the sync log says so).
var (
	anchor      = time.Date(2026, 11, 27, 0, 0, 0, 0, mustZone("Asia/Shanghai"))
	generatedAt = anchor.Add(6 * time.Hour)
)

// demoCompany is the demo company at scale 1, generated once per test
// binary; tests only read it.
func demoCompany(t testing.TB) *model.DB {
	t.Helper()
	demoOnce.Do(func() {
		ctx := context.Background()
		demoDB, demoErr = model.Open(ctx, ":memory:", model.Options{TimeZone: "Asia/Shanghai", MemoryLimit: "2GB"})
		if demoErr != nil {
			return
		}
		_, demoErr = demo.Generate(ctx, demoDB, demo.Options{Seed: 1, Scale: 1, Anchor: anchor, Loc: anchor.Location(),
			GeneratedAt: generatedAt})
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoDB
}

type fixture struct {
	db    *model.DB
	clk   *clock.Fixed
	cal   clock.Calendar
	bus   *model.Bus
	svc   *boards.Service
	cache *query.Cache
}

// newService is the board service over the demo company, with its own
// result cache on its own bus, the clock at the stand-up's 08:30.
func newService(t testing.TB) *fixture {
	t.Helper()
	db := demoCompany(t)
	clk := clock.NewFixed(anchor.Add(8*time.Hour + 30*time.Minute))
	cal := clock.Calendar{Clock: clk, Loc: anchor.Location()}
	bus := &model.Bus{}
	cache := query.NewCache(512, bus)
	eng := &query.Engine{DB: db, Cal: cal, Cache: cache}
	svc := &boards.Service{Query: eng, Cal: cal, DB: db, Currency: "CNY", StaleAfter: 24 * time.Hour,
		Budget: time.Minute, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	t.Cleanup(svc.Wait)
	return &fixture{db: db, clk: clk, cal: cal, bus: bus, svc: svc, cache: cache}
}

func board(t testing.TB, id string) presets.Board {
	t.Helper()
	b, ok := presets.ByID(id)
	require.True(t, ok, id)
	return b
}

func (f *fixture) answer(t testing.TB, r boards.Request) *boards.Answer {
	t.Helper()
	if r.Locale == "" {
		r.Locale = i18n.ZH
	}
	if r.Identity.Role == "" {
		r.Identity = model.DemoDirector
	}
	a, err := f.svc.Answer(context.Background(), r)
	require.NoError(t, err)
	return a
}

func panelOf(t testing.TB, a *boards.Answer, id string) boards.PanelAnswer {
	t.Helper()
	for _, p := range a.Panels {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("board %s has no panel %s in its answer", a.Slug, id)
	return boards.PanelAnswer{}
}

// count runs the test's own SQL.
func (f *fixture) count(t testing.TB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	require.NoError(t, f.db.QueryRow(q, args...).Scan(&n))
	return n
}
