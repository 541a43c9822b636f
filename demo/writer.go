package demo

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"
	"math/big"
	"sync"

	"github.com/duckdb/duckdb-go/v2"

	"salesbi/model"
	"salesbi/progress"
)

// tableWriter bulk-loads one table through a DuckDB Appender on its own
// connection (never row-by-row INSERT), counting rows for Stats and progress.
type tableWriter struct {
	table string
	conn  *sql.Conn
	app   *duckdb.Appender
	n     int64
	total int64 // expected rows for the progress bar; <0 unknown
	prog  progress.Reporter
	stats *statsSink
}

// statsSink collects row counts from writers running concurrently.
type statsSink struct {
	mu   sync.Mutex
	rows map[string]int64
}

func (s *statsSink) add(table string, n int64) {
	s.mu.Lock()
	s.rows[table] += n
	s.mu.Unlock()
}

func openWriter(ctx context.Context, db *model.DB, table string, total int64, prog progress.Reporter, stats *statsSink) (*tableWriter, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: connection for %s: %w", table, err)
	}
	w := &tableWriter{table: table, conn: conn, total: total, prog: prog, stats: stats}
	// One transaction per table: the periodic flushes stay in DuckDB's
	// transaction-local storage and are committed (and logged) once.
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		conn.Close()
		return nil, fmt.Errorf("demo: starting the load of %s: %w", table, err)
	}
	// The appender keeps the driver connection; that is safe because this
	// writer holds the *sql.Conn exclusively until Close.
	err = conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", table)
		w.app = a
		return err
	})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("demo: appender for %s: %w", table, err)
	}
	return w, nil
}

const flushEvery = 1 << 20

// row appends one row, in the table's column order.
func (w *tableWriter) row(vals ...driver.Value) error {
	if err := w.app.AppendRow(vals...); err != nil {
		return fmt.Errorf("demo: appending row %d to %s: %w", w.n+1, w.table, err)
	}
	w.n++
	if w.n%50000 == 0 {
		w.prog.Step(w.table, w.n, w.total)
	}
	if w.n%flushEvery == 0 {
		// The appender keeps every chunk until flushed: flushing as we go
		// bounds memory and lets DuckDB work while the next rows are drawn.
		if err := w.app.Flush(); err != nil {
			return fmt.Errorf("demo: writing %s (rows up to %d): %w", w.table, w.n, err)
		}
	}
	return nil
}

// close flushes the appender (this is where DuckDB checks keys) and
// releases the connection.
func (w *tableWriter) close() error {
	err := w.app.Close()
	if err == nil {
		_, err = w.conn.ExecContext(context.Background(), "COMMIT")
	} else {
		// The append error is the one to report; a failed ROLLBACK on a
		// connection that is closed next changes nothing for the caller.
		_, _ = w.conn.ExecContext(context.Background(), "ROLLBACK")
	}
	if cerr := w.conn.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("demo: writing %s: %w", w.table, err)
	}
	w.prog.Step(w.table, w.n, w.n)
	w.prog.Done(w.table)
	w.stats.add(w.table, w.n)
	return nil
}

// writeTable opens a writer, runs fill and closes; on error the writer is
// still closed so its connection returns to the pool.
func writeTable(ctx context.Context, db *model.DB, table string, total int64, prog progress.Reporter, stats *statsSink, fill func(w *tableWriter) error) error {
	w, err := openWriter(ctx, db, table, total, prog, stats)
	if err != nil {
		return err
	}
	if err := fill(w); err != nil {
		w.app.Close()
		w.conn.Close()
		return err
	}
	return w.close()
}

// money is a yuan amount as DuckDB's DECIMAL(18,2): the appender takes the
// unscaled integer (fen), never a float.
func money(yuan float64) duckdb.Decimal {
	return duckdb.Decimal{Width: 18, Scale: 2, Value: big.NewInt(int64(math.Round(yuan * 100)))}
}

// nullable turns a zero value into SQL NULL.
func nullTime(t interface{ IsZero() bool }) driver.Value {
	if t.IsZero() {
		return nil
	}
	return t
}

func nullID(id int64) driver.Value {
	if id == 0 {
		return nil
	}
	return id
}
