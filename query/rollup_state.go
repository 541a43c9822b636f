package query

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"salesbi/clock"
	"salesbi/model"
)

// Rollups keeps the summary tables fresh and says which may answer a plan.
// A DataChange that touches a table a rollup reads makes it stale at once
// (the bus delivers synchronously, before a sync returns), and the
// background loop rebuilds it; while stale, plans read the fact tables.
// A change that lands while a rollup is being rebuilt leaves it stale, and
// it is rebuilt again.
type Rollups struct {
	db   *sql.DB
	cal  clock.Calendar // the server's clock: build times; its zone: day buckets
	loc  *time.Location
	log  *slog.Logger
	kick chan struct{}

	mu    sync.Mutex
	state map[string]*rollupState
	dsets map[string]*Dataset
}

type rollupState struct {
	fresh  bool
	gen    uint64 // bumped by every change to a table the rollup reads
	tables []string
	rows   int64
	built  time.Time
	took   time.Duration
	err    error
}

// RollupStatus is one rollup's state (GET /api/status, the bench).
type RollupStatus struct {
	Name    string    `json:"name"`
	Dataset string    `json:"dataset"`
	Fresh   bool      `json:"fresh"`
	Rows    int64     `json:"rows"`
	Built   time.Time `json:"built,omitempty"`
	TookMS  float64   `json:"took_ms"`
	Error   string    `json:"error,omitempty"`
}

// NewRollups starts with every rollup stale; Run builds them. Subscribe
// Invalidate to the bus that announces data changes.
func NewRollups(db *sql.DB, cal clock.Calendar, log *slog.Logger) *Rollups {
	if log == nil {
		log = slog.Default()
	}
	loc := cal.Loc
	r := &Rollups{db: db, cal: cal, loc: loc, log: log, kick: make(chan struct{}, 1), state: map[string]*rollupState{}, dsets: map[string]*Dataset{}}
	for _, ru := range registeredRollups() {
		_, tables := ru.build(loc)
		r.state[ru.Name] = &rollupState{tables: tables}
		r.dsets[ru.Name] = ru.dataset()
	}
	return r
}

// Invalidate marks stale every rollup that reads a table the change names
// (all of them when it names none) and wakes the rebuild loop.
func (r *Rollups) Invalidate(d model.DataChange) {
	r.mu.Lock()
	stale := false
	for _, st := range r.state {
		for _, t := range st.tables {
			if d.Touches(t) {
				st.fresh = false
				st.gen++
				stale = true
				break
			}
		}
	}
	r.mu.Unlock()
	if stale {
		r.wake()
	}
}

func (r *Rollups) wake() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Run rebuilds stale rollups until ctx ends.
func (r *Rollups) Run(ctx context.Context) {
	for {
		if err := r.BuildStale(ctx); err != nil && ctx.Err() == nil {
			r.log.Warn("rebuilding summary tables", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-r.kick:
		case <-time.After(time.Minute): // retry a failed build
		}
	}
}

// BuildStale rebuilds every stale rollup once, in name order, and returns
// the first error (the others are still tried).
func (r *Rollups) BuildStale(ctx context.Context) error {
	var first error
	for _, ru := range registeredRollups() {
		r.mu.Lock()
		st := r.state[ru.Name]
		fresh, gen := st.fresh, st.gen
		r.mu.Unlock()
		if fresh {
			continue
		}
		start := time.Now()
		n, err := r.build(ctx, ru)
		r.mu.Lock()
		st.err = err
		if err == nil {
			st.rows, st.built, st.took = n, r.cal.Clock.Now(), time.Since(start)
			// Fresh only if nothing it reads changed while it was built.
			st.fresh = st.gen == gen
		}
		r.mu.Unlock()
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (r *Rollups) build(ctx context.Context, ru *Rollup) (int64, error) {
	q, _ := ru.buildSQL(r.loc)
	if _, err := r.db.ExecContext(ctx, q); err != nil {
		return 0, fmt.Errorf("building summary table %s: %w", ru.table(), err)
	}
	var n int64
	if err := r.db.QueryRowContext(ctx, "SELECT count(*) FROM "+ru.table()).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting summary table %s: %w", ru.table(), err)
	}
	return n, nil
}

// WaitFresh blocks until every rollup is fresh (tests, the bench), or
// returns the last build error once ctx ends.
func (r *Rollups) WaitFresh(ctx context.Context) error {
	for {
		all, last := true, error(nil)
		r.mu.Lock()
		for _, st := range r.state {
			if !st.fresh {
				all = false
				if st.err != nil {
					last = st.err
				}
			}
		}
		r.mu.Unlock()
		if all {
			return nil
		}
		select {
		case <-ctx.Done():
			if last != nil {
				return last
			}
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Answer rewrites p to read the smallest fresh rollup that can answer it;
// ok is false when none can (the plan then reads the fact table).
func (r *Rollups) Answer(p *Plan) (q *Plan, name string, ok bool) {
	if r == nil {
		return nil, "", false
	}
	best := int64(-1)
	for _, ru := range registeredRollups() {
		r.mu.Lock()
		st, rd := r.state[ru.Name], r.dsets[ru.Name]
		fresh, rows := st.fresh, st.rows
		r.mu.Unlock()
		if !fresh || best >= 0 && rows >= best {
			continue
		}
		if x, ok := ru.answer(p, rd); ok {
			q, name, best = x, ru.Name, rows
		}
	}
	return q, name, q != nil
}

// Status lists the rollups in name order.
func (r *Rollups) Status() []RollupStatus {
	var out []RollupStatus
	for _, ru := range registeredRollups() {
		r.mu.Lock()
		st := r.state[ru.Name]
		s := RollupStatus{Name: ru.Name, Dataset: ru.Dataset, Fresh: st.fresh, Rows: st.rows, Built: st.built, TookMS: ms(st.took)}
		if st.err != nil {
			s.Error = st.err.Error()
		}
		r.mu.Unlock()
		out = append(out, s)
	}
	return out
}
