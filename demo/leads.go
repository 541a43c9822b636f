package demo

import (
	"context"
	"math"
	"time"

	"salesbi/model"
	"salesbi/progress"
)

// baseLeads is the default (scale 1) number of leads over the history.
const baseLeads = 60000

var channelDefs = []struct {
	code         string
	share, valid float64 // share of leads, chance a lead is real
}{
	{"website", 0.25, 0.28}, {"referral", 0.10, 0.60}, {"exhibition", 0.12, 0.40},
	{"telemarketing", 0.18, 0.15}, {"partner", 0.10, 0.50}, {"wechat", 0.15, 0.25}, {"tender", 0.10, 0.45},
}

var weekdayWeight = [7]float64{0.25, 1, 1, 1, 1, 1, 0.35} // Sunday first, as time.Weekday

type lead struct {
	created, first, last time.Time
	region               int
	channel, status      string
	owner, customer      int64
}

// leadGen draws each day's leads from that day's own stream.
type leadGen struct {
	seed    int64
	sp      span
	o       *org
	cs      []customer
	csByReg [][]int32
	chanCum []float64
	regCum  []float64
	perDay  float64 // mean leads on a weekday at the start
}

func newLeadGen(seed int64, sp span, o *org, cs []customer, scale int) *leadGen {
	g := &leadGen{seed: seed, sp: sp, o: o, cs: cs, csByReg: make([][]int32, len(regionDefs))}
	for i := range cs {
		g.csByReg[cs[i].region] = append(g.csByReg[cs[i].region], int32(i))
	}
	var cw, rw []float64
	for _, c := range channelDefs {
		cw = append(cw, c.share)
	}
	for _, rd := range regionDefs {
		rw = append(rw, rd.share)
	}
	g.chanCum, g.regCum = cumulative(cw), cumulative(rw)
	weight := 0.0
	for i := 0; i < sp.days; i++ {
		weight += weekdayWeight[sp.day(i).Weekday()] * math.Pow(1.05, yearsFrom(sp.start, sp.day(i)))
	}
	g.perDay = float64(baseLeads*scale) / weight
	return g
}

func (g *leadGen) day(i int) []lead {
	sp := g.sp
	r := stream(g.seed, kindLeadDay, uint64(i))
	d := sp.day(i)
	n := poisson(r, g.perDay*weekdayWeight[d.Weekday()]*math.Pow(1.05, yearsFrom(sp.start, d)))
	yesterday := i == sp.days-1
	if yesterday && n < 8 {
		n = 8 // the stand-up always has something to show
	}
	age := sp.anchor.Sub(d).Hours() / 24
	out := make([]lead, n)
	for k := range out {
		l := &out[k]
		l.created = sp.at(i, 8+12*r.Float64()+r.Float64()*r.Float64()*4-2)
		l.region = weighted(r, g.regCum)
		ch := channelDefs[weighted(r, g.chanCum)]
		l.channel = ch.code
		real := r.Float64() < ch.valid
		if yesterday && k < len(regionDefs) {
			l.region, real = k, true // valid leads in every region yesterday
		}
		b := g.o.books[pick(r, g.o.byReg[l.region])]
		owner := b.ownerAt(l.created)
		l.owner = owner.id
		switch {
		case real && age < 3 && r.Float64() < 0.5 && !(yesterday && k < len(regionDefs)):
			l.status = "new"
		case real && r.Float64() < 0.42*math.Min(1, age/14):
			l.status = "converted"
		case real:
			l.status = "valid"
		case r.Float64() < 0.02:
			l.status = "new" // a forgotten lead nobody qualified
		default:
			l.status = "invalid"
		}
		lat := lognormal(r, 2+8*(1-owner.discipline), 1.3)
		l.first = l.created.Add(time.Duration(lat * float64(time.Hour)))
		if l.status == "new" && r.Float64() < 0.5 || !l.first.Before(sp.anchor) {
			l.first = time.Time{}
		}
		if !l.first.IsZero() {
			l.last = l.first
			if l.status == "valid" || l.status == "converted" {
				l.last = sp.clampBefore(l.first.Add(time.Duration(r.Float64()*math.Min(age, 30)*24*float64(time.Hour))), l.first)
			}
		}
		if l.status == "converted" || l.status == "valid" && r.Float64() < 0.4 {
			pool := g.csByReg[l.region]
			for try := 0; try < 4; try++ {
				c := &g.cs[pool[r.IntN(len(pool))]]
				if !c.created.After(l.created) && (c.silentFrom.IsZero() || l.created.Before(c.silentFrom)) {
					l.customer = c.id
					break
				}
			}
		}
	}
	return out
}

// converted is a lead that became a customer's opportunity.
type converted struct {
	at   time.Time
	cust int32
}

// funnelInputs counts, per ISO week, the leads that are valid or converted
// (the funnel's denominator) and lists the converted leads in time order
// (each opens an opportunity). Days are drawn again when the leads are
// written; each day's stream makes both passes identical, and counting
// first lets the leads load alongside everything else.
func (g *leadGen) funnelInputs() ([]int, []converted) {
	sp := g.sp
	perDay := make([]int, sp.days)
	conv := make([][]converted, sp.days)
	parallelFor(sp.days, func(i int) {
		for _, l := range g.day(i) {
			if l.status == "valid" || l.status == "converted" {
				perDay[i]++
			}
			if l.status == "converted" && l.customer != 0 {
				conv[i] = append(conv[i], converted{l.created, int32(l.customer - 1)})
			}
		}
	})
	out := make([]int, sp.weeks)
	var all []converted
	for i, n := range perDay {
		out[sp.weekOf(sp.day(i))] += n
		all = append(all, conv[i]...)
	}
	return out, all
}

// writeLeads streams the leads day by day.
func writeLeads(ctx context.Context, db *model.DB, g *leadGen, scale int, prog progress.Reporter, stats *statsSink) error {
	sp := g.sp
	var id int64
	return writeTable(ctx, db, "leads", int64(baseLeads*scale), prog, stats, func(w *tableWriter) error {
		return ordered(sp.days, g.day, func(i int, ls []lead) error {
			for k := range ls {
				l := &ls[k]
				id++
				upd := l.created
				if !l.last.IsZero() {
					upd = l.last
				}
				if err := w.row(id, l.created, int64(l.region+1), l.channel, l.status, l.owner,
					nullTime(l.first), nullTime(l.last), nullID(l.customer), upd); err != nil {
					return err
				}
			}
			return ctx.Err()
		})
	})
}
