package query

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

type namedIdentity struct {
	name string
	id   model.Identity
}

// restrictedIdentities are the director, the demo company's manager with
// the most reports, and a rep who manages no one.
func restrictedIdentities(t *testing.T, db *model.DB) []namedIdentity {
	ctx := context.Background()
	var manager, rep int64
	require.NoError(t, db.QueryRowContext(ctx, `SELECT manager_id FROM reps WHERE manager_id IS NOT NULL
		GROUP BY manager_id ORDER BY count(*) DESC, manager_id LIMIT 1`).Scan(&manager))
	require.NoError(t, db.QueryRowContext(ctx, `SELECT min(rep_id) FROM reps WHERE rep_id NOT IN (SELECT manager_id FROM reps WHERE manager_id IS NOT NULL)`).Scan(&rep))
	return []namedIdentity{
		{"director", model.DemoDirector},
		{"manager", model.Identity{UserID: 90, Login: "m", Role: model.RoleManager, RepID: manager}},
		{"rep", model.Identity{UserID: 91, Login: "r", Role: model.RoleRep, RepID: rep}},
	}
}

// TestDerivedSameResults runs every golden case of the derived form
// (running, ratio, per rep or working day) and every histogram case as
// the director, a manager and a rep: with its groupings in two phases and
// in one, and through the engine with fresh rollups and on the fact
// tables only. Each pair must give the same groups and values.
func TestDerivedSameResults(t *testing.T) {
	db := goldenDB(t)
	ctx := context.Background()
	ru := NewRollups(db.DB, testCal, nil)
	require.NoError(t, ru.BuildStale(ctx))
	ids := restrictedIdentities(t, db)
	cases, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	ran, split, rolled, withData := 0, 0, 0, 0
	for _, path := range cases {
		if strings.HasSuffix(path, ".args.json") {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		spec, _, locale := loadCase(t, path)
		hol := caseHolidays(t, path)
		for _, who := range ids {
			p, err := ValidateWith(spec, who.id, goldenCal(), locale, Options{Holidays: hol})
			if err != nil || (p.derived == nil && !hasBin(p)) {
				continue
			}
			ran++
			t.Run(name+"/"+who.name, func(t *testing.T) {
				two, err := Compile(p)
				require.NoError(t, err)
				one, err := compileOnePhase(p)
				require.NoError(t, err)
				if one.SQL != two.SQL {
					split++
				}
				got, err := Execute(ctx, db.DB, two, goldenCal().Loc)
				require.NoError(t, err, two.SQL)
				want, err := Execute(ctx, db.DB, one, goldenCal().Loc)
				require.NoError(t, err, one.SQL)
				if len(want) > 0 {
					withData++
				}
				sameGroups(t, want, got, len(p.Dims))

				withRollups := &Engine{DB: db, Cal: testCal, Rollups: ru, Holidays: hol}
				factOnly := &Engine{DB: db, Cal: testCal, Holidays: hol}
				r1, err := withRollups.Run(ctx, spec, who.id, locale)
				require.NoError(t, err)
				r0, err := factOnly.Run(ctx, spec, who.id, locale)
				require.NoError(t, err)
				require.Empty(t, r0.Rollup)
				if r1.Rollup != "" {
					rolled++
				}
				require.Equal(t, r0.Columns, r1.Columns)
				requireSameRows(t, r0.Rows, r1.Rows, len(p.Dims))
			})
		}
	}
	require.GreaterOrEqual(t, ran, 15, "derived and histogram golden cases × 3 identities")
	require.Positive(t, split, "some derived case should take two phases")
	require.Positive(t, rolled, "some derived case should read a rollup")
	require.GreaterOrEqual(t, withData, ran/2, "most cases should find data")
}

func hasBin(p *Plan) bool {
	for _, d := range p.Dims {
		if d.Bin > 0 {
			return true
		}
	}
	return false
}
