package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"salesbi/clock"
	"salesbi/model"
	"salesbi/progress"
)

// writeOrg writes regions, markets, reps and (when the table is empty) users.
func writeOrg(ctx context.Context, db *model.DB, sp span, og *org, withUsers bool, prog progress.Reporter, stats *statsSink) error {
	stamp := sp.start
	err := writeTable(ctx, db, "regions", int64(len(regionDefs)), prog, stats, func(w *tableWriter) error {
		for i, rd := range regionDefs {
			if err := w.row(int64(i+1), rd.name, stamp); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = writeTable(ctx, db, "markets", int64(len(og.markets)), prog, stats, func(w *tableWriter) error {
		for _, m := range og.markets {
			if err := w.row(m.id, m.name, m.region, m.segment, math.Round(m.fiscal*10)/10, m.policy,
				math.Round(m.competition*10)/10, sp.anchor.AddDate(0, 0, -7)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = writeTable(ctx, db, "reps", int64(len(og.reps)), prog, stats, func(w *tableWriter) error {
		for _, p := range og.reps {
			upd := p.hired
			if !p.left.IsZero() {
				upd = p.left
			}
			if err := w.row(p.id, p.name, nullID(p.region), nullID(p.market), nullID(p.manager), p.level,
				p.hired, p.left.IsZero(), upd); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || !withUsers {
		return err
	}
	return writeTable(ctx, db, "users", int64(len(og.reps)+1), prog, stats, func(w *tableWriter) error {
		if err := w.row(int64(1), "director", og.reps[0].name+"(销售总监)", model.RoleDirector, og.reps[0].id, nil, false, stamp); err != nil {
			return err
		}
		if err := w.row(int64(2), "analyst", "数据分析师", model.RoleAnalyst, nil, nil, false, stamp); err != nil {
			return err
		}
		id := int64(3)
		for _, p := range og.reps[1:] {
			role := model.RoleRep
			if p.level == "region_manager" || p.level == "team_lead" {
				role = model.RoleManager
			}
			if err := w.row(id, repLogin(p.id), p.name, role, p.id, nil, !p.left.IsZero(), stamp); err != nil {
				return err
			}
			id++
		}
		return nil
	})
}

func writeCustomers(ctx context.Context, db *model.DB, sp span, og *org, cs []customer, nodes [][6]float64, prog progress.Reporter, stats *statsSink) error {
	err := writeTable(ctx, db, "customers", int64(len(cs)), prog, stats, func(w *tableWriter) error {
		for i := range cs {
			c := &cs[i]
			owner := og.books[c.book].current()
			if err := w.row(c.id, c.name, c.industry, int64(c.region+1), owner.id, c.tier, money(c.purchase), c.created, c.created); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return writeTable(ctx, db, "customer_health_nodes", int64(len(cs)), prog, stats, func(w *tableWriter) error {
		for i := range cs {
			c := &cs[i]
			n := nodes[i]
			ev := fmt.Sprintf("crm:plan/%d;crm:budget/%d;crm:tech/%d", c.id, c.id, c.id)
			upd := sp.anchor.Add(-time.Duration(1+int(c.id*7919)%(90*24)) * time.Hour)
			if err := w.row(c.id, n[0], n[1], n[2], n[3], n[4], n[5], ev, upd); err != nil {
				return err
			}
		}
		return nil
	})
}

// quarters lists the quarters touched by the history, oldest first.
func quarters(sp span) []clock.Range {
	var out []clock.Range
	cal := clock.Calendar{Loc: sp.loc}
	for q := cal.Quarter(sp.start); q.From.Before(sp.anchor); q = cal.Quarter(q.To) {
		out = append(out, q)
	}
	return out
}

// writeTargets sets each seller's quarterly target the way many directors
// do: the quarter's plan (this year's pace) split half evenly
// and half by the size of each territory, a little adjusted by hand. Reps
// differ in skill and luck, so attainment spreads.
func writeTargets(ctx context.Context, db *model.DB, seed int64, sp span, og *org, cs []customer, budget []float64, prog progress.Reporter, stats *statsSink) error {
	r := stream(seed, kindTarget, 0)
	potential := make([]float64, len(og.books))
	for i := range cs {
		potential[cs[i].book] += math.Pow(cs[i].purchase/280000, 0.6)
	}
	return writeTable(ctx, db, "targets", -1, prog, stats, func(w *tableWriter) error {
		for _, q := range quarters(sp) {
			plan := 0.0
			for m := sp.monthOf(q.From); m < sp.monthOf(q.To); m++ {
				if m >= 0 && m < len(budget)-1 {
					plan += budget[m]
				} else if m >= len(budget)-1 && len(budget) > 1 {
					plan += budget[len(budget)-2] * seasonality[sp.monthStart(m).Month()] / seasonality[sp.monthStart(len(budget)-2).Month()]
				}
			}
			var sellers []*rep
			pot := 0.0
			for _, p := range og.reps {
				if p.seller && p.hired.Before(q.To.AddDate(0, 0, -30)) && (p.left.IsZero() || p.left.After(q.From.AddDate(0, 0, 30))) {
					sellers = append(sellers, p)
					pot += potential[p.slot]
				}
			}
			for _, p := range sellers {
				share := 0.5/float64(len(sellers)) + 0.5*potential[p.slot]/pot
				t := math.Round(plan*share*(0.9+0.2*r.Float64())/10000) * 10000
				setBy := "director"
				if r.Float64() < 0.6 {
					if m := og.managerOf(og.managerOf(p)); m != nil && m.level == "region_manager" {
						setBy = repLogin(m.id)
					}
				}
				if err := w.row(p.id, clock.QuarterLabel(q.From), money(t), setBy, q.From.AddDate(0, 0, -5)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// writeCapability writes the six indicators per seller per quarter, as a
// quarterly Excel import would: driven by hidden skill and discipline.
func writeCapability(ctx context.Context, db *model.DB, seed int64, sp span, og *org, prog progress.Reporter, stats *statsSink) error {
	return writeTable(ctx, db, "rep_capability", -1, prog, stats, func(w *tableWriter) error {
		for qi, q := range quarters(sp) {
			for _, p := range og.reps {
				if !p.seller || !p.hired.Before(q.To) || (!p.left.IsZero() && p.left.Before(q.From)) {
					continue
				}
				r := stream(seed, kindCapability, uint64(qi)<<20|uint64(p.id))
				s, d := p.skill, p.discipline
				round := func(x float64, places int) float64 { f := math.Pow(10, float64(places)); return math.Round(x*f) / f }
				if err := w.row(p.id, clock.QuarterLabel(q.From),
					round(clamp(58+38*s+normal(r, 0, 5), 0, 100), 1),
					round(clamp(0.12+0.45*s+normal(r, 0, 0.06), 0, 1), 3),
					round(clamp(0.07-0.06*d+normal(r, 0, 0.012), 0, 1), 3),
					round(clamp(95-45*s+normal(r, 0, 8), 15, 240), 1),
					round(clamp(0.06+0.14*s+normal(r, 0, 0.02), 0, 1), 3),
					round(clamp(0.2+0.45*s+normal(r, 0, 0.06), 0, 1), 3),
					sp.clampBefore(q.To.AddDate(0, 0, 3), q.From)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
