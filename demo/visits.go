package demo

import (
	"context"
	"math"
	"time"

	"salesbi/model"
	"salesbi/progress"
)

// baseVisits is the default (scale 1) number of visits over the history.
const baseVisits = 150000

var purposes = []string{"first_visit", "needs_analysis", "solution_demo", "tech_exchange", "negotiation", "relationship", "after_sales", "collection"}
var purposeCum = cumulative([]float64{0.12, 0.16, 0.12, 0.12, 0.1, 0.22, 0.1, 0.06})

type visit struct {
	rep     int64
	cust    int64
	at, rec time.Time
	purpose string
}

// visitGen draws the visits of one book in one month from that block's own
// stream. Visits per rep per working day grow 18 % a year (the article's
// "busier but not selling more").
type visitGen struct {
	seed    int64
	sp      span
	og      *org
	cs      []customer
	byBook  [][]int32
	cumBook [][]float64
	rate    float64 // visits per unit of diligence per working day at the latest January
}

func newVisitGen(seed int64, sp span, og *org, cs []customer, scale int) *visitGen {
	g := &visitGen{seed: seed, sp: sp, og: og, cs: cs, byBook: make([][]int32, len(og.books)), cumBook: make([][]float64, len(og.books))}
	for i := range cs {
		g.byBook[cs[i].book] = append(g.byBook[cs[i].book], int32(i))
	}
	for b, ids := range g.byBook {
		w := make([]float64, len(ids))
		for k, i := range ids {
			w[k] = cs[i].engagement
		}
		g.cumBook[b] = cumulative(w)
	}
	total := 0.0
	for d := 0; d < sp.days; d++ {
		day := sp.day(d)
		for _, b := range og.books {
			if b.activeAt(day) {
				total += b.ownerAt(day).diligence * g.trend(day)
			}
		}
	}
	g.rate = float64(baseVisits*scale) / total
	return g
}

// trend is the day's visit intensity relative to the latest January,
// weekends a small fraction of a working day.
func (g *visitGen) trend(day time.Time) float64 {
	f := math.Pow(visitsYoY, yearsFrom(g.sp.latestJan, day))
	if !workday(day) {
		f *= 0.04
	}
	return f
}

func (g *visitGen) block(i int) []visit {
	sp := g.sp
	nb := len(g.og.books)
	b, m := i%nb, i/nb
	r := stream(g.seed, kindVisit, uint64(m)<<20|uint64(b))
	bk := g.og.books[b]
	ids, cum := g.byBook[b], g.cumBook[b]
	if len(ids) == 0 {
		return nil
	}
	first := sp.dayOf(sp.monthStart(m))
	last := min(sp.dayOf(sp.monthStart(m+1)), sp.days)
	var out []visit
	for d := max(first, 0); d < last; d++ {
		day := sp.day(d)
		if !bk.activeAt(day) {
			continue
		}
		p := bk.ownerAt(day)
		n := poisson(r, g.rate*p.diligence*g.trend(day))
		for k := 0; k < n; k++ {
			var c *customer
			for try := 0; try < 3; try++ {
				c = &g.cs[ids[weighted(r, cum)]]
				if c.created.After(day) || (!c.silentFrom.IsZero() && !day.Before(c.silentFrom)) {
					c = nil
					continue
				}
				break
			}
			if c == nil {
				continue
			}
			v := visit{rep: p.id, cust: c.id, at: sp.at(d, 8.5+9.5*r.Float64()), purpose: purposes[weighted(r, purposeCum)]}
			v.rec = sp.clampBefore(v.at.Add(entryLatency(r, p.discipline)), v.at)
			out = append(out, v)
		}
	}
	return out
}

func writeVisits(ctx context.Context, db *model.DB, g *visitGen, scale int, prog progress.Reporter, stats *statsSink) error {
	nb := len(g.og.books)
	var id int64
	return writeTable(ctx, db, "visits", int64(baseVisits*scale), prog, stats, func(w *tableWriter) error {
		return ordered(nb*g.sp.months(), g.block, func(i int, vs []visit) error {
			for _, v := range vs {
				id++
				if err := w.row(id, v.rep, v.cust, v.at, v.rec, v.purpose, v.rec); err != nil {
					return err
				}
			}
			return ctx.Err()
		})
	})
}
