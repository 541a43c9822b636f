package query

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"salesbi/apperr"
	"salesbi/clock"
	"salesbi/model"
)

// Engine validates, compiles, runs and caches chart specs.
type Engine struct {
	DB    *model.DB
	Cal   clock.Calendar
	Cache *Cache // nil: no caching
	// Rollups, when set, answers plans from fresh summary tables where
	// they fold (rollup.go); nil reads the fact tables always.
	Rollups *Rollups
	// Holidays are the business days off (business.holidays), for
	// measures per working day.
	Holidays []time.Time
}

// Result is one answered query.
type Result struct {
	Columns   []Column  `json:"columns"`
	Rows      [][]any   `json:"rows"`
	SQL       string    `json:"sql"`
	Args      []any     `json:"args"`
	Rollup    string    `json:"rollup,omitempty"`
	ElapsedMS float64   `json:"elapsed_ms"`
	AsOf      time.Time `json:"as_of"`
	Cached    bool      `json:"cached"`
	// Encoded holds the API's encoded answers for this result; shared by
	// every cache hit of it (nil when the engine has no cache).
	Encoded *Encoded `json:"-"`
}

// Prepare validates and compiles a spec for the caller.
func (e *Engine) Prepare(s Spec, id model.Identity, locale string) (*Plan, Compiled, error) {
	p, err := ValidateWith(s, id, e.Cal, locale, Options{Holidays: e.Holidays})
	if err != nil {
		return nil, Compiled{}, err
	}
	q, err := e.compile(p)
	if err != nil {
		return nil, Compiled{}, err
	}
	return p, q, nil
}

// compile turns a plan into SQL over a fresh rollup that answers it, or
// over the fact table.
func (e *Engine) compile(p *Plan) (Compiled, error) {
	if p.derived != nil && restriction(p.Identity) != scopeNone {
		q, used := p.derived.query(p, func(g *Plan) (*Query, string) {
			if rp, name, ok := e.Rollups.Answer(g); ok {
				return tree(rp), name
			}
			return tree(g), ""
		})
		c, err := compiled(q)
		c.Rollup = strings.Join(used, ",")
		return c, err
	}
	from, rollup := p, ""
	if rp, name, ok := e.Rollups.Answer(p); ok {
		from, rollup = rp, name
	}
	q, err := Compile(from)
	if err != nil {
		return Compiled{}, err
	}
	q.Rollup = rollup
	return q, nil
}

// Run answers a spec for the caller, from the cache when the data has not
// changed since.
func (e *Engine) Run(ctx context.Context, s Spec, id model.Identity, locale string) (*Result, error) {
	return e.RunAt(ctx, s, id, locale, time.Time{})
}

// RunAt is Run with relative periods (yesterday, this_week …) taken from
// the instant now instead of the clock: a board viewed as of a past day.
// A zero now is the clock's.
func (e *Engine) RunAt(ctx context.Context, s Spec, id model.Identity, locale string, now time.Time) (*Result, error) {
	start := time.Now()
	p, err := e.validateAt(s, id, locale, now)
	if err != nil {
		return nil, err
	}
	return e.runPlan(ctx, p, start)
}

// validateAt validates with relative periods taken from now (zero: the
// clock's).
func (e *Engine) validateAt(s Spec, id model.Identity, locale string, now time.Time) (*Plan, error) {
	cal := e.Cal
	if !now.IsZero() {
		cal = clock.Calendar{Clock: clock.NewFixed(now), Loc: e.Cal.Loc}
	}
	return ValidateWith(s, id, cal, locale, Options{Holidays: e.Holidays})
}

// runPlan compiles and runs a validated plan through the cache. The cache
// key is the compiled statement and its arguments: two instants whose
// relative periods resolve to the same ranges share an answer.
func (e *Engine) runPlan(ctx context.Context, p *Plan, start time.Time) (*Result, error) {
	var stamp string
	if e.Cache != nil {
		stamp = e.Cache.stamp(p.Tables) // before the rollup is chosen
	}
	q, err := e.compile(p)
	if err != nil {
		return nil, err
	}
	var key string
	if e.Cache != nil {
		key = e.Cache.key(q, stamp)
		if res, ok := e.Cache.get(key); ok {
			out := *res
			out.Cached = true
			out.ElapsedMS = ms(time.Since(start))
			return &out, nil
		}
	}
	rows, err := Execute(ctx, e.DB.DB, q, e.Cal.Loc)
	if err != nil {
		return nil, err
	}
	LabelBuckets(p.Columns, rows)
	res := &Result{Columns: p.Columns, Rows: rows, SQL: q.SQL, Args: q.Args, Rollup: q.Rollup, AsOf: e.Cal.Now()}
	res.ElapsedMS = ms(time.Since(start))
	if e.Cache != nil {
		res.Encoded = &Encoded{}
		e.Cache.put(key, res, p.Tables)
	}
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Execute runs a compiled statement and returns JSON-friendly rows: text,
// float64, int64, bool, nil; dates as YYYY-MM-DD and instants as RFC 3339
// in the business zone.
func Execute(ctx context.Context, db *sql.DB, q Compiled, loc *time.Location) ([][]any, error) {
	out := [][]any{}
	err := eachRow(ctx, db, q, loc, func(row []any) error {
		out = append(out, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachRow runs a compiled statement and hands each row, converted as
// Execute's, to fn as DuckDB produces it (a fresh slice per row); it stops
// at fn's first error, or when ctx ends, and returns that error.
func eachRow(ctx context.Context, db *sql.DB, q Compiled, loc *time.Location, fn func([]any) error) error {
	// Connections come from model.Open with the business time zone and the
	// grouping options (perfect_ht_threshold) already set.
	rs, err := db.QueryContext(ctx, q.SQL, q.Args...)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return apperr.Wrap(apperr.Internal, "running the compiled query", err)
	}
	defer rs.Close()
	types, err := rs.ColumnTypes()
	if err != nil {
		return err
	}
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = t.DatabaseTypeName()
	}
	ptrs := make([]any, len(types))
	for rs.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		vals := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return fmt.Errorf("reading query result: %w", err)
		}
		for i, v := range vals {
			vals[i] = jsonValue(v, names[i], loc)
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rs.Err(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return apperr.Wrap(apperr.Internal, "reading query result", err)
	}
	return nil
}

func jsonValue(v any, dbType string, loc *time.Location) any {
	switch x := v.(type) {
	case time.Time:
		if dbType == "DATE" {
			return x.Format("2006-01-02")
		}
		return x.In(loc).Format(time.RFC3339)
	case duckdb.Decimal:
		f, _ := new(big.Float).SetInt(x.Value).Float64()
		for i := 0; i < int(x.Scale); i++ {
			f /= 10
		}
		return f
	case int32:
		return int64(x)
	case int16:
		return int64(x)
	case int8:
		return int64(x)
	case uint64:
		return int64(x)
	case uint32:
		return int64(x)
	case float32:
		return float64(x)
	case *big.Int:
		return x.Int64()
	case []byte:
		return string(x)
	}
	return v
}
