package query

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/model"
)

// raw is the canonical data read as plain rows, for computing expected
// results in Go without any SQL beyond "read the table".
type raw struct {
	regions   map[int64]string
	repName   map[int64]string
	repRegion map[int64]int64
	custName  map[int64]string
	custInd   map[int64]string
	leads     []rawLead
	visits    []rawVisit
	opps      []rawOpp
	contracts []rawContract
}

type rawLead struct {
	created       time.Time
	region        *int64
	channel       string
	status        string
	owner         *int64
	firstFollowed *time.Time
}
type rawVisit struct {
	rep      int64
	customer *int64
	visited  time.Time
	recorded *time.Time
}
type rawOpp struct {
	id, owner int64
	amount    float64
}
type rawContract struct {
	signed time.Time
	amount float64
}

func readRaw(t *testing.T, db *model.DB) *raw {
	ctx := context.Background()
	r := &raw{regions: map[int64]string{}, repName: map[int64]string{}, repRegion: map[int64]int64{}, custName: map[int64]string{}, custInd: map[int64]string{}}
	scan := func(q string, f func(vals []any)) {
		rows, err := db.QueryContext(ctx, q)
		require.NoError(t, err)
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			f(vals)
		}
		require.NoError(t, rows.Err())
	}
	i64 := func(v any) *int64 {
		if v == nil {
			return nil
		}
		x := v.(int64)
		return &x
	}
	tm := func(v any) *time.Time {
		if v == nil {
			return nil
		}
		x := v.(time.Time)
		return &x
	}
	str := func(v any) string {
		if v == nil {
			return ""
		}
		return v.(string)
	}
	scan(`SELECT region_id, name FROM regions`, func(v []any) { r.regions[v[0].(int64)] = v[1].(string) })
	scan(`SELECT rep_id, name, region_id FROM reps`, func(v []any) {
		r.repName[v[0].(int64)] = v[1].(string)
		if v[2] != nil {
			r.repRegion[v[0].(int64)] = v[2].(int64)
		}
	})
	scan(`SELECT customer_id, name, industry FROM customers`, func(v []any) {
		r.custName[v[0].(int64)] = v[1].(string)
		r.custInd[v[0].(int64)] = str(v[2])
	})
	scan(`SELECT created_at, region_id, channel, status, owner_rep_id, first_followed_at FROM leads`, func(v []any) {
		r.leads = append(r.leads, rawLead{v[0].(time.Time), i64(v[1]), str(v[2]), v[3].(string), i64(v[4]), tm(v[5])})
	})
	scan(`SELECT rep_id, customer_id, visited_at, recorded_at FROM visits`, func(v []any) {
		r.visits = append(r.visits, rawVisit{v[0].(int64), i64(v[1]), v[2].(time.Time), tm(v[3])})
	})
	scan(`SELECT opp_id, owner_rep_id, CAST(amount AS DOUBLE) FROM opportunities`, func(v []any) {
		var amt float64
		if v[2] != nil {
			amt = v[2].(float64)
		}
		var owner int64
		if v[1] != nil {
			owner = v[1].(int64)
		}
		r.opps = append(r.opps, rawOpp{v[0].(int64), owner, amt})
	})
	scan(`SELECT signed_at, CAST(amount AS DOUBLE) FROM contracts`, func(v []any) {
		r.contracts = append(r.contracts, rawContract{v[0].(time.Time), v[1].(float64)})
	})
	return r
}

func (r *raw) regionOf(id *int64) any {
	if id == nil {
		return nil
	}
	if n, ok := r.regions[*id]; ok {
		return n
	}
	return nil
}

// key joins dimension values the way resultMap does.
func key(vals ...any) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, "|")
}

func resultMap(rows [][]any, dims int) map[string]float64 {
	m := map[string]float64{}
	for _, r := range rows {
		var v float64
		switch x := r[dims].(type) {
		case float64:
			v = x
		case int64:
			v = float64(x)
		}
		m[key(r[:dims]...)] = v
	}
	return m
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

func monday(t time.Time) string {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)).Format("2006-01-02")
}

// TestIndependentResults runs golden cases on the shared database and
// compares them with results computed in Go from the raw rows.
func TestIndependentResults(t *testing.T) {
	db := goldenDB(t)
	rw := readRaw(t, db)
	loc := goldenCal().Loc
	cal := goldenCal()
	checks := map[string]func() map[string]float64{
		"article_leads_daily_by_region_valid": func() map[string]float64 {
			m := map[string]float64{}
			for _, l := range rw.leads {
				if l.status == "valid" {
					m[key(l.created.In(loc).Format("2006-01-02"), rw.regionOf(l.region))]++
				}
			}
			return m
		},
		"article_industry_region_heatmap": nil, // filled below: needs customer join
		"grain_week": func() map[string]float64 {
			m := map[string]float64{}
			for _, l := range rw.leads {
				m[key(monday(l.created.In(loc)))]++
			}
			return m
		},
		"grain_month": func() map[string]float64 {
			m := map[string]float64{}
			for _, v := range rw.visits {
				m[key(v.visited.In(loc).Format("2006-01"))]++
			}
			return m
		},
		"grain_quarter": func() map[string]float64 {
			m := map[string]float64{}
			for _, c := range rw.contracts {
				s := c.signed.In(loc)
				m[key(fmt.Sprintf("%d-Q%d", s.Year(), (int(s.Month())-1)/3+1))] += c.amount
			}
			return m
		},
		"agg_count_distinct": func() map[string]float64 {
			sets := map[string]map[int64]bool{}
			for _, v := range rw.visits {
				k := key(rw.repName[v.rep])
				if sets[k] == nil {
					sets[k] = map[int64]bool{}
				}
				if v.customer != nil {
					sets[k][*v.customer] = true
				}
			}
			m := map[string]float64{}
			for k, s := range sets {
				m[k] = float64(len(s))
			}
			return m
		},
		"agg_avg": func() map[string]float64 {
			sum, n := map[string]float64{}, map[string]float64{}
			for _, o := range rw.opps {
				reg := rw.repRegion[o.owner]
				k := key(rw.regionOf(&reg))
				sum[k] += o.amount
				n[k]++
			}
			for k := range sum {
				sum[k] /= n[k]
			}
			return sum
		},
		"agg_median": func() map[string]float64 {
			xs := map[string][]float64{}
			for _, v := range rw.visits {
				if v.recorded == nil {
					continue
				}
				k := key(rw.repName[v.rep])
				xs[k] = append(xs[k], v.recorded.Truncate(time.Minute).Sub(v.visited.Truncate(time.Minute)).Minutes()/60)
			}
			m := map[string]float64{}
			for k, x := range xs {
				m[k] = median(x)
			}
			return m
		},
		"agg_share_rows": func() map[string]float64 {
			m := map[string]float64{}
			for _, l := range rw.leads {
				m[key(l.channel)]++
			}
			for k := range m {
				m[k] /= float64(len(rw.leads))
			}
			return m
		},
		"filter_in": func() map[string]float64 {
			m := map[string]float64{}
			for _, l := range rw.leads {
				if l.channel == "website" || l.channel == "exhibition" {
					m[key(l.status)]++
				}
			}
			return m
		},
		"filter_not_in": func() map[string]float64 {
			m := map[string]float64{}
			for _, l := range rw.leads {
				if l.status != "invalid" && l.status != "new" {
					m[key(l.status)]++
				}
			}
			return m
		},
		"filter_is_null": func() map[string]float64 {
			m := map[string]float64{}
			for _, l := range rw.leads {
				if l.firstFollowed == nil {
					m[key(rw.regionOf(l.region))]++
				}
			}
			return m
		},
		"relative_yesterday": func() map[string]float64 {
			y := cal.Yesterday()
			m := map[string]float64{}
			for _, l := range rw.leads {
				if l.status == "valid" && y.Contains(l.created) {
					m[key(rw.regionOf(l.region))]++
				}
			}
			return m
		},
		"relative_last_7_days": func() map[string]float64 {
			to := cal.Today()
			from := to.AddDate(0, 0, -7)
			m := map[string]float64{}
			for _, v := range rw.visits {
				if !v.visited.Before(from) && v.visited.Before(to) {
					m[key(v.visited.In(loc).Format("2006-01-02"))]++
				}
			}
			return m
		},
		"top_n_others": func() map[string]float64 {
			counts := map[any]float64{}
			for _, v := range rw.visits {
				var name any
				if v.customer != nil {
					if n, ok := rw.custName[*v.customer]; ok {
						name = n
					}
				}
				counts[name]++
			}
			type kv struct {
				k any
				n float64
			}
			var list []kv
			for k, n := range counts {
				list = append(list, kv{k, n})
			}
			sort.Slice(list, func(i, j int) bool {
				if list[i].n != list[j].n {
					return list[i].n > list[j].n
				}
				if list[i].k == nil || list[j].k == nil {
					return list[j].k == nil && list[i].k != nil
				}
				return list[i].k.(string) < list[j].k.(string)
			})
			m := map[string]float64{}
			for i, e := range list {
				if i < 5 && e.k != nil {
					m[key(e.k)] = e.n
				} else {
					m[key("其他")] += e.n
				}
			}
			return m
		},
	}
	delete(checks, "article_industry_region_heatmap")
	require.GreaterOrEqual(t, len(checks), 10)
	for name, expect := range checks {
		t.Run(name, func(t *testing.T) {
			spec, id, locale := loadCase(t, "testdata/"+name+".json")
			p, q, err := (&Engine{Cal: cal}).Prepare(spec, id, locale)
			require.NoError(t, err)
			rows, err := Execute(context.Background(), db.DB, q, loc)
			require.NoError(t, err)
			LabelBuckets(p.Columns, rows)
			got := resultMap(rows, len(p.Dims))
			want := expect()
			require.NotEmpty(t, want, "the check should see some data")
			require.Equal(t, len(want), len(got), "groups: want %v\ngot %v", want, got)
			for k, w := range want {
				g, ok := got[k]
				require.True(t, ok, "group %q missing from the result %v", k, got)
				require.InDelta(t, w, g, 1e-6*math.Max(1, math.Abs(w)), "group %q", k)
			}
		})
	}
}
