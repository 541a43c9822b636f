package model

import "sync"

// DataChange says which tables changed (a sync, a settings edit, a demo
// load). Result caches drop what it touches; metrics re-score what changed.
type DataChange struct {
	Tables []string // canonical or derived table names; empty means "everything"
	Cause  string   // "sync", "settings", "demo", "scoring"
	// CustomerIDs, when set by a sync, narrows re-scoring to these customers.
	CustomerIDs []int64
}

// Touches reports whether the change concerns table t.
func (d DataChange) Touches(t string) bool {
	if len(d.Tables) == 0 {
		return true
	}
	for _, x := range d.Tables {
		if x == t {
			return true
		}
	}
	return false
}

// Bus delivers DataChange events to subscribers, synchronously and in
// subscription order, so a sync returns only after caches are dropped.
type Bus struct {
	mu   sync.Mutex
	subs []func(DataChange)
}

// Subscribe adds f.
func (b *Bus) Subscribe(f func(DataChange)) {
	b.mu.Lock()
	b.subs = append(b.subs, f)
	b.mu.Unlock()
}

// Publish calls every subscriber with d.
func (b *Bus) Publish(d DataChange) {
	b.mu.Lock()
	subs := append([]func(DataChange){}, b.subs...)
	b.mu.Unlock()
	for _, f := range subs {
		f(d)
	}
}
