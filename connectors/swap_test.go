package connectors_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/connectors"
)

const swapRows = 200000

// TestFullLoadSwapIsAtomic: a full load renames a complete copy of the
// table over the live one. A reader querying all the while sees the old
// rows or the new, never a mix or an error; afterwards the primary key,
// another part's index and a view on the table are all in place.
func TestFullLoadSwapIsAtomic(t *testing.T) {
	ctx := context.Background()
	my, dst, s, old := syncedBigVisit(t, "_swap", swapRows, 20000)
	var err error

	// Another part's index and view on the canonical table.
	_, err = dst.Exec(`CREATE INDEX visits_rep_test ON visits (rep_id)`)
	require.NoError(t, err)
	_, err = dst.Exec(`CREATE VIEW visits_per_rep_test AS SELECT rep_id, count(*) AS n FROM visits GROUP BY rep_id`)
	require.NoError(t, err)

	// 1000 rows go, the rest change; one row's updated_at is NULL and must
	// take the column default.
	_, err = my.Exec(`DELETE FROM big_visit WHERE id <= 1000`)
	require.NoError(t, err)
	_, err = my.Exec(`UPDATE big_visit SET notes = CONCAT(notes, ' v2'), modified_at = IF(id = 5000, NULL, '2026-01-11 09:00:00')`)
	require.NoError(t, err)

	stop := make(chan struct{})
	var mu sync.Mutex
	seen := map[string]int{}
	var readerErr error
	var reads atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			d, err := visitsDigest(dst)
			if err != nil {
				readerErr = err
				return
			}
			mu.Lock()
			seen[d]++
			mu.Unlock()
			reads.Add(1)
		}
	}()
	runs, err := s.Sync(ctx, connectors.Options{Full: true})
	close(stop)
	wg.Wait()
	require.NoError(t, err)
	require.NoError(t, readerErr)
	require.EqualValues(t, swapRows-1000, runs[0].RowsWritten)
	require.EqualValues(t, 1000, runs[0].RowsDeleted)
	now, err := visitsDigest(dst)
	require.NoError(t, err)
	require.NotEqual(t, old, now)
	for d := range seen {
		require.Contains(t, []string{old, now}, d, "the reader saw a mix")
	}
	t.Logf("reader ran %d queries during the full load: %v", reads.Load(), seen)

	var n int64
	require.NoError(t, dst.QueryRow(`SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'visits' AND constraint_type = 'PRIMARY KEY'`).Scan(&n))
	require.EqualValues(t, 1, n, "primary key after the swap")
	_, err = dst.Exec(`INSERT INTO visits (visit_id, rep_id, visited_at) VALUES (2000, 1, now())`)
	require.ErrorContains(t, err, "Duplicate key")
	require.NoError(t, dst.QueryRow(`SELECT count(*) FROM duckdb_indexes() WHERE table_name = 'visits' AND index_name = 'visits_rep_test'`).Scan(&n))
	require.EqualValues(t, 1, n, "the index is re-created")
	require.NoError(t, dst.QueryRow(`SELECT sum(n) FROM visits_per_rep_test`).Scan(&n))
	require.EqualValues(t, swapRows-1000, n, "the view reads the new table")
	var left []string
	rows, err := dst.Query(`SELECT table_name FROM duckdb_tables() WHERE table_name = 'stage_visits'`)
	require.NoError(t, err)
	defer rows.Close()
	for rows.Next() {
		var x string
		require.NoError(t, rows.Scan(&x))
		left = append(left, x)
	}
	require.NoError(t, rows.Err())
	n = int64(len(left))
	require.Zero(t, n, "no staging table left: %v", left)
	var defaulted int64
	require.NoError(t, dst.QueryRow(`SELECT count(*) FROM visits WHERE visit_id = 5000 AND updated_at > TIMESTAMPTZ '2026-06-01'`).Scan(&defaulted))
	require.EqualValues(t, 1, defaulted, "a NULL updated_at takes the default now()")

	// An incremental run after the swap merges by the primary key.
	_, err = my.Exec(`UPDATE big_visit SET notes = 'v3', modified_at = '2026-01-12 09:00:00' WHERE id = 1001`)
	require.NoError(t, err)
	runs, err = s.Sync(ctx, connectors.Options{})
	require.NoError(t, err)
	require.Equal(t, "incremental", runs[0].Mode)
	var notes string
	require.NoError(t, dst.QueryRow(`SELECT purpose FROM visits WHERE visit_id = 1001`).Scan(&notes))
	require.Equal(t, "v3", notes)
}
