package demo

import (
	"math"
	"time"
)

// healthNodes draws today's six health nodes (plan, budget, tech,
// competitor, payment, delivery) of every customer. They record where the
// customer's buying process stands, as a CRM's checklist would: a customer
// who signed lately had plan and budget approved; one who just lost a deal
// or went silent has not. Hidden propensity and noise do the rest. The
// static tier (annual purchase) plays no part, which is why the two
// gradings disagree so often.
func healthNodes(seed int64, sp span, cs []customer, opps []*opp) [][6]float64 {
	const window = 120 * 24 * time.Hour
	signed := make([]bool, len(cs))
	lost := make([]bool, len(cs))
	pipeline := make([]bool, len(cs))
	for _, o := range opps {
		switch o.outcome {
		case outWon:
			if sp.anchor.Sub(o.signed) < window {
				signed[o.cust] = true
			}
		case outLost:
			if sp.anchor.Sub(o.close) < window {
				lost[o.cust] = true
			}
		case outOpen:
			if o.allProper() && sp.anchor.Sub(o.created) > 21*24*time.Hour {
				pipeline[o.cust] = true
			}
		}
	}
	out := make([][6]float64, len(cs))
	offsets := [6]float64{0, -0.1, 0.1, -0.15, 0.2, 0.25}
	parallelFor(len(cs), func(i int) {
		r := stream(seed, kindCustomer, 1<<40|uint64(i))
		c := &cs[i]
		z := 0.8*(c.propensity-0.5) - 0.25
		if signed[i] {
			z += 1.8
		}
		if pipeline[i] {
			z += 1.0
		}
		if lost[i] {
			z -= 1.1
		}
		if !c.silentFrom.IsZero() {
			z -= 1.5
		}
		z += normal(r, 0, 0.3) // what the checklist misses about this customer
		for k := range out[i] {
			u := sigmoid(2*(z+offsets[k])) + normal(r, 0, 0.12)
			switch {
			case u > 0.62:
				out[i][k] = 10
			case u > 0.38:
				out[i][k] = 5
			default:
				out[i][k] = 0
			}
		}
		if r.Float64() < 0.04 { // an odd intermediate value some CRMs allow
			out[i][r.IntN(6)] = math.Round(2 + 6*r.Float64())
		}
	})
	return out
}
