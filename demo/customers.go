package demo

import (
	"math"
	"sort"
	"time"
)

type customer struct {
	id       int64
	region   int // index into regionDefs
	industry string
	name     string
	book     int // owner's book
	purchase float64
	created  time.Time
	tier     string
	// hidden: propensity to buy drives outcomes and, through the state of
	// the customer's buying process, the health nodes (health.go);
	// silent customers stop seeing any activity from silentFrom.
	propensity float64
	silentFrom time.Time
	engagement float64
}

// baseCustomers is the default (scale 1) customer count.
const baseCustomers = 8000

// industry mix: the region's own market segments are favoured.
func industryWeights(region int) []float64 {
	w := make([]float64, len(industries))
	for i, ind := range industries {
		w[i] = 1
		for _, s := range regionDefs[region].segments {
			if s == ind {
				w[i] = 5
			}
		}
	}
	return cumulative(w)
}

// buildCustomers draws the customers; each is independent (its own stream).
func buildCustomers(seed int64, sp span, o *org, scale int) []customer {
	n := baseCustomers * scale
	regW := make([]float64, len(regionDefs))
	for i, rd := range regionDefs {
		regW[i] = rd.share
	}
	regCum := cumulative(regW)
	indCum := make([][]float64, len(regionDefs))
	for i := range regionDefs {
		indCum[i] = industryWeights(i)
	}
	// books per region and segment, so a customer lands with a rep who
	// works its segment when there is one.
	bySeg := map[[2]any][]int{}
	for bi, b := range o.books {
		k := [2]any{int(b.region - 1), b.segment}
		bySeg[k] = append(bySeg[k], bi)
	}
	cs := make([]customer, n)
	parallelFor(n, func(i int) {
		r := stream(seed, kindCustomer, uint64(i))
		c := &cs[i]
		c.id = int64(i + 1)
		c.region = weighted(r, regCum)
		c.industry = industries[weighted(r, indCum[c.region])]
		c.name = customerName(r, c.region, c.industry, c.id)
		if bs := bySeg[[2]any{c.region, c.industry}]; len(bs) > 0 && r.Float64() < 0.6 {
			c.book = pick(r, bs)
		} else {
			c.book = pick(r, o.byReg[c.region])
		}
		bonus := map[string]float64{"hospital": 0.5, "higher_ed": 0.3, "energy": 0.5, "finance": 0.4, "government": 0.2}[c.industry]
		c.purchase = math.Round(lognormal(r, 280000*math.Exp(bonus), 1.0)/1000) * 1000
		if r.Float64() < 0.82 {
			c.created = sp.start.AddDate(0, 0, -1-r.IntN(5*365))
		} else {
			c.created = sp.day(r.IntN(sp.days))
		}
		c.created = c.created.Add(time.Duration(9*3600+r.IntN(9*3600)) * time.Second)
		// Propensity: latent readiness to buy, loosely tied to size.
		c.propensity = sigmoid(normal(r, 0, 1.1) + 0.25*math.Log(c.purchase/280000))
		if r.Float64() < 0.45*math.Pow(1-c.propensity, 2) {
			c.silentFrom = sp.anchor.AddDate(0, 0, -30-r.IntN(200))
		}
		c.engagement = lognormal(r, 0.4+c.propensity, 0.5)
	})
	assignTiers(cs, seed)
	return cs
}

// assignTiers gives the old static A/B/C label: mostly by annual purchase
// (top 20 % A, next 35 % B), set years ago, with a little salesman's bias.
func assignTiers(cs []customer, seed int64) {
	r := stream(seed, kindCustomer, math.MaxUint32)
	idx := make([]int, len(cs))
	key := make([]float64, len(cs))
	for i := range cs {
		idx[i] = i
		key[i] = math.Log(cs[i].purchase) + normal(r, 0, 0.35)
	}
	sort.SliceStable(idx, func(a, b int) bool { return key[idx[a]] > key[idx[b]] })
	for rank, i := range idx {
		switch f := float64(rank) / float64(len(cs)); {
		case f < 0.2:
			cs[i].tier = "A"
		case f < 0.55:
			cs[i].tier = "B"
		default:
			cs[i].tier = "C"
		}
	}
}
