package query

import "strconv"

// compileOnePhase is the plain form: every row joined to what the fields
// need (the src subquery), then grouped. Measures that cannot be folded
// use it; the test of two-phase results compares against it.
func compileOnePhase(p *Plan) (Compiled, error) {
	if p.derived != nil {
		q, _ := p.derived.query(p, func(g *Plan) (*Query, string) { return onePhase(g), "" })
		return compiled(q)
	}
	return compiled(onePhase(p))
}

func onePhase(p *Plan) *Query {
	restrict := restriction(p.Identity)
	q := newQuery(p, restrict)
	src := &Select{From: factFrom(p), Joins: joinClauses(neededJoins(p)), Where: whereOf(p, restrict)}
	if len(p.Records) > 0 {
		// A listing is one select: the rows, joined, ordered by the
		// fields' own expressions (recordKeys), one page cut.
		for _, f := range p.Records {
			src.Items = append(src.Items, item(f.Expr, f.Name))
		}
		src.OrderBy = recordOrder(p, func(k recordKey) Expr {
			if k.index == ownerKey {
				return p.Dataset.Owner
			}
			return p.Records[k.index].Expr
		})
		pageOf(p, src)
		q.Body = src
		return q
	}
	for i, d := range p.Dims {
		src.Items = append(src.Items, item(bucket(d, p.Loc), p.Columns[i].Key))
	}
	for i, m := range p.Measures {
		if m.hasInput() {
			var x Expr
			if m.Field != nil {
				x = m.Field.Expr
			}
			src.Items = append(src.Items, item(m.input(x), measureCol(i)))
		}
	}
	if len(src.Items) == 0 {
		src.Items = append(src.Items, item(Num("1"), "_one"))
	}
	q.With = append(q.With, CTE{Name: "src", Body: src})
	aggregateSrc(q, p)
	return q
}

func measureCol(i int) string { return "_m" + strconv.Itoa(i) }

// aggregateSrc adds the grouping select over src, with the top N ranking
// (and the "others" fold) when the plan has a limit.
func aggregateSrc(q *Query, p *Plan) {
	value := func(i int) Expr { return directOf(p.Measures[i], Ref{Name: measureCol(i)}) }
	body := &Select{Items: outputs(p), From: &Rel{Name: "src"}, GroupBy: positions(len(p.Dims)), Limit: maxRowsLimit}
	var top Expr
	if p.Limit != nil {
		top = topKey(p)
		q.With = append(q.With, CTE{Name: "top", Body: &Select{
			Items: []Item{item(top, "k")}, From: &Rel{Name: "src"}, GroupBy: positions(1),
			OrderBy: []Order{{X: value(0), Desc: true, NullsLast: true}, {X: pos(1)}},
			Limit:   Arg{int64(p.Limit.N)}, Inline: true,
		}})
		if !p.Limit.Others {
			body.Where = []Expr{inTop(top)}
		}
	}
	for i := range p.Measures {
		body.Items = append(body.Items, item(value(i), measureKey(p, i)))
	}
	body.OrderBy = orderKeys(p, top)
	q.Body = body
}
