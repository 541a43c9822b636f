package query

import (
	"context"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/model"
)

// TestRowLevelRestriction runs one record listing as a rep, a manager and
// the director and checks each sees exactly the rows the org tree allows,
// with the tree walked by a recursive query written here, not by the
// compiler.
func TestRowLevelRestriction(t *testing.T) {
	db := openFixture(t)
	ctx := context.Background()
	ids := func(q string, args ...any) []int64 {
		rows, err := db.QueryContext(ctx, q, args...)
		require.NoError(t, err)
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			require.NoError(t, rows.Scan(&id))
			out = append(out, id)
		}
		require.NoError(t, rows.Err())
		sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
		return out
	}
	subtree := func(rep int64) []int64 {
		return ids(`WITH RECURSIVE t(id) AS (SELECT ?::BIGINT UNION ALL SELECT reps.rep_id FROM reps JOIN t ON reps.manager_id = t.id)
			SELECT opp_id FROM opportunities WHERE owner_rep_id IN (SELECT id FROM t)`, rep)
	}
	visible := func(id model.Identity, dataset string) []int64 {
		spec := Spec{Dataset: dataset, Records: true, Limit: &Limit{N: MaxRecords}}
		e := &Engine{DB: db, Cal: testCal}
		res, err := e.Run(ctx, spec, id, "zh-CN")
		require.NoError(t, err)
		col := -1
		for i, c := range res.Columns {
			if c.Key == "opp_id" {
				col = i
			}
		}
		require.GreaterOrEqual(t, col, 0)
		var out []int64
		for _, r := range res.Rows {
			out = append(out, r[col].(int64))
		}
		sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
		return out
	}
	rep := model.Identity{UserID: 11, Login: "zhangsan", Role: model.RoleRep, RepID: 3}
	manager := model.Identity{UserID: 12, Login: "zhao", Role: model.RoleManager, RepID: 5}
	director := model.DemoDirector

	all := ids(`SELECT opp_id FROM opportunities`)
	own := ids(`SELECT opp_id FROM opportunities WHERE owner_rep_id = 3`)
	tree := subtree(5) // 5 → 6 → 7: two levels below the manager
	require.NotEmpty(t, own)
	require.NotEmpty(t, tree)
	require.Less(t, len(tree), len(all))
	require.Equal(t, own, visible(rep, "opportunities"))
	require.Equal(t, tree, visible(manager, "opportunities"))
	require.Equal(t, all, visible(director, "opportunities"))
	// The same restriction reaches through joins: stage changes belong to
	// the opportunity's owner.
	require.Equal(t, own, uniq(visible(rep, "stage_history")))
	require.Equal(t, tree, uniq(visible(manager, "stage_history")))

	// A rep or manager without a place in the org tree is refused, not shown everything.
	_, err := (&Engine{DB: db, Cal: testCal}).Run(ctx, Spec{Dataset: "leads", Measures: []Measure{{Agg: "count"}}},
		model.Identity{Role: model.RoleRep}, "zh-CN")
	require.Equal(t, apperr.Forbidden, apperr.KindOf(err))
}

func uniq(xs []int64) []int64 {
	var out []int64
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
