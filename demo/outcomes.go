package demo

import (
	"math"
	"sort"
	"time"
)

type contract struct {
	id      int64
	opp     *opp
	cust    int32
	signed  time.Time
	renewOf *contract
	weight  float64
	amount  float64
}

// decideOutcomes walks the weeks in order. Each week's planned signings are
// filled first by renewals falling due, then by the opportunities closing
// that week, chosen by weighted sampling without replacement (Efraimidis–
// Spirakis keys) on hidden qualities; the other deals closing that week are
// lost. Signed contracts may schedule their own renewal about a year on.
func decideOutcomes(seed int64, sp span, og *org, cs []customer, opps []*opp, plan []int) ([]*contract, []*opp) {
	byWeek := make([][]*opp, sp.weeks)
	for _, o := range opps {
		if o.close.Before(sp.anchor) {
			w := sp.weekOf(o.close)
			byWeek[w] = append(byWeek[w], o)
		} else {
			o.outcome = outOpen
		}
	}
	type due struct {
		at   time.Time
		prev *contract
	}
	dues := make([][]due, sp.weeks)
	var contracts []*contract
	var renewals []*opp
	schedule := func(c *contract) {
		r := stream(seed, kindRenewal, uint64(len(contracts)))
		p := cs[c.cust].propensity
		if r.Float64() >= sigmoid(2.5*(p-0.5)-0.55) {
			return
		}
		at := sp.day(sp.dayOf(c.signed) + 365 + int(normal(r, 0, 12)))
		for !workday(at) {
			at = at.AddDate(0, 0, 1)
		}
		if sl := cs[c.cust].silentFrom; !sl.IsZero() && at.After(sl) {
			return // a silent customer does not renew
		}
		if at.Before(sp.anchor) {
			w := sp.weekOf(at)
			dues[w] = append(dues[w], due{at, c})
		}
	}
	for w := 0; w < sp.weeks; w++ {
		n := plan[w]
		r := stream(seed, kindSelect, uint64(w))
		ds := dues[w]
		sort.SliceStable(ds, func(a, b int) bool { return ds[a].at.Before(ds[b].at) })
		if len(ds) > n {
			ds = ds[:n] // the plan caps signings; the rest did not renew
		}
		for _, d := range ds {
			o := renewalOpp(seed, sp, og, cs, d.prev, d.at, len(renewals))
			renewals = append(renewals, o)
			c := &contract{opp: o, cust: d.prev.cust, signed: o.signed, renewOf: d.prev}
			o.contract = len(contracts)
			contracts = append(contracts, c)
			schedule(c)
		}
		cands := byWeek[w]
		keys := make([]float64, len(cands))
		for i, o := range cands {
			keys[i] = math.Log(r.Float64()) / winWeight(o, &cs[o.cust], r.NormFloat64())
		}
		idx := make([]int, len(cands))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return keys[idx[a]] > keys[idx[b]] })
		wins := n - len(ds)
		for rank, i := range idx {
			o := cands[i]
			if rank >= wins {
				o.outcome = outLost
				continue
			}
			o.outcome = outWon
			d := signingDay(r.Float64, sp, w)
			o.signed = sp.at(d, 9.5+8*r.Float64())
			if !o.signed.After(o.created.Add(24 * time.Hour)) {
				o.signed = o.close
			}
			c := &contract{opp: o, cust: o.cust, signed: o.signed}
			o.contract = len(contracts)
			contracts = append(contracts, c)
			schedule(c)
		}
	}
	ensureSigningYesterday(sp, contracts)
	return contracts, renewals
}

// ensureSigningYesterday moves the latest signing of yesterday's week onto
// yesterday if none fell there, keeping the week's count.
func ensureSigningYesterday(sp span, contracts []*contract) {
	y := sp.days - 1
	wy := sp.weekOf(sp.day(y))
	var latest *contract
	for _, c := range contracts {
		if sp.dayOf(c.signed) == y {
			return
		}
		if sp.weekOf(c.signed) == wy && (latest == nil || c.signed.After(latest.signed)) && c.opp.created.Before(sp.day(y)) {
			latest = c
		}
	}
	if latest != nil {
		latest.signed = sp.at(y, 15.5)
		latest.opp.signed = latest.signed
	}
}

// renewalOpp is the short opportunity a renewal runs through: opened a few
// weeks before it falls due at the solution stage (the scope is known).
func renewalOpp(seed int64, sp span, og *org, cs []customer, prev *contract, at time.Time, k int) *opp {
	r := stream(seed, kindRenewal, 1<<40|uint64(k))
	c := &cs[prev.cust]
	o := &opp{contract: -1, renewal: true, cust: prev.cust, outcome: outWon, stream: 1<<40 | uint64(k)}
	o.created = at.AddDate(0, 0, -20-r.IntN(25)).Add(-time.Duration(r.IntN(6*3600)) * time.Second)
	o.owner = og.books[c.book].ownerAt(o.created)
	o.signed = at.Add(time.Duration(10*3600+r.IntN(7*3600)) * time.Second)
	if !o.signed.Before(sp.anchor) {
		o.signed = sp.anchor.Add(-2 * time.Hour)
	}
	o.close = o.signed
	o.planned = at
	for k := range o.proper {
		o.proper[k] = r.Float64() < 0.3+0.68*o.owner.discipline
	}
	return o
}

// settleAmounts numbers the contracts by signing order and spreads each
// month's sales budget over that month's contracts in proportion to their
// own size (a renewal is sized from the contract it renews).
func settleAmounts(seed int64, sp span, contracts []*contract) {
	sort.SliceStable(contracts, func(a, b int) bool {
		if !contracts[a].signed.Equal(contracts[b].signed) {
			return contracts[a].signed.Before(contracts[b].signed)
		}
		return contracts[a].opp.stream < contracts[b].opp.stream
	})
	count := make([]int, sp.months())
	for i, c := range contracts {
		c.id = int64(i + 1)
		c.opp.contract = i
		count[sp.monthOf(c.signed)]++
	}
	budget := monthBudgets(seed, sp, count)
	for lo := 0; lo < len(contracts); {
		m := sp.monthOf(contracts[lo].signed)
		hi := lo
		sum := 0.0
		for ; hi < len(contracts) && sp.monthOf(contracts[hi].signed) == m; hi++ {
			c := contracts[hi]
			if c.renewOf != nil {
				r := stream(seed, kindRenewal, 2<<40|uint64(c.id))
				c.weight = c.renewOf.amount * (0.9 + 0.35*r.Float64())
			} else {
				c.weight = c.opp.raw
			}
			sum += c.weight
		}
		for i := lo; i < hi; i++ {
			c := contracts[i]
			c.amount = math.Max(1000, math.Round(budget[m]*c.weight/sum/100)*100)
			c.opp.amount = c.amount
		}
		lo = hi
	}
}
