package query

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"sync"

	"salesbi/model"
)

// Cache keeps query results keyed by the compiled SQL, its arguments and
// the data version of every table the query reads. A DataChange on the bus
// bumps the versions of the tables it names (all of them when it names
// none) and drops the entries that read them, so a sync or a settings
// change never serves a stale answer.
type Cache struct {
	mu       sync.Mutex
	max      int
	entries  map[string]cacheEntry
	versions map[string]uint64
	all      uint64 // bumped by a change that names no tables
	seq      uint64 // order of insertion, for dropping the oldest
}

type cacheEntry struct {
	res    *Result
	tables []string
	added  uint64 // Cache.seq when stored
}

// NewCache holds up to max results (oldest dropped first) and subscribes to
// bus when it is not nil.
func NewCache(max int, bus *model.Bus) *Cache {
	c := &Cache{max: max, entries: map[string]cacheEntry{}, versions: map[string]uint64{}}
	if bus != nil {
		bus.Subscribe(c.Invalidate)
	}
	return c
}

// Invalidate applies one data change.
func (c *Cache) Invalidate(d model.DataChange) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(d.Tables) == 0 {
		c.all++
		c.entries = map[string]cacheEntry{}
		return
	}
	for _, t := range d.Tables {
		c.versions[t]++
	}
	for k, e := range c.entries {
		for _, t := range e.tables {
			if d.Touches(t) {
				delete(c.entries, k)
				break
			}
		}
	}
}

// stamp records the versions of the tables a plan reads, taken before the
// plan is compiled: a change that lands while the query is compiled or run
// then makes its entry unreachable instead of filing an old answer under
// the new versions (a rollup is chosen at compile time).
func (c *Cache) stamp(tables []string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := []byte(strconv.FormatUint(c.all, 10))
	for _, t := range tables {
		b = append(b, "|"+t+"="+strconv.FormatUint(c.versions[t], 10)...)
	}
	return string(b)
}

// key hashes the statement, its arguments and the versions stamp.
func (c *Cache) key(q Compiled, stamp string) string {
	h := sha256.New()
	h.Write([]byte(q.SQL))
	h.Write([]byte{0})
	args, _ := json.Marshal(q.Args)
	h.Write(args)
	h.Write([]byte("|" + stamp))
	return hex.EncodeToString(h.Sum(nil))
}

// Clear drops every cached result without announcing a data change (the
// bench's cold runs: the rollups stay fresh, as they are between syncs).
func (c *Cache) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = map[string]cacheEntry{}
}

func (c *Cache) get(key string) (*Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	return e.res, true
}

func (c *Cache) put(key string, res *Result, tables []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		var oldestKey string
		var oldest uint64
		for k, e := range c.entries {
			if oldestKey == "" || e.added < oldest {
				oldestKey, oldest = k, e.added
			}
		}
		delete(c.entries, oldestKey)
	}
	c.seq++
	c.entries[key] = cacheEntry{res: res, tables: tables, added: c.seq}
}

// Len is the number of cached results.
func (c *Cache) Len() int { c.mu.Lock(); defer c.mu.Unlock(); return len(c.entries) }
