package demo

import (
	"context"
	"math"
	"math/rand/v2"
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
	dealsOf [][]interval // per customer: when it had a deal in the works
	rate    float64      // visits per unit of diligence per working day at the latest January
}

type interval struct{ from, to time.Time }

// dealBoost: reps spend most visits where a deal is in the works.
const dealBoost = 10.0

func newVisitGen(seed int64, sp span, og *org, cs []customer, opps []*opp, scale int) *visitGen {
	g := &visitGen{seed: seed, sp: sp, og: og, cs: cs, byBook: make([][]int32, len(og.books)), dealsOf: make([][]interval, len(cs))}
	for i := range cs {
		g.byBook[cs[i].book] = append(g.byBook[cs[i].book], int32(i))
	}
	for _, o := range opps {
		end := o.close
		if o.outcome == outWon {
			end = o.signed
		}
		g.dealsOf[o.cust] = append(g.dealsOf[o.cust], interval{o.created.AddDate(0, 0, -14), end.AddDate(0, 0, 30)})
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
	ids := g.byBook[b]
	if len(ids) == 0 {
		return nil
	}
	first := sp.dayOf(sp.monthStart(m))
	last := min(sp.dayOf(sp.monthStart(m+1)), sp.days)
	from, to := sp.monthStart(m), sp.monthStart(m+1)
	w := make([]float64, len(ids))
	for k, i := range ids {
		w[k] = g.cs[i].engagement
		for _, d := range g.dealsOf[i] {
			if d.from.Before(to) && d.to.After(from) {
				w[k] *= dealBoost
				break
			}
		}
	}
	cum := cumulative(w)
	var out []visit
	for d := max(first, 0); d < last; d++ {
		day := sp.day(d)
		if !bk.activeAt(day) {
			continue
		}
		p := bk.ownerAt(day)
		// A rep's day is planned: the count varies far less than a Poisson
		// count would (a little jitter, then rounding at random).
		n := int(math.Max(0, g.rate*p.diligence*g.trend(day)*(1+normal(r, 0, 0.1))+r.Float64()))
		for k := 0; k < n; k++ {
			c := g.pickCustomer(r, ids, cum, day)
			if c == nil {
				continue // nobody in the book to visit yet
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

// pickCustomer draws a customer of the book by weight among those that
// exist on day and have not gone silent; a miss is drawn again, then
// scanned for, so every planned visit happens and the visit rate stays as
// planned.
func (g *visitGen) pickCustomer(r *rand.Rand, ids []int32, cum []float64, day time.Time) *customer {
	ok := func(c *customer) bool {
		return !c.created.After(day) && (c.silentFrom.IsZero() || day.Before(c.silentFrom))
	}
	for try := 0; try < 10; try++ {
		if c := &g.cs[ids[weighted(r, cum)]]; ok(c) {
			return c
		}
	}
	start := r.IntN(len(ids))
	for k := range ids {
		if c := &g.cs[ids[(start+k)%len(ids)]]; ok(c) {
			return c
		}
	}
	return nil
}
