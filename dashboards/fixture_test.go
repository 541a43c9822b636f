package dashboards_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"salesbi/clock"
	"salesbi/model"
)

// fixtureNow is the fixed "now" of the page tests: 08:30 at the stand-up,
// business time zone, so yesterday is 2026-11-26.
var fixtureNow = time.Date(2026, 11, 27, 8, 30, 0, 0, mustZone("Asia/Shanghai"))

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// newFixture builds a small hand-made company: three regions, a manager and
// two reps each, and yesterday's leads, visits and contracts, some of them
// near midnight so a time-zone slip would move them to another day.
func newFixture(t *testing.T) (*model.DB, clock.Calendar) {
	t.Helper()
	ctx := context.Background()
	db, err := model.Open(ctx, ":memory:", model.Options{TimeZone: "Asia/Shanghai", MemoryLimit: "1GB"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cal, err := clock.NewCalendar(clock.NewFixed(fixtureNow), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO regions (region_id, name) VALUES (1, '华东'), (2, '华南'), (3, '西南')`)
	exec(`INSERT INTO reps (rep_id, name, region_id, manager_id, level) VALUES
		(10, '王经理', 1, NULL, 'manager'), (11, '张伟', 1, 10, 'senior'), (12, '李娜', 1, 10, 'junior'),
		(20, '陈经理', 2, NULL, 'manager'), (21, '刘洋', 2, 20, 'senior'), (22, '<script>x</script>', 2, 20, 'junior'),
		(30, '赵经理', 3, NULL, 'manager'), (31, '周杰', 3, 30, 'senior')`)
	exec(`INSERT INTO customers (customer_id, name, industry, region_id, owner_rep_id, static_tier, annual_purchase, created_at) VALUES
		(100, '杭州云帆科技', 'software', 1, 11, 'A', 900000, '2025-01-01'),
		(101, '广州明德学校', 'education', 2, 21, 'B', 300000, '2025-01-01'),
		(102, '成都锦城医院', 'healthcare', 3, 31, 'C', 120000, '2025-01-01')`)
	y := fixtureNow.AddDate(0, 0, -1) // 2026-11-26 08:30 +08
	at := func(h, m int) time.Time { return time.Date(y.Year(), y.Month(), y.Day(), h, m, 0, 0, y.Location()) }
	leads := []struct {
		region, rep     int64
		status, channel string
		at              time.Time
		followed        bool
	}{
		{1, 11, "valid", "website", at(0, 5), true},
		{1, 11, "valid", "referral", at(9, 0), true},
		{1, 12, "converted", "exhibition", at(23, 55), true},
		{1, 12, "new", "website", at(10, 0), false},
		{2, 21, "valid", "wechat", at(11, 0), false},
		{2, 22, "invalid", "telemarketing", at(12, 0), false},
		{2, 22, "valid", "website", at(13, 0), true},
		{3, 31, "new", "partner", at(14, 0), false},
		// the day before yesterday and today: not yesterday's
		{1, 11, "valid", "website", at(0, 0).Add(-time.Minute), true},
		{2, 21, "valid", "website", at(0, 0).AddDate(0, 0, 1), true},
	}
	for i, l := range leads {
		var followed any
		if l.followed {
			followed = l.at.Add(time.Hour)
		}
		exec(`INSERT INTO leads (lead_id, created_at, region_id, channel, status, owner_rep_id, first_followed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			1000+i, l.at, l.region, l.channel, l.status, l.rep, followed)
	}
	for i, v := range []struct {
		rep      int64
		customer int64
		at       time.Time
	}{{11, 100, at(9, 30)}, {11, 100, at(15, 0)}, {12, 100, at(16, 0)}, {21, 101, at(10, 0)}, {31, 102, at(23, 59)}, {31, 102, at(0, 0).Add(-time.Second)}} {
		exec(`INSERT INTO visits (visit_id, rep_id, customer_id, visited_at, recorded_at, purpose) VALUES (?, ?, ?, ?, ?, 'demo')`,
			5000+i, v.rep, v.customer, v.at, v.at.Add(2*time.Hour))
	}
	exec(`INSERT INTO opportunities (opp_id, customer_id, owner_rep_id, amount, stage, outcome, created_at) VALUES
		(700, 100, 12, 850000, 'won', 'won', '2026-06-01'), (701, 101, 21, 220000, 'won', 'won', '2026-07-01')`)
	exec(`INSERT INTO contracts (contract_id, opp_id, customer_id, amount, signed_at, recorded_at) VALUES
		(800, 700, 100, 850000.00, ?, ?), (801, 701, 101, 220000.50, ?, ?), (802, NULL, 102, 99999.99, ?, ?)`,
		at(17, 0), at(18, 0), at(22, 0), at(22, 30), at(0, 0).Add(-time.Hour), at(0, 0))
	return db, cal
}

// sqlSeries reads a per-group count with plain SQL, for comparison with the
// page: the test's own query, not the page's.
func sqlSeries(t *testing.T, db *model.DB, q string, args ...any) map[string]float64 {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var k string
		var v float64
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	return out
}

func fmtMap(m map[string]float64) string { return fmt.Sprint(m) }
