package dashboards

import (
	"context"
	"database/sql"
	"time"

	"salesbi/clock"
)

// standupFilter is the board's global filter: the day (yesterday unless
// ?date= says otherwise) and the drill position region → rep.
type standupFilter struct {
	Day      clock.Range
	RegionID int64 // 0: all regions
	RepID    int64 // 0: all reps of the region
}

// Level is the drill level the filter selects.
func (f standupFilter) Level() string {
	switch {
	case f.RepID != 0:
		return "records"
	case f.RegionID != 0:
		return "rep"
	}
	return "region"
}

// groupCount is one bar: a region or a rep with its figure(s).
type groupCount struct {
	ID     int64
	Name   string
	N      int64
	Amount float64
}

type pendingLead struct {
	LeadID    int64
	CreatedAt time.Time
	Channel   string
	Region    string
	Rep       string
	Status    string
}

type standupData struct {
	ValidLeads []groupCount // new valid leads by group
	Visits     []groupCount
	Signings   []groupCount // N = contracts, Amount = yuan
	Channels   []groupCount // Name = channel code
	Pending    []pendingLead
	// Totals for the KPI cards.
	TotalValid, TotalLeads, TotalVisits, TotalSignings int64
	TotalSigned                                        float64
}

// Definitions (README, "Morning stand-up"): a new valid lead is a lead
// created on the day whose status is valid or converted; visits count by the
// visiting rep's region; signings are contracts signed on the day, by the
// customer's region and the owning rep of their opportunity (the customer's
// owner when the contract has no opportunity).
const (
	// groups: regions at the top level, active reps of the region below.
	sqlGroups = `
		SELECT region_id AS id, name FROM regions WHERE $1 = 0
		UNION ALL
		SELECT rep_id, name FROM reps WHERE $1 <> 0 AND region_id = $1 AND ($2 = 0 OR rep_id = $2)`

	sqlValidLeads = `
		SELECT CASE WHEN $3 = 0 THEN l.region_id ELSE l.owner_rep_id END AS id, count(*)
		FROM leads l
		WHERE l.created_at >= $1 AND l.created_at < $2 AND l.status IN ('valid', 'converted')
		  AND ($3 = 0 OR l.region_id = $3) AND ($4 = 0 OR l.owner_rep_id = $4)
		GROUP BY 1`

	sqlVisits = `
		SELECT CASE WHEN $3 = 0 THEN p.region_id ELSE p.rep_id END AS id, count(*)
		FROM visits v JOIN reps p ON p.rep_id = v.rep_id
		WHERE v.visited_at >= $1 AND v.visited_at < $2
		  AND ($3 = 0 OR p.region_id = $3) AND ($4 = 0 OR p.rep_id = $4)
		GROUP BY 1`

	sqlSignings = `
		SELECT CASE WHEN $3 = 0 THEN cu.region_id ELSE coalesce(o.owner_rep_id, cu.owner_rep_id) END AS id,
		       count(*), coalesce(sum(c.amount), 0)::DOUBLE
		FROM contracts c
		JOIN customers cu ON cu.customer_id = c.customer_id
		LEFT JOIN opportunities o ON o.opp_id = c.opp_id
		WHERE c.signed_at >= $1 AND c.signed_at < $2
		  AND ($3 = 0 OR cu.region_id = $3) AND ($4 = 0 OR coalesce(o.owner_rep_id, cu.owner_rep_id) = $4)
		GROUP BY 1`

	sqlChannels = `
		SELECT coalesce(channel, 'other') AS channel, count(*)
		FROM leads
		WHERE created_at >= $1 AND created_at < $2
		  AND ($3 = 0 OR region_id = $3) AND ($4 = 0 OR owner_rep_id = $4)
		GROUP BY 1 ORDER BY 2 DESC, 1`

	// The three leads that have waited longest without a first follow-up,
	// among those created in the week up to the board's day.
	sqlPending = `
		SELECT l.lead_id, l.created_at, coalesce(l.channel, 'other'), coalesce(rg.name, ''), coalesce(p.name, ''), l.status
		FROM leads l
		LEFT JOIN regions rg ON rg.region_id = l.region_id
		LEFT JOIN reps p ON p.rep_id = l.owner_rep_id
		WHERE l.first_followed_at IS NULL AND l.status IN ('new', 'valid')
		  AND l.created_at >= $1 AND l.created_at < $2
		  AND ($3 = 0 OR l.region_id = $3) AND ($4 = 0 OR l.owner_rep_id = $4)
		ORDER BY l.created_at, l.lead_id
		LIMIT 3`
)

// loadStandup reads the board's figures. regions is every region (the
// caller has it for the filter); at the top level they are the bar groups.
func loadStandup(ctx context.Context, db *sql.DB, f standupFilter, regions []groupCount) (*standupData, error) {
	d := &standupData{}
	groups, err := regions, error(nil)
	if f.Level() != "region" {
		if groups, err = queryGroups(ctx, db, sqlGroups, f.RegionID, f.RepID); err != nil {
			return nil, err
		}
	}
	args := []any{f.Day.From, f.Day.To, f.RegionID, f.RepID}
	if d.ValidLeads, err = fillGroups(ctx, db, groups, sqlValidLeads, args, false); err != nil {
		return nil, err
	}
	if d.Visits, err = fillGroups(ctx, db, groups, sqlVisits, args, false); err != nil {
		return nil, err
	}
	if d.Signings, err = fillGroups(ctx, db, groups, sqlSignings, args, true); err != nil {
		return nil, err
	}
	d.Channels, err = scanAll(ctx, db, sqlChannels, args, func(r *sql.Rows, g *groupCount) error { return r.Scan(&g.Name, &g.N) })
	if err != nil {
		return nil, err
	}
	for _, g := range d.Channels {
		d.TotalLeads += g.N
	}
	pend := []any{f.Day.From.AddDate(0, 0, -6), f.Day.To, f.RegionID, f.RepID}
	d.Pending, err = scanAll(ctx, db, sqlPending, pend, func(r *sql.Rows, p *pendingLead) error {
		return r.Scan(&p.LeadID, &p.CreatedAt, &p.Channel, &p.Region, &p.Rep, &p.Status)
	})
	if err != nil {
		return nil, err
	}
	for _, g := range d.ValidLeads {
		d.TotalValid += g.N
	}
	for _, g := range d.Visits {
		d.TotalVisits += g.N
	}
	for _, g := range d.Signings {
		d.TotalSignings += g.N
		d.TotalSigned += g.Amount
	}
	return d, nil
}

func queryGroups(ctx context.Context, db *sql.DB, q string, args ...any) ([]groupCount, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []groupCount
	for rows.Next() {
		var g groupCount
		if err := rows.Scan(&g.ID, &g.Name); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// fillGroups runs a per-group aggregate and lays it over every group, so a
// region with nothing yesterday still shows as a zero bar.
func fillGroups(ctx context.Context, db *sql.DB, groups []groupCount, q string, args []any, withAmount bool) ([]groupCount, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]groupCount{}
	for rows.Next() {
		var id sql.NullInt64
		var g groupCount
		dest := []any{&id, &g.N}
		if withAmount {
			dest = append(dest, &g.Amount)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		byID[id.Int64] = g
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]groupCount, len(groups))
	for i, g := range groups {
		v := byID[g.ID]
		out[i] = groupCount{ID: g.ID, Name: g.Name, N: v.N, Amount: v.Amount}
	}
	return out, nil
}
