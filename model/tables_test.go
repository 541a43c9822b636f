package model_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

// GET /api/status shows these: one count per canonical table, zeros on a
// fresh database included.
func TestRowCountsEveryCanonicalTable(t *testing.T) {
	ctx := context.Background()
	db, err := model.Open(ctx, ":memory:", model.Options{MemoryLimit: "512MB"})
	require.NoError(t, err)
	defer db.Close()
	_, err = db.ExecContext(ctx, `INSERT INTO regions (region_id, name) VALUES (1, '华东'), (2, '华南')`)
	require.NoError(t, err)
	got, err := model.RowCounts(ctx, db.DB)
	require.NoError(t, err)
	want := map[string]int64{}
	for _, tbl := range model.CanonicalTables {
		want[tbl] = 0
	}
	want["regions"] = 2
	require.Equal(t, want, got)
}
