package demo

import (
	"math"
	"sort"
	"time"
)

// baseOpps is the default (scale 1) number of new-business opportunities.
const baseOpps = 20000

// Gate actions in pipeline order, with the stage each one guards.
const (
	actTech  = iota // tech_solution_signed → quote
	actQuote        // quote_costed → negotiation
	actReqs         // requirements approved → contract
	actLegal        // legal_reviewed → contract
	nActs
)

var actGate = [nActs]int{stQuote, stNegotiation, stContract, stContract}

const (
	stLead = iota
	stQualified
	stSolution
	stQuote
	stNegotiation
	stContract
	stWon
	stLost
)

const (
	outOpen = iota
	outWon
	outLost
)

type opp struct {
	id       int64
	cust     int32
	owner    *rep
	raw      float64 // size before the month's budget is applied
	amount   float64
	created  time.Time
	close    time.Time // natural close (for open deals: expected)
	planned  time.Time // planned_sign_date
	proper   [nActs]bool
	renewal  bool
	outcome  int
	signed   time.Time
	contract int // index into contracts, -1 none
	lostLast int // last stage before lost
	reason   string
	stream   uint64 // detail stream index
}

func (o *opp) allProper() bool {
	for _, p := range o.proper {
		if !p {
			return false
		}
	}
	return true
}

// firstMissing is the first gate action not done properly, -1 if none.
func (o *opp) firstMissing() int {
	for k, p := range o.proper {
		if !p {
			return k
		}
	}
	return -1
}

// buildOpps draws the new-business opportunities, each from its own stream,
// then numbers them in creation order. Converted leads open the first ones;
// the rest is further business with existing customers.
func buildOpps(seed int64, sp span, og *org, cs []customer, scale int, fromLeads []converted) []*opp {
	n := baseOpps * scale
	if len(fromLeads) > n*3/4 {
		fromLeads = fromLeads[:n*3/4]
	}
	byBook := make([][]int32, len(og.books))
	for i := range cs {
		byBook[cs[i].book] = append(byBook[cs[i].book], int32(i))
	}
	custW := make([]float64, len(cs))
	for i := range cs {
		custW[i] = (0.3 + cs[i].propensity) * math.Pow(cs[i].purchase/280000, 0.3)
	}
	custCum := cumulative(custW)
	dayW := make([]float64, sp.days)
	for d := range dayW {
		dayW[d] = weekdayWeight[sp.day(d).Weekday()]
	}
	dayCum := cumulative(dayW)
	out := make([]*opp, n)
	parallelFor(n, func(i int) {
		r := stream(seed, kindOpp, uint64(i))
		o := &opp{contract: -1, stream: uint64(i)}
		var c *customer
		if i < len(fromLeads) { // a converted lead opens its deal within days
			l := fromLeads[i]
			c = &cs[l.cust]
			o.created = l.at.Add(time.Duration(lognormal(r, 48, 0.8) * float64(time.Hour)))
			if !o.created.Before(sp.anchor) {
				o.created = l.at.Add(time.Duration(r.IntN(3600)) * time.Second)
			}
		} else { // more business with a customer already on the books
			d := weighted(r, dayCum)
			o.created = sp.at(d, 9+9*r.Float64())
			for try := 0; try < 8; try++ {
				c = &cs[weighted(r, custCum)]
				if !c.created.After(o.created) && (c.silentFrom.IsZero() || o.created.Before(c.silentFrom)) {
					break
				}
			}
		}
		o.cust = int32(c.id - 1)
		o.owner = og.books[c.book].ownerAt(o.created)
		bonus := map[string]float64{"hospital": 0.5, "higher_ed": 0.3, "energy": 0.4, "finance": 0.3, "government": 0.2}[c.industry]
		o.raw = math.Max(3000, math.Round(lognormal(r, 35000*math.Exp(bonus)*math.Pow(c.purchase/280000, 0.3), 0.9)/100)*100)
		cycle := clamp(lognormal(r, 60*math.Pow(o.raw/30000, 0.12)*(1.25-0.5*o.owner.skill), 0.45), 12, 300)
		o.close = o.created.Add(time.Duration(cycle * 24 * float64(time.Hour)))
		o.planned = o.created.Add(time.Duration(cycle * (0.75 + 0.3*r.Float64()) * 24 * float64(time.Hour)))
		for k := range o.proper {
			o.proper[k] = r.Float64() < 0.3+0.68*o.owner.discipline
		}
		out[i] = o
	})
	sort.SliceStable(out, func(a, b int) bool { return out[a].created.Before(out[b].created) })
	for i, o := range out {
		o.id = int64(i + 1)
	}
	return out
}

// winWeight: hidden customer propensity and rep skill, with noise; deals
// whose key actions were skipped win far less often.
func winWeight(o *opp, c *customer, noise float64) float64 {
	w := math.Exp(2.8*(c.propensity-0.5) + 1.5*(o.owner.skill-0.5) + 0.4*noise)
	if !o.allProper() {
		w *= 0.3
	}
	return w
}
