package query

import "sync"

// Encoded keeps the encoded API answers of one result, one per variant
// (chart kind, locale …), so a cache hit writes stored bytes instead of
// re-encoding thousands of rows and re-rendering the chart option. It
// lives and dies with its result's cache entry: a data change that drops
// the entry drops the bytes with it.
type Encoded struct {
	mu sync.Mutex
	m  map[string][]byte
}

// Get returns the bytes stored for variant.
func (e *Encoded) Get(variant string) ([]byte, bool) {
	if e == nil {
		return nil, false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	b, ok := e.m[variant]
	return b, ok
}

// Put stores the bytes for variant; the caller must not change b afterwards.
func (e *Encoded) Put(variant string, b []byte) {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m == nil {
		e.m = map[string][]byte{}
	}
	e.m[variant] = b
}
