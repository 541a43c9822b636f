package metrics

import "strconv"

// params are the bound values of one DuckDB statement. bind appends a value
// and returns its placeholder, numbered at the moment it is written ($1, $2
// …), so SQL fragments built by different functions (the stage and gate
// VALUES lists, the score expression) compose in any order without anyone
// renumbering text. Every statement in this package uses $n placeholders.
type params struct{ args []any }

func (p *params) bind(v any) string {
	p.args = append(p.args, v)
	return "$" + strconv.Itoa(len(p.args))
}
