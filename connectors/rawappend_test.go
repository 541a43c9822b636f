package connectors

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

// The in-place appender must find DuckDB's C connection under duckdb-go's.
func TestRawConnFound(t *testing.T) {
	require.True(t, rawConnOK, "duckdb.Conn has no conn field of type mapping.Connection")
	db, err := model.Open(context.Background(), ":memory:", model.Options{MemoryLimit: "1GB"})
	require.NoError(t, err)
	defer db.Close()
	conn, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.Raw(func(dc any) error {
		_, ok := rawConn(dc)
		require.True(t, ok, "%T", dc)
		return nil
	}))
}
