package demo

import (
	"math"
	"math/rand/v2"
)

// Stream kinds: every table or entity family draws from its own seeded
// streams, so work split across goroutines gives the same rows whatever the
// scheduling, and adding draws to one family never shifts another.
const (
	kindOrg uint64 = iota + 1
	kindCustomer
	kindLeadDay
	kindOpp
	kindOppDetail
	kindPlan
	kindVisit
	kindTarget
	kindCapability
	kindRenewal
	kindSelect
)

// splitmix64 spreads nearby inputs over the whole 64-bit range.
func splitmix64(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

// stream is the generator for one (kind, index) of one seed.
func stream(seed int64, kind, idx uint64) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix64(uint64(seed)^kind<<56), splitmix64(kind<<48^idx)))
}

// normal draws N(mean, sd).
func normal(r *rand.Rand, mean, sd float64) float64 { return mean + sd*r.NormFloat64() }

// lognormal draws a value whose median is median and log-sd is sigma.
func lognormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// poisson draws a Poisson count (Knuth for small means, normal above 30:
// only counts are needed, not exact tails).
func poisson(r *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		n := int(math.Round(mean + math.Sqrt(mean)*r.NormFloat64()))
		if n < 0 {
			return 0
		}
		return n
	}
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// sigmoid maps a score to a probability.
func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// weighted picks an index with probability proportional to cumulative
// weights cum (cum[i] = sum of weights 0..i).
func weighted(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// cumulative turns weights into the cumulative form weighted wants.
func cumulative(w []float64) []float64 {
	out := make([]float64, len(w))
	s := 0.0
	for i, v := range w {
		s += v
		out[i] = s
	}
	return out
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
