package demo

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

// checksums is, per canonical table, its row count and an order-free hash
// of every row, computed by DuckDB itself.
func checksums(t *testing.T, db *model.DB) map[string][2]uint64 {
	t.Helper()
	out := map[string][2]uint64{}
	for _, tb := range model.CanonicalTables {
		var n, h uint64
		require.NoError(t, db.QueryRow(`SELECT count(*)::UBIGINT, coalesce(sum(hash(t)) % 18446744073709551557, 0)::UBIGINT FROM `+tb+` t`).Scan(&n, &h), tb)
		out[tb] = [2]uint64{n, h}
	}
	return out
}

// The second run uses one OS thread: results must not depend on how the
// work was scheduled.
func TestSameSeedAndAnchorGiveIdenticalTables(t *testing.T) {
	a := checksums(t, generated(t, 1, "2026-11-27"))
	db := freshDB(t, true)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	_, err := Generate(context.Background(), db, Options{Seed: 1, Scale: 1, Anchor: anchorDate(t, "2026-11-27"), Loc: shanghai(t)})
	require.NoError(t, err)
	require.Equal(t, a, checksums(t, db))
}

func TestDifferentSeedGivesDifferentTables(t *testing.T) {
	a := checksums(t, generated(t, 1, "2026-11-27"))
	b := checksums(t, generated(t, 2, "2026-11-27"))
	for _, tb := range []string{"customers", "leads", "opportunities", "stage_history", "visits", "contracts"} {
		require.NotEqual(t, a[tb][1], b[tb][1], tb)
	}
}

func TestEveryTableHasRowsAtDefaultSize(t *testing.T) {
	db := generated(t, 1, "2026-11-27")
	c := checksums(t, db)
	for _, tb := range model.CanonicalTables {
		require.Greater(t, c[tb][0], uint64(0), "table %s is empty", tb)
	}
	within := func(tb string, lo, hi uint64) {
		require.True(t, c[tb][0] >= lo && c[tb][0] <= hi, "%s has %d rows, want %d..%d", tb, c[tb][0], lo, hi)
	}
	within("reps", 110, 130)
	within("regions", 4, 6)
	within("customers", 8000, 8000)
	within("leads", 55000, 65000)
	within("opportunities", 18000, 23000)
	within("visits", 140000, 160000)
}

func TestGenerateRefusesNonEmptyDatabaseAndLeavesItUntouched(t *testing.T) {
	db := freshDB(t, true)
	ctx := context.Background()
	_, err := db.Exec(`INSERT INTO regions (region_id, name) VALUES (42, '东北')`)
	require.NoError(t, err)
	before := checksums(t, db)
	_, err = Generate(ctx, db, Options{Seed: 1, Scale: 1, Anchor: anchorDate(t, "2026-11-27"), Loc: shanghai(t)})
	require.Error(t, err)
	require.True(t, errors.Is(err, ErrNotEmpty), "want ErrNotEmpty, got %v", err)
	require.Contains(t, err.Error(), "empty database")
	require.Equal(t, before, checksums(t, db))
	empty, err := IsEmpty(ctx, db)
	require.NoError(t, err)
	require.False(t, empty)
}

// An administrator account created before the data is kept; the demo
// then writes everything but users.
func TestGenerateKeepsExistingUsers(t *testing.T) {
	db := freshDB(t, true)
	_, err := db.Exec(`INSERT INTO users (user_id, login, display_name, role) VALUES (1, 'admin', '管理员', 'admin')`)
	require.NoError(t, err)
	st, err := Generate(context.Background(), db, Options{Seed: 3, Scale: 1, Anchor: anchorDate(t, "2026-06-01"), Loc: shanghai(t)})
	require.NoError(t, err)
	require.True(t, st.UsersSkipped)
	require.Equal(t, 1.0, queryFloat(t, db, `SELECT count(*) FROM users`))
	require.Greater(t, queryFloat(t, db, `SELECT count(*) FROM visits`), 0.0)
}

func TestGenerateNeedsAnAnchor(t *testing.T) {
	db := freshDB(t, true)
	_, err := Generate(context.Background(), db, Options{Seed: 1})
	require.ErrorContains(t, err, "Anchor")
	empty, err := IsEmpty(context.Background(), db)
	require.NoError(t, err)
	require.True(t, empty)
}

// Keys are declared PRIMARY KEY, so DuckDB already enforces them on load;
// this checks the natural keys the schema cannot (one contract per won
// deal, one stage_history start per deal).
func TestKeysAreUnique(t *testing.T) {
	db := generated(t, 1, "2026-11-27")
	for _, q := range []string{
		`SELECT count(*) - count(DISTINCT login) FROM users`,
		`SELECT count(*) - count(DISTINCT opp_id) FROM contracts`,
		`SELECT count(*) - count(DISTINCT opp_id) FROM stage_history WHERE from_stage IS NULL`,
		`SELECT count(*) - count(DISTINCT (rep_id, period)) FROM targets`,
	} {
		require.Zero(t, queryFloat(t, db, q), q)
	}
}

func TestForeignKeysResolve(t *testing.T) {
	db := generated(t, 1, "2026-11-27")
	orphans := map[string]string{
		"markets→regions":         `SELECT count(*) FROM markets m LEFT JOIN regions r USING (region_id) WHERE r.region_id IS NULL`,
		"reps→regions":            `SELECT count(*) FROM reps p LEFT JOIN regions r USING (region_id) WHERE p.region_id IS NOT NULL AND r.region_id IS NULL`,
		"reps→markets":            `SELECT count(*) FROM reps p LEFT JOIN markets m USING (market_id) WHERE p.market_id IS NOT NULL AND m.market_id IS NULL`,
		"reps→manager":            `SELECT count(*) FROM reps p LEFT JOIN reps m ON m.rep_id = p.manager_id WHERE p.manager_id IS NOT NULL AND m.rep_id IS NULL`,
		"customers→owner":         `SELECT count(*) FROM customers c LEFT JOIN reps p ON p.rep_id = c.owner_rep_id WHERE p.rep_id IS NULL`,
		"health→customers":        `SELECT count(*) FROM customer_health_nodes h LEFT JOIN customers c USING (customer_id) WHERE c.customer_id IS NULL`,
		"leads→reps":              `SELECT count(*) FROM leads l LEFT JOIN reps p ON p.rep_id = l.owner_rep_id WHERE p.rep_id IS NULL`,
		"leads→customers":         `SELECT count(*) FROM leads l LEFT JOIN customers c USING (customer_id) WHERE l.customer_id IS NOT NULL AND c.customer_id IS NULL`,
		"opps→customers":          `SELECT count(*) FROM opportunities o LEFT JOIN customers c USING (customer_id) WHERE c.customer_id IS NULL`,
		"opps→reps":               `SELECT count(*) FROM opportunities o LEFT JOIN reps p ON p.rep_id = o.owner_rep_id WHERE p.rep_id IS NULL`,
		"stage_history→opps":      `SELECT count(*) FROM stage_history s LEFT JOIN opportunities o USING (opp_id) WHERE o.opp_id IS NULL`,
		"key_actions→opps":        `SELECT count(*) FROM key_actions k LEFT JOIN opportunities o USING (opp_id) WHERE o.opp_id IS NULL`,
		"requirements→opps":       `SELECT count(*) FROM requirements q LEFT JOIN opportunities o USING (opp_id) WHERE o.opp_id IS NULL`,
		"visits→reps":             `SELECT count(*) FROM visits v LEFT JOIN reps p USING (rep_id) WHERE p.rep_id IS NULL`,
		"visits→customers":        `SELECT count(*) FROM visits v LEFT JOIN customers c USING (customer_id) WHERE c.customer_id IS NULL`,
		"contracts→opps":          `SELECT count(*) FROM contracts k LEFT JOIN opportunities o USING (opp_id) WHERE o.opp_id IS NULL`,
		"contracts→customers":     `SELECT count(*) FROM contracts k LEFT JOIN customers c USING (customer_id) WHERE c.customer_id IS NULL`,
		"contracts→renewal_of":    `SELECT count(*) FROM contracts k LEFT JOIN contracts p ON p.contract_id = k.renewal_of WHERE k.renewal_of IS NOT NULL AND p.contract_id IS NULL`,
		"contract customer = opp": `SELECT count(*) FROM contracts k JOIN opportunities o USING (opp_id) WHERE o.customer_id <> k.customer_id OR o.outcome <> 'won'`,
		"won opp has contract":    `SELECT count(*) FROM opportunities o LEFT JOIN contracts k USING (opp_id) WHERE o.outcome = 'won' AND k.contract_id IS NULL`,
		"targets→reps":            `SELECT count(*) FROM targets t LEFT JOIN reps p USING (rep_id) WHERE p.rep_id IS NULL`,
		"capability→reps":         `SELECT count(*) FROM rep_capability t LEFT JOIN reps p USING (rep_id) WHERE p.rep_id IS NULL`,
		"users→reps":              `SELECT count(*) FROM users u LEFT JOIN reps p USING (rep_id) WHERE u.rep_id IS NOT NULL AND p.rep_id IS NULL`,
	}
	for name, q := range orphans {
		require.Zero(t, queryFloat(t, db, q), name)
	}
}

// Time order inside each record: nothing happens before it was created,
// nothing is recorded before it happened or after the demo's today.
func TestTimesAreConsistent(t *testing.T) {
	db := generated(t, 1, "2026-11-27")
	bad := map[string]string{
		"stage before created":      `SELECT count(*) FROM stage_history s JOIN opportunities o USING (opp_id) WHERE s.changed_at < o.created_at`,
		"recorded before fact":      `SELECT count(*) FROM stage_history WHERE recorded_at < changed_at`,
		"visit recorded early":      `SELECT count(*) FROM visits WHERE recorded_at < visited_at`,
		"after today":               `SELECT count(*) FROM visits WHERE recorded_at >= TIMESTAMPTZ '2026-11-27 00:00:00+08'`,
		"contract after today":      `SELECT count(*) FROM contracts WHERE signed_at >= TIMESTAMPTZ '2026-11-27 00:00:00+08'`,
		"signed before opp":         `SELECT count(*) FROM contracts k JOIN opportunities o USING (opp_id) WHERE k.signed_at < o.created_at`,
		"closed without end":        `SELECT count(*) FROM opportunities WHERE (outcome = 'open') <> (closed_at IS NULL)`,
		"stage vs outcome":          `SELECT count(*) FROM opportunities WHERE (outcome IN ('won','lost') AND stage <> outcome) OR (outcome = 'open' AND stage IN ('won','lost'))`,
		"requirements_approved row": `SELECT count(*) FROM key_actions WHERE action = 'requirements_approved'`,
	}
	for name, q := range bad {
		require.Zero(t, queryFloat(t, db, q), name)
	}
}

// The stand-up board asks for yesterday in the business zone: it must have
// leads, valid leads in several regions, visits and a signing, whatever
// the anchor's weekday.
func TestYesterdayHasData(t *testing.T) {
	for _, anchor := range patternAnchors { // Friday, Sunday, Monday (yesterday a Sunday), Sunday
		db := generated(t, 1, anchor)
		y := anchorDate(t, anchor).AddDate(0, 0, -1)
		day := `BETWEEN $1::TIMESTAMPTZ AND $2::TIMESTAMPTZ - INTERVAL 1 MICROSECOND`
		from, to := y, y.AddDate(0, 0, 1)
		require.Greater(t, queryFloat(t, db, `SELECT count(*) FROM leads WHERE created_at `+day, from, to), 0.0, anchor)
		require.GreaterOrEqual(t, queryFloat(t, db, `SELECT count(DISTINCT region_id) FROM leads WHERE status IN ('valid','converted') AND created_at `+day, from, to), 3.0, anchor)
		require.Greater(t, queryFloat(t, db, `SELECT count(*) FROM visits WHERE visited_at `+day, from, to), 0.0, anchor)
		require.Greater(t, queryFloat(t, db, `SELECT count(*) FROM contracts WHERE signed_at `+day, from, to), 0.0, anchor)
		// and the same through the session's business zone
		require.Greater(t, queryFloat(t, db, `SELECT count(*) FROM contracts WHERE signed_at::DATE = $1::DATE`, y.Format("2006-01-02")), 0.0, anchor)
	}
}

// cancelAt cancels the generation when a given table reports progress.
type cancelAt struct {
	table  string
	cancel context.CancelFunc
}

func (c cancelAt) Step(step string, done, total int64) {
	if step == c.table {
		c.cancel()
	}
}
func (c cancelAt) Done(string) {}

// A generation that fails half-way (here: cancelled once customers are
// written) removes what it wrote, so the database is empty again.
func TestFailedGenerationLeavesTheDatabaseEmpty(t *testing.T) {
	db := freshDB(t, true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Generate(ctx, db, Options{Seed: 1, Scale: 1, Anchor: anchorDate(t, "2026-11-27"), Loc: shanghai(t), Progress: cancelAt{"customers", cancel}})
	require.ErrorIs(t, err, context.Canceled)
	empty, err := IsEmpty(context.Background(), db)
	require.NoError(t, err)
	require.True(t, empty)
	require.Zero(t, queryFloat(t, db, `SELECT count(*) FROM users`))
}

// Scale multiplies customers, leads, opportunities and visits; the
// organisation stays the same size.
func TestScaleMultipliesTheVolumes(t *testing.T) {
	one := checksums(t, generated(t, 1, "2026-11-27"))
	db := freshDB(t, true)
	_, err := Generate(context.Background(), db, Options{Seed: 1, Scale: 2, Anchor: anchorDate(t, "2026-11-27"), Loc: shanghai(t)})
	require.NoError(t, err)
	two := checksums(t, db)
	for _, tb := range []string{"customers", "leads", "opportunities", "visits", "contracts"} {
		ratio := float64(two[tb][0]) / float64(one[tb][0])
		require.InDelta(t, 2, ratio, 0.15, "%s: %d rows at scale 1, %d at scale 2", tb, one[tb][0], two[tb][0])
	}
	for _, tb := range []string{"regions", "markets", "reps", "users"} {
		require.Equal(t, one[tb][0], two[tb][0], tb)
	}
}
