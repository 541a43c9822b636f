package query

// Record listings: the order and the page. A listing is ordered by the
// spec's sort keys (any record column, asc or desc), else by its first
// column newest first, and then always by a tie-break that makes the
// order total: every record column that is the fact table's own column
// (the row's id — lead_id, opp_id … — among them) and the owner rep when
// it is one, ascending. Without it two rows with the same created_at could
// swap between page 1 and page 2 and one of them be shown twice, the other
// never. The one-phase and the two-phase forms order by the same keys, so
// they cut the same rows.

// recordKey is one ORDER BY key of a listing: record column index, or the
// dataset's owner column when index is ownerKey.
type recordKey struct {
	index int
	desc  bool
}

const ownerKey = -1

// ownerCol is the name of the owner column a two-phase listing's base
// carries for the tie-break.
const ownerCol = "_own"

// recordKeys lists a listing's ORDER BY keys, each column once.
func recordKeys(p *Plan) []recordKey {
	var keys []recordKey
	seen := map[int]bool{}
	add := func(i int, desc bool) {
		if !seen[i] {
			seen[i] = true
			keys = append(keys, recordKey{index: i, desc: desc})
		}
	}
	for _, s := range p.Sort {
		add(s.Index, s.Desc)
	}
	if len(keys) == 0 {
		add(0, true)
	}
	for i, f := range p.Records {
		if len(f.Joins) == 0 {
			add(i, false)
		}
	}
	if ownerTieBreak(p) {
		add(ownerKey, false)
	}
	return keys
}

// ownerTieBreak: the owner rep is a column of the fact table itself (not
// reached through a join), so ordering by it costs no join.
func ownerTieBreak(p *Plan) bool {
	if p.Dataset.Owner == nil || len(p.Dataset.OwnerJoins) > 0 {
		return false
	}
	_, isCol := p.Dataset.Owner.(Col)
	return isCol
}

// recordOrder is the ORDER BY of a listing, each key's expression given
// by x (the field's own expression, or a column of a subquery).
func recordOrder(p *Plan, x func(k recordKey) Expr) []Order {
	keys := recordKeys(p)
	out := make([]Order, len(keys))
	for i, k := range keys {
		out[i] = Order{X: x(k), Desc: k.desc, NullsLast: true}
	}
	return out
}

// sortedRecordJoins are the joins the listing's sort keys need: a
// two-phase listing makes them in its first phase, so it cuts the page
// by the sorted value (a rep's name) and still defers the other lookups.
func sortedRecordJoins(p *Plan, into map[string]bool) {
	for _, k := range recordKeys(p) {
		if k.index >= 0 {
			closure(p.Dataset, p.Records[k.index].Joins, into)
		}
	}
}

// pageOf sets a listing select's LIMIT and OFFSET (none when the plan
// lists every row).
func pageOf(p *Plan, s *Select) {
	if p.RowLimit > 0 {
		s.Limit = Arg{int64(p.RowLimit)}
	}
	if p.Offset > 0 {
		s.Offset = Arg{int64(p.Offset)}
	}
}
