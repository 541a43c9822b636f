package boards_test

import (
	"context"
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/boards"
	"salesbi/i18n"
	"salesbi/model"
	"salesbi/presets"
	"salesbi/query"
)

// Every panel of every ready board, answered for a rep and for a manager,
// holds only that rep's rows / the manager's subtree's: it equals the
// director's answer of the same spec filtered to the reps of the subtree,
// the subtree walked by the test's own recursive SQL over reps.manager_id.
// The filter choices offer the same reps.
func TestRowRestrictionOnEveryPanel(t *testing.T) {
	f := newService(t)
	subtree := func(rep int64) []string {
		return names(t, f, `WITH RECURSIVE t(id) AS (SELECT ?::BIGINT UNION ALL SELECT reps.rep_id FROM reps JOIN t ON reps.manager_id = t.id)
			SELECT name FROM reps WHERE rep_id IN (SELECT id FROM t) ORDER BY name`, rep)
	}
	ids := func(t *testing.T, f *fixture, q string, args ...any) []int64 {
		rows, err := f.db.Query(q, args...)
		require.NoError(t, err)
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var n int64
			require.NoError(t, rows.Scan(&n))
			out = append(out, n)
		}
		return out
	}
	// People whose names no one outside their subtree shares, so a filter
	// on rep names is exactly the subtree.
	pick := func(level string) int64 {
		var id int64
		require.NoError(t, f.db.QueryRow(`SELECT r.rep_id FROM reps r WHERE r.level = ?
			AND (SELECT count(*) FROM reps x WHERE x.name = r.name) = 1 ORDER BY r.rep_id LIMIT 1`, level).Scan(&id))
		return id
	}
	rep := model.Identity{UserID: 101, Login: "rep", Role: model.RoleRep, RepID: pick("rep")}
	require.Len(t, subtree(rep.RepID), 1)
	// A manager (a region manager, else a team lead) whose team's names are
	// all unique among the reps.
	manager := model.Identity{UserID: 102, Login: "manager", Role: model.RoleManager}
	for _, level := range []string{"region_manager", "team_lead"} {
		for _, id := range ids(t, f, `SELECT rep_id FROM reps WHERE level = ? ORDER BY rep_id`, level) {
			tree := subtree(id)
			if len(tree) > 2 && f.count(t, fmt.Sprintf(`SELECT count(*) FROM reps WHERE name IN (%s)`, quoted(tree))) == int64(len(tree)) {
				manager.RepID = id
				break
			}
		}
		if manager.RepID != 0 {
			break
		}
	}
	require.NotZero(t, manager.RepID, "a manager with a team of unique names")

	ready := 0
	for _, b := range presets.All() {
		if !b.Ready {
			continue
		}
		ready++
		for _, id := range []model.Identity{rep, manager} {
			names := subtree(id.RepID)
			for _, period := range []string{"", "this_quarter"} {
				r := boards.Request{Board: b, Identity: id, Locale: i18n.ZH, Selection: presets.Selection{Period: period}}
				a, err := f.svc.Answer(context.Background(), r)
				require.NoError(t, err)
				restricted := 0
				for _, p := range a.Panels {
					where := fmt.Sprintf("%s/%s as %s (%s)", b.ID, p.ID, id.Role, period)
					require.Empty(t, p.Error, where)
					ds, ok := query.Lookup(p.Spec.Dataset)
					require.True(t, ok, where)
					_, hasRep := ds.Field("rep")
					require.True(t, hasRep, "%s: the dataset has a rep field to check against", where)
					want := p.Spec
					want.Filters = append(append([]query.Filter(nil), want.Filters...),
						query.Filter{Field: "rep", Op: "in", Values: anys(names)})
					res, err := f.svc.Query.Run(context.Background(), want, model.DemoDirector, i18n.ZH)
					require.NoError(t, err, where)
					require.Equal(t, normal(res.Rows), normal(p.Rows), where)
					all, err := f.svc.Query.Run(context.Background(), p.Spec, model.DemoDirector, i18n.ZH)
					require.NoError(t, err, where)
					if fmt.Sprint(normal(all.Rows)) != fmt.Sprint(normal(p.Rows)) {
						restricted++
					}
					// Any rep a panel names is one of the subtree.
					for i, c := range p.Columns {
						if c.Field != "rep" {
							continue
						}
						for _, row := range p.Rows {
							if row[i] != nil {
								require.Contains(t, names, row[i], where)
							}
						}
					}
				}
				require.Positive(t, restricted, "%s as %s: the restriction shows on some panel", b.ID, id.Role)
				require.Subset(t, names, values(a.Filters.Reps), "%s as %s: the rep filter offers the subtree only", b.ID, id.Role)
			}
		}
	}
	require.Positive(t, ready)
}

func quoted(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += ","
		}
		out += "'" + x + "'"
	}
	return out
}

func anys(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// normal is rows in a stable order with sums rounded (a summary table
// and the fact table may add in another order).
func normal(rows [][]any) []string {
	out := make([]string, len(rows))
	for i, row := range rows {
		s := ""
		for _, v := range row {
			if x, ok := v.(float64); ok {
				v = math.Round(x*1e6) / 1e6
			}
			s += fmt.Sprintf("%v|", v)
		}
		out[i] = s
	}
	sort.Strings(out)
	return out
}
