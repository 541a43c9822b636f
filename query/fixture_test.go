package query

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/model"
)

// The hand-made company the unit tests run on: three regions, an org tree
// of two levels under a head (rep 1), and a few hundred leads, visits,
// opportunities and contracts spread over the months before the anchor.
//
//	1 head (East)
//	├── 2 manager East ── 3, 4
//	└── 5 manager North ── 6 ── 7 (a team lead under 6)
var (
	anchor  = time.Date(2026, 11, 27, 9, 0, 0, 0, shanghai())
	testCal = func() clock.Calendar {
		c, _ := clock.NewCalendar(clock.NewFixed(anchor), "Asia/Shanghai")
		return c
	}()
)

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}

// lcg is a tiny deterministic generator so the fixture is the same on every run.
type lcg uint64

func (g *lcg) next(n int) int {
	*g = *g*6364136223846793005 + 1442695040888963407
	return int(uint64(*g>>33) % uint64(n))
}

func openFixture(t testing.TB) *model.DB {
	t.Helper()
	db, err := model.Open(context.Background(), ":memory:", model.Options{MemoryLimit: "1GB", Threads: 1, TimeZone: "Asia/Shanghai"})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	require.NoError(t, fillFixture(context.Background(), db))
	return db
}

func fillFixture(ctx context.Context, db *model.DB) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("fixture: %v", r)
		}
	}()
	exec := func(q string, args ...any) {
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			panic(fmt.Sprintf("%v\n%s", err, q))
		}
	}
	exec(`INSERT INTO regions (region_id, name) VALUES (1,'华东'),(2,'华北'),(3,'华南')`)
	exec(`INSERT INTO reps (rep_id, name, region_id, manager_id, level) VALUES
		(1,'总监王',1,NULL,'head'),(2,'经理李',1,1,'manager'),(3,'张三',1,2,'rep'),(4,'李四',1,2,'rep'),
		(5,'经理赵',2,1,'manager'),(6,'王五',2,5,'lead'),(7,'钱七',3,6,'rep')`)
	industries := []string{"教育", "医疗", "制造", "政府"}
	owners := []int{3, 4, 6, 7, 2, 5}
	for i := 1; i <= 24; i++ {
		exec(`INSERT INTO customers (customer_id, name, industry, region_id, owner_rep_id, static_tier, annual_purchase, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, i, fmt.Sprintf("客户%02d", i), industries[i%4], i%3+1, owners[i%6],
			[]string{"A", "B", "C"}[i%3], float64(i*10000), anchor.AddDate(0, -i, 0))
	}
	g := lcg(42)
	statuses := []string{"new", "valid", "valid", "invalid", "converted"}
	channels := []string{"website", "exhibition", "referral"}
	for i := 1; i <= 400; i++ {
		created := anchor.Add(-time.Duration(g.next(400*24)) * time.Hour)
		var followed any
		if g.next(3) > 0 {
			followed = created.Add(time.Duration(g.next(72)) * time.Hour)
		}
		var cust any
		if g.next(2) == 0 {
			cust = g.next(24) + 1
		}
		exec(`INSERT INTO leads (lead_id, created_at, region_id, channel, status, owner_rep_id, first_followed_at, customer_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, i, created, g.next(3)+1, channels[g.next(3)], statuses[g.next(5)],
			owners[g.next(6)], followed, cust)
	}
	stages := []string{"lead", "qualified", "solution", "quote", "negotiation", "contract", "won", "lost"}
	for i := 1; i <= 120; i++ {
		created := anchor.Add(-time.Duration(g.next(300*24)) * time.Hour)
		stage := stages[g.next(len(stages))]
		outcome := map[string]string{"won": "won", "lost": "lost"}[stage]
		if outcome == "" {
			outcome = "open"
		}
		cust := g.next(24) + 1
		exec(`INSERT INTO opportunities (opp_id, customer_id, owner_rep_id, amount, stage, outcome, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, i, cust, owners[cust%6], float64(g.next(200)*5000+1000), stage, outcome, created)
		exec(`INSERT INTO stage_history (change_id, opp_id, from_stage, to_stage, changed_at, recorded_at)
			VALUES (?, ?, 'lead', ?, ?, ?)`, i, i, stage, created.Add(48*time.Hour), created.Add(time.Duration(50+g.next(30))*time.Hour))
		if g.next(2) == 0 {
			exec(`INSERT INTO key_actions (opp_id, action, completed_at, recorded_at) VALUES (?, 'tech_solution_signed', ?, ?)`,
				i, created.Add(24*time.Hour), created.Add(30*time.Hour))
		}
		if stage == "won" {
			exec(`INSERT INTO contracts (contract_id, opp_id, customer_id, amount, signed_at, recorded_at)
				VALUES (?, ?, ?, ?, ?, ?)`, i, i, cust, float64(g.next(100)*3000+500), created.Add(30*24*time.Hour), created.Add(31*24*time.Hour))
		}
	}
	for i := 1; i <= 600; i++ {
		at := anchor.Add(-time.Duration(g.next(200*24)) * time.Hour)
		rep := []int{3, 4, 6, 7}[g.next(4)]
		exec(`INSERT INTO visits (visit_id, rep_id, customer_id, visited_at, recorded_at, purpose) VALUES (?, ?, ?, ?, ?, ?)`,
			i, rep, g.next(24)+1, at, at.Add(time.Duration(g.next(20))*time.Hour), []string{"demo", "follow_up", "negotiation"}[g.next(3)])
	}
	for _, rep := range []int{3, 4, 6, 7} {
		for _, q := range []string{"2026-Q3", "2026-Q4"} {
			exec(`INSERT INTO targets (rep_id, period, target_amount, set_by) VALUES (?, ?, ?, 'director')`, rep, q, float64(rep*100000))
		}
	}
	return nil
}
