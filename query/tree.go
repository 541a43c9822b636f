package query

// The select tree: what Compile builds from a plan and the writer turns
// into SQL. It has the few shapes the compiler needs — named subqueries
// (WITH), one relation with its joins, a projection, conditions, grouping,
// order and limit — in the spirit of goqu's sqlgen and Rill's metrics-view
// AST. The two-phase and rollup forms build other trees from the same
// parts; nothing rewrites SQL text.

// Query is a statement: its named subqueries, then the main select.
type Query struct {
	// CreateTable, when set, makes the statement CREATE OR REPLACE TABLE
	// <name> AS <query> (a rollup's build).
	CreateTable string
	Recursive   bool // WITH RECURSIVE (the manager's scope)
	With        []CTE
	Body        *Select
}

// CTE is one named subquery; Cols names its columns when set.
type CTE struct {
	Name string
	Cols []string
	Body *Select
	// Sub, when set instead of Body, is a whole statement with its own
	// named subqueries (one grouping of a derived plan, derived.go).
	Sub *Query
}

// Select is one SELECT. Every slice is optional.
type Select struct {
	Items   []Item
	From    *Rel // nil: no FROM (SELECT CAST($1 AS BIGINT))
	Joins   []JoinClause
	Where   []Expr // ANDed
	GroupBy []Expr
	// GroupAll writes GROUP BY ALL (the rollup build).
	GroupAll bool
	OrderBy  []Order
	Limit    Expr
	Offset   Expr    // rows skipped after the order (a listing's page)
	Union    *Select // … UNION <select>
	// Inline writes the select on one line (small subqueries).
	Inline bool
}

// Item is a projected expression with its output name ("" for none).
type Item struct {
	X  Expr
	As string
}

// Rel is a table or a named subquery, with an optional alias; or, with
// Fn set, a table function Fn AS Alias(Cols…) (generate_series).
type Rel struct {
	Name, Alias string
	Fn          Expr
	Cols        []string
}

// JoinClause joins a relation on a condition.
type JoinClause struct {
	Kind JoinKind
	Rel  Rel
	On   Expr
}

// JoinKind is how a JoinClause joins; the zero value is a LEFT JOIN (every
// catalog join). A period comparison will join two groupings in full.
type JoinKind int

const (
	LeftJoin JoinKind = iota
	InnerJoin
	FullJoin
)

// Order is one ORDER BY key.
type Order struct {
	X         Expr
	Desc      bool
	NullsLast bool
}

// item and its plural keep the builders short.
func item(x Expr, as string) Item { return Item{X: x, As: as} }

// positions are the GROUP BY keys 1…n. Trees are never changed once
// built, so the common short lists are shared.
func positions(n int) []Expr {
	if n <= len(sharedPositions) {
		return sharedPositions[:n:n]
	}
	out := make([]Expr, n)
	for i := range out {
		out[i] = pos(i + 1)
	}
	return out
}

var sharedPositions = func() []Expr {
	out := make([]Expr, 8)
	for i := range out {
		out[i] = pos(i + 1)
	}
	return out
}()
