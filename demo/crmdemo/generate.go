package crmdemo

import (
	"context"
	"fmt"

	"salesbi/demo"
	"salesbi/model"
)

// FromDemo generates the demo company into an in-memory DuckDB and writes
// it into the CRM at dsn. The salesbi database file is not touched.
func FromDemo(ctx context.Context, d Dialect, dsn string, gen demo.Options, opt Options) (map[string]int64, error) {
	if opt.Loc == nil {
		opt.Loc = gen.Loc
	}
	zone := ""
	if gen.Loc != nil {
		zone = gen.Loc.String()
	}
	mem, err := model.Open(ctx, ":memory:", model.Options{TimeZone: zone})
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	if _, err := demo.Generate(ctx, mem, gen); err != nil {
		return nil, fmt.Errorf("generating the demo company: %w", err)
	}
	return Write(ctx, mem, d, dsn, opt)
}
