package connectors

import (
	"context"
	"fmt"

	"salesbi/config"
	"salesbi/model"
)

// Check validates every table mapping against the live sources and the
// canonical schema, before any data moves, and lists every problem with its
// location in the YAML (unknown table or column, missing key, a type that
// cannot be cast, an unreachable source).
func Check(ctx context.Context, db *model.DB, cfg *config.Config) []Problem {
	var probs []Problem
	sources := map[string]Source{}
	failed := map[string]bool{}
	defer func() {
		for _, s := range sources {
			s.Close()
		}
	}()
	for _, table := range model.CanonicalTables {
		spec, ok := cfg.Tables[table]
		if !ok {
			continue
		}
		at := cfg.At(spec.Line, "tables."+table)
		src, ok := sources[spec.Source]
		if !ok {
			if failed[spec.Source] {
				continue
			}
			var err error
			src, err = OpenSource(ctx, cfg, spec.Source)
			if err != nil {
				failed[spec.Source] = true
				probs = append(probs, Problem{cfg.At(cfg.Sources[spec.Source].Line, "sources."+spec.Source), err.Error()})
				continue
			}
			sources[spec.Source] = src
		}
		described, err := src.Describe(ctx, spec)
		if err != nil {
			probs = append(probs, Problem{at, fmt.Sprintf("%v", err)})
			continue
		}
		_, ps, err := planTable(ctx, db.DB, cfg, table, described)
		if err != nil {
			probs = append(probs, Problem{at, err.Error()})
		}
		probs = append(probs, ps...)
	}
	return probs
}
