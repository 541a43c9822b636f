package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"salesbi/model"
)

type stageChange struct {
	from, to int // from -1: the opportunity was created
	at, rec  time.Time
}

type keyAction struct {
	action    int
	done, rec time.Time
	evidence  string
	approver  string
}

type requirement struct {
	raised, approved time.Time
	ticket           string
}

// oppDetail is everything written for one opportunity.
type oppDetail struct {
	o       *opp
	stage   int
	closed  time.Time
	updated time.Time
	changes []stageChange
	actions []keyAction
	reqs    []requirement
}

var stageFrac = [...]float64{0, 0.12, 0.28, 0.5, 0.66, 0.84, 1}

var actionCodes = [nActs]string{model.ActionTechSolutionSigned, model.ActionQuoteCosted, model.ActionRequirementsApproved, model.ActionLegalReviewed}

var evidencePrefix = [nActs]string{"dms://tech-solution/O%d-signed.pdf", "dms://cost-sheet/O%d.xlsx", "", "dms://legal/O%d-annotated.docx"}

// detail lays out the stage path, key actions and requirements of o from
// its own stream. Discipline (hidden) decides whether actions come before
// their gate, and how soon things are entered.
func detail(seed int64, sp span, og *org, o *opp) oppDetail {
	r := stream(seed, kindOppDetail, o.stream)
	d := oppDetail{o: o}
	disc := o.owner.discipline
	path := pathOf(r, sp, o)
	// stage entry times
	end := o.close
	if o.outcome == outWon {
		end = o.signed
	}
	span := end.Sub(o.created)
	times := make([]time.Time, len(path))
	norm := 1.0
	if o.outcome == outLost {
		norm = math.Min(1, stageFrac[path[len(path)-1]]+0.25)
	}
	prev := o.created
	for i, st := range path {
		t := o.created
		if i > 0 {
			f := clamp(stageFrac[st]/norm+normal(r, 0, 0.03), 0.02, 0.98)
			if o.renewal {
				f = float64(i) / float64(len(path))
			}
			t = o.created.Add(time.Duration(f * float64(span)))
			if !t.After(prev) {
				t = prev.Add(time.Duration(1+r.IntN(48)) * time.Hour)
			}
		}
		times[i] = t
		prev = t
	}
	// open deals only show what has happened by yesterday
	if o.outcome == outOpen {
		k := 1
		for k < len(path) && times[k].Before(sp.anchor) {
			k++
		}
		path, times = path[:k], times[:k]
	}
	from := -1
	for i, st := range path {
		d.changes = append(d.changes, stageChange{from: from, to: st, at: times[i]})
		from = st
	}
	switch o.outcome {
	case outWon:
		d.changes = append(d.changes, stageChange{from: from, to: stWon, at: o.signed})
		d.stage, d.closed = stWon, o.signed
	case outLost:
		d.changes = append(d.changes, stageChange{from: from, to: stLost, at: o.close})
		d.stage, d.closed = stLost, o.close
		o.lostLast = from
		o.reason = lostReason(r, from, o.firstMissing())
	default:
		d.stage = from
	}
	for i := range d.changes {
		c := &d.changes[i]
		c.rec = sp.clampBefore(c.at.Add(entryLatency(r, disc)), c.at)
	}
	d.updated = d.changes[len(d.changes)-1].rec
	gateAt := func(stage int) time.Time { // when the deal first reached stage
		for _, c := range d.changes {
			if c.to >= stage && c.to <= stContract {
				return c.at
			}
		}
		return time.Time{}
	}
	approver := "—"
	if m := og.managerOf(o.owner); m != nil {
		approver = m.name
	}
	cur := d.changes[len(d.changes)-1].at
	for k := 0; k < nActs; k++ {
		if k == actReqs {
			continue
		}
		g := gateAt(actGate[k])
		var done time.Time
		switch {
		case !g.IsZero() && o.proper[k]:
			done = g.Add(-time.Duration(lognormal(r, 30, 1) * float64(time.Hour)))
		case !g.IsZero() && r.Float64() < 0.75:
			done = g.Add(time.Duration(lognormal(r, 60, 0.8) * float64(time.Hour))) // late: after the gate
		case g.IsZero() && o.proper[k] && o.outcome == outOpen && r.Float64() < 0.5:
			done = cur.Add(time.Duration(r.Float64() * float64(sp.anchor.Sub(cur))))
		}
		if done.IsZero() || !done.Before(sp.anchor) {
			continue
		}
		if done.Before(o.created) { // prepared between creation and the gate
			done = o.created.Add(g.Sub(o.created) / 2)
		}
		d.actions = append(d.actions, keyAction{action: k, done: done,
			rec: sp.clampBefore(done.Add(entryLatency(r, disc)), done), evidence: fmt.Sprintf(evidencePrefix[k], o.id), approver: approver})
	}
	d.reqs = requirementsOf(r, sp, o, gateAt(stSolution), gateAt(stContract), cur)
	return d
}

// pathOf is the ordered list of stages the deal enters before it closes
// (or would, for open deals). Lost deals stall: most before the gate whose
// action was missing — between solution and contract.
func pathOf(r *rand.Rand, sp span, o *opp) []int {
	if o.renewal { // scope re-confirmed, then the usual gates, in weeks
		return []int{stSolution, stQuote, stNegotiation, stContract}
	}
	start := stLead
	if r.Float64() < 0.15 {
		start = stQualified
	}
	last := stContract
	switch o.outcome {
	case outLost:
		if k := o.firstMissing(); k >= 0 {
			last = actGate[k] - 1
			if r.Float64() < 0.2 {
				last = actGate[k] // passed the gate without it, lost later
			}
		} else {
			last = []int{stLead, stQualified, stQualified, stSolution, stQuote, stNegotiation, stContract}[r.IntN(7)]
		}
	case outOpen:
		if k := o.firstMissing(); k >= 0 && r.Float64() < 0.6 {
			last = actGate[k] - 1 // stalled before the gate
		}
	}
	if last < start {
		start = last
	}
	var path []int
	for st := start; st <= last; st++ {
		if (st == stQuote && r.Float64() < 0.08) || (st == stNegotiation && r.Float64() < 0.06) {
			if st != last {
				continue // skipped; the gates between still count
			}
		}
		path = append(path, st)
	}
	return path
}

func lostReason(r *rand.Rand, last, missing int) string {
	switch {
	case last <= stQualified:
		return pick(r, []string{"budget_cut", "no_decision", "timing", "requirements_mismatch"})
	case missing == actTech:
		return pick(r, []string{"competitor", "requirements_mismatch", "relationship"})
	default:
		return pick(r, []string{"price", "competitor", "competitor", "relationship", "no_decision"})
	}
}

// entryLatency: how long after the fact a record is entered. Disciplined
// reps enter within an hour or two; others hours later, with a long tail.
func entryLatency(r *rand.Rand, disc float64) time.Duration {
	h := lognormal(r, 1+14*math.Pow(1-disc, 1.2), 1.1)
	return time.Duration(math.Min(h, 24*20) * float64(time.Hour))
}

// requirementsOf raises a few requirement changes between solution and
// contract. An undisciplined deal has one without a ticket or approved
// only after the contract stage was entered.
func requirementsOf(r *rand.Rand, sp span, o *opp, sol, contractAt, cur time.Time) []requirement {
	if sol.IsZero() {
		return nil
	}
	n := poisson(r, 1.3)
	if !o.proper[actReqs] && n == 0 {
		n = 1
	}
	until := cur
	if !contractAt.IsZero() {
		until = contractAt
	}
	if !until.After(sol) {
		until = sol.Add(time.Duration(1+r.IntN(72)) * time.Hour)
	}
	var out []requirement
	for k := 0; k < n; k++ {
		q := requirement{raised: sol.Add(time.Duration(r.Float64() * 0.8 * float64(until.Sub(sol))))}
		if !q.raised.Before(sp.anchor) {
			continue
		}
		bad := !o.proper[actReqs] && k == 0
		switch {
		case bad && r.Float64() < 0.5:
			// no ticket at all
		case bad:
			q.ticket = fmt.Sprintf("REQ-%d-%d", o.id, k+1)
			if !contractAt.IsZero() {
				q.approved = contractAt.Add(time.Duration(lognormal(r, 48, 0.8) * float64(time.Hour)))
			}
		default:
			q.ticket = fmt.Sprintf("REQ-%d-%d", o.id, k+1)
			q.approved = q.raised.Add(time.Duration(r.Float64() * 0.95 * float64(until.Sub(q.raised))))
		}
		if !q.approved.Before(sp.anchor) {
			q.approved = time.Time{}
		}
		out = append(out, q)
	}
	return out
}
