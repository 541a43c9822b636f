package benchreport

import (
	"context"
	"fmt"
	"sync"
)

// TEMPORARY, until the server sections move here. The stand-up page and
// /api/query sections are still defined and registered from init() by
// package dashboards (dashboards/bench.go, bench_query_api.go), which
// another branch moves into this package as standupPage (standup.go) and
// queryAPI (query_api.go). Until then these two functions run the sections
// dashboards registered, by name. When that branch is merged, delete this
// file, Section.Order and pendingMove's entry in deps_test.go.

var registered struct {
	sync.Mutex
	byName map[string]Section
}

// Register keeps a section that package dashboards still registers from its
// init functions; only standupPage and queryAPI run them.
func Register(s Section) {
	registered.Lock()
	defer registered.Unlock()
	if registered.byName == nil {
		registered.byName = map[string]Section{}
	}
	registered.byName[s.Name] = s
}

func runRegistered(ctx context.Context, e *Env, name string) error {
	registered.Lock()
	s, ok := registered.byName[name]
	registered.Unlock()
	if !ok {
		return fmt.Errorf("section %q is not linked into this binary (package dashboards registers it)", name)
	}
	return s.Run(ctx, e)
}

func standupPage(ctx context.Context, e *Env) error { return runRegistered(ctx, e, "standup page") }

func queryAPI(ctx context.Context, e *Env) error { return runRegistered(ctx, e, "query api") }
