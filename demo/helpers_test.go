package demo

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

// shanghai is the business zone the tests generate in.
func shanghai(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	return loc
}

func anchorDate(t testing.TB, s string) time.Time {
	a, err := time.ParseInLocation("2006-01-02", s, shanghai(t))
	require.NoError(t, err)
	return a
}

// generated caches one in-memory demo company per (seed, anchor): the
// pattern tests share it instead of each building their own.
var (
	genMu sync.Mutex
	gens  = map[string]*model.DB{}
)

func generated(t *testing.T, seed int64, anchor string) *model.DB {
	t.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	key := fmt.Sprintf("%d/%s", seed, anchor)
	if db, ok := gens[key]; ok {
		return db
	}
	db := freshDB(t, false)
	st, err := Generate(context.Background(), db, Options{Seed: seed, Scale: 1, Anchor: anchorDate(t, anchor), Loc: shanghai(t)})
	require.NoError(t, err)
	var total int64
	for _, n := range st.Rows {
		total += n
	}
	t.Logf("seed %d anchor %s: %d rows in %s (%.0f rows/s)", seed, anchor, total, st.Duration.Round(time.Millisecond), float64(total)/st.Duration.Seconds())
	gens[key] = db
	return db
}

// freshDB is an empty in-memory model; closed with the test unless keep.
func freshDB(t *testing.T, closeWithTest bool) *model.DB {
	t.Helper()
	db, err := model.Open(context.Background(), ":memory:", model.Options{TimeZone: "Asia/Shanghai", MemoryLimit: "4GB"})
	require.NoError(t, err)
	if closeWithTest {
		t.Cleanup(func() { db.Close() })
	}
	return db
}

func queryFloat(t *testing.T, db *model.DB, q string, args ...any) float64 {
	t.Helper()
	var v float64
	require.NoError(t, db.QueryRow(q, args...).Scan(&v), q)
	return v
}
