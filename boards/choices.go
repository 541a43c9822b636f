package boards

import (
	"context"
	"fmt"

	"salesbi/presets"
	"salesbi/query"
)

// choices are the values the board's filters offer the caller: the
// periods, the regions and the reps (narrowed to the chosen region), read
// through the query engine from the reps dataset, so a rep is offered
// only themself and a manager their subtree.
func (s *Service) choices(ctx context.Context, r Request, sel presets.Selection) (FilterChoices, error) {
	fc := FilterChoices{Periods: PeriodChoices(r.Locale)}
	names := func(dim string, filters []query.Filter) ([]Choice, error) {
		res, err := s.Query.Run(ctx, query.Spec{Dataset: "reps", Dimensions: []query.Dimension{{Field: dim}},
			Measures: []query.Measure{{Agg: "count"}}, Filters: filters, Sort: []query.SortKey{{Column: dim}}}, r.Identity, r.Locale)
		if err != nil {
			return nil, err
		}
		out := []Choice{}
		for _, row := range res.Rows {
			if row[0] == nil {
				continue
			}
			v := fmt.Sprint(row[0])
			out = append(out, Choice{Value: v, Label: v})
		}
		return out, nil
	}
	var err error
	if r.Board.Filters.Region {
		if fc.Regions, err = names("region", nil); err != nil {
			return fc, err
		}
	}
	if r.Board.Filters.Rep {
		var f []query.Filter
		if sel.Region != "" {
			f = []query.Filter{{Field: "region", Op: "eq", Values: []any{sel.Region}}}
		}
		if fc.Reps, err = names("rep", f); err != nil {
			return fc, err
		}
	}
	return fc, nil
}
