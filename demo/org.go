package demo

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// regionDefs: name, share of the business, teams, the segments of its markets.
var regionDefs = []struct {
	name     string
	share    float64
	teams    int
	segments []string
}{
	{"华东", 0.30, 4, []string{"higher_ed", "hospital", "manufacturing", "finance"}},
	{"华南", 0.22, 3, []string{"manufacturing", "retail", "k12", "hospital"}},
	{"华北", 0.20, 3, []string{"government", "higher_ed", "energy"}},
	{"西南", 0.14, 2, []string{"government", "k12", "energy"}},
	{"华中", 0.14, 2, []string{"higher_ed", "hospital", "manufacturing"}},
}

var industries = []string{"higher_ed", "k12", "hospital", "manufacturing", "government", "energy", "finance", "retail"}

type market struct {
	id, region          int64
	name, segment       string
	fiscal, competition float64
	policy              time.Time
}

type rep struct {
	id, region, market, manager int64
	name, level                 string
	hired                       time.Time
	left                        time.Time // zero: still here
	seller                      bool      // owns customers and deals
	slot                        int       // book of business, -1 for managers
	// hidden qualities: they drive outcomes and habits, never stored.
	skill, discipline, diligence float64
}

// book is a seller's territory: a chain of reps over time (a leaver is
// replaced by a new hire who takes the customers over).
type book struct {
	region, market int64
	segment        string
	reps           []*rep // in time order
}

// ownerAt is the rep holding the book at t.
func (b *book) ownerAt(t time.Time) *rep {
	for i := len(b.reps) - 1; i > 0; i-- {
		if !t.Before(b.reps[i].hired) {
			return b.reps[i]
		}
	}
	return b.reps[0]
}

// activeAt reports whether someone works the book on t (not between a
// leaver and the successor).
func (b *book) activeAt(t time.Time) bool {
	r := b.ownerAt(t)
	return !t.Before(r.hired) && (r.left.IsZero() || t.Before(r.left))
}

func (b *book) current() *rep { return b.reps[len(b.reps)-1] }

type org struct {
	markets []market
	reps    []*rep
	books   []*book
	byReg   [][]int // book indexes per region
}

// buildOrg lays out the company: a head of sales, a manager per region, team
// leads and reps (about 120 people), each seller with a book in a market.
func buildOrg(seed int64, sp span) *org {
	r := stream(seed, kindOrg, 0)
	o := &org{byReg: make([][]int, len(regionDefs))}
	var nextRep int64 = 1
	newRep := func(region, market, manager int64, level string, seller bool) *rep {
		p := &rep{id: nextRep, region: region, market: market, manager: manager, level: level, name: personName(r), seller: seller, slot: -1}
		nextRep++
		p.hired = sp.start.AddDate(-1-r.IntN(9), -r.IntN(12), -r.IntN(28))
		p.skill = clamp(normal(r, 0.5, 0.18), 0.05, 0.95)
		p.discipline = clamp(normal(r, 0.68, 0.16), 0.2, 0.98)
		p.diligence = clamp(normal(r, 1, 0.18), 0.55, 1.5)
		o.reps = append(o.reps, p)
		return p
	}
	head := newRep(0, 0, 0, "director", false)
	var mid int64 = 1
	for ri, rd := range regionDefs {
		region := int64(ri + 1)
		var mids []int64
		for _, seg := range rd.segments {
			m := market{id: mid, region: region, segment: seg,
				name:        fmt.Sprintf("%s·%s", rd.name, segmentZH[seg]),
				fiscal:      clamp(normal(r, 55, 20), 5, 100),
				competition: clamp(normal(r, 55, 18), 5, 100),
				policy:      sp.anchor.AddDate(0, 0, 15+r.IntN(200)),
			}
			o.markets = append(o.markets, m)
			mids = append(mids, mid)
			mid++
		}
		mgr := newRep(region, mids[0], head.id, "region_manager", false)
		for t := 0; t < rd.teams; t++ {
			lead := newRep(region, mids[t%len(mids)], mgr.id, "team_lead", true)
			o.addBook(lead, rd.segments[t%len(mids)])
			members := 6 + r.IntN(3)
			for k := 0; k < members; k++ {
				mi := r.IntN(len(mids))
				level := "rep"
				if r.Float64() < 0.3 {
					level = "senior_rep"
				}
				p := newRep(region, mids[mi], lead.id, level, true)
				o.addBook(p, rd.segments[mi])
			}
		}
	}
	o.turnover(r, sp, &nextRep)
	return o
}

func (o *org) addBook(p *rep, segment string) {
	b := &book{region: p.region, market: p.market, segment: segment, reps: []*rep{p}}
	p.slot = len(o.books)
	o.books = append(o.books, b)
	o.byReg[p.region-1] = append(o.byReg[p.region-1], p.slot)
}

// turnover: a few reps leave during the history and a new hire takes their
// book about three weeks later. Moves avoid January so the January
// comparisons count whole months of work.
func (o *org) turnover(r *rand.Rand, sp span, nextRep *int64) {
	for k := 0; k < 5; k++ {
		b := o.books[r.IntN(len(o.books))]
		old := b.current()
		if old.level == "team_lead" || len(b.reps) > 1 {
			continue
		}
		var leave time.Time
		for {
			leave = sp.day(120 + r.IntN(sp.days-200))
			if leave.Month() != time.January && leave.AddDate(0, 0, 21).Month() != time.January {
				break
			}
		}
		old.left = leave
		p := &rep{id: *nextRep, region: old.region, market: old.market, manager: old.manager, level: "rep",
			name: personName(r), seller: true, slot: old.slot, hired: leave.AddDate(0, 0, 21)}
		*nextRep++
		p.skill = clamp(normal(r, 0.45, 0.15), 0.05, 0.95)
		p.discipline = clamp(normal(r, 0.7, 0.15), 0.2, 0.98)
		p.diligence = clamp(normal(r, 1, 0.15), 0.55, 1.5)
		o.reps = append(o.reps, p)
		b.reps = append(b.reps, p)
	}
}

var segmentZH = map[string]string{
	"higher_ed": "高校", "k12": "K12", "hospital": "医院", "manufacturing": "制造业",
	"government": "政府", "energy": "能源", "finance": "金融", "retail": "零售",
}

// managerOf is the rep's manager (nil for the head).
func (o *org) managerOf(p *rep) *rep {
	if p.manager == 0 {
		return nil
	}
	return o.reps[p.manager-1]
}

// login is the user name of a rep's account.
func repLogin(id int64) string { return fmt.Sprintf("rep%03d", id) }
