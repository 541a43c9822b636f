package query

import (
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/i18n"
)

// TestCatalogValid builds the product's catalog from its declarations, as
// the package does when it loads, and checks that every bad reference a
// declaration can make is refused by name.
func TestCatalogValid(t *testing.T) {
	c, err := buildCatalog(builtinDatasets(), builtinRollups())
	require.NoError(t, err)
	require.Len(t, c.sorted, len(builtinDatasets()))
	require.Len(t, c.rollups, len(builtinRollups()))
	for _, d := range c.sorted {
		for _, f := range d.Fields {
			for _, j := range f.Joins {
				_, ok := d.join(j)
				require.True(t, ok, "%s.%s needs %s", d.Name, f.Name, j)
			}
		}
	}

	good := func() Dataset {
		return Dataset{
			Name: "t", Label: i18n.T("表", "T"), Table: "leads", Alias: "l", Owner: col("l", "owner_rep_id"),
			Joins: []Join{
				lookup("rep", "reps", "rp", col("l", "owner_rep_id"), "rep_id"),
				lookup("region", "regions", "rg", col("rp", "region_id"), "region_id"),
			},
			Fields: []Field{
				dimension("region", "区域", "Region", col("rg", "name")),
				measure("n", "数", "N", Num("1")),
			},
			Drill: []string{"region"},
		}
	}
	c, err = buildCatalog([]Dataset{good()}, nil)
	require.NoError(t, err)
	ds := c.byName["t"]
	f, _ := ds.Field("region")
	require.Equal(t, []string{"region"}, f.Joins, "a field's joins follow from the aliases it reads")
	reg, _ := ds.join("region")
	require.Equal(t, []string{"rep"}, reg.Needs, "a join's needs follow from its condition")

	bad := map[string]func(d *Dataset){
		`reads unknown alias "zz"`: func(d *Dataset) { d.Fields[0].Expr = col("zz", "name") },
		`join "region": column rp.region_id reads unknown alias "rp"`: func(d *Dataset) { // reads a join declared after it
			d.Joins[0], d.Joins[1] = d.Joins[1], d.Joins[0]
		},
		`unknown field "nope"`:   func(d *Dataset) { d.Drill = []string{"nope"} },
		`field "n" twice`:        func(d *Dataset) { d.Fields[1].Name = "n"; d.Fields[0].Name = "n" },
		`owner`:                  func(d *Dataset) { d.Owner = col("x", "rep_id") },
		`alias "rp" used twice`:  func(d *Dataset) { d.Joins[1].Alias = "rp"; d.Joins[1].On[0].Right.Alias = "rp" },
		`must be a column of rg`: func(d *Dataset) { d.Joins[1].On[0].Right = col("rp", "region_id") },
		`both labels`:            func(d *Dataset) { d.Fields[0].Label.EN = "" },
	}
	for want, spoil := range bad {
		d := good()
		d.Joins = append([]Join{}, d.Joins...)
		for i := range d.Joins {
			d.Joins[i].On = append([]ColumnPair{}, d.Joins[i].On...)
		}
		d.Fields = append([]Field{}, d.Fields...)
		spoil(&d)
		_, err := buildCatalog([]Dataset{d}, nil)
		require.ErrorContains(t, err, want)
	}
	_, err = buildCatalog([]Dataset{good(), good()}, nil)
	require.ErrorContains(t, err, "declared twice")
	_, err = buildCatalog([]Dataset{good()}, []Rollup{{Name: "r", Dataset: "t", Keys: []string{"nope"}}})
	require.ErrorContains(t, err, `"nope" is not a dimension field of t`)
	_, err = buildCatalog([]Dataset{good()}, []Rollup{{Name: "r", Dataset: "missing"}})
	require.ErrorContains(t, err, `unknown dataset "missing"`)
}

// TestAggregateTable: every aggregate the spec language names has its
// measure kind in aggregates, and nothing else is there.
func TestAggregateTable(t *testing.T) {
	require.Len(t, aggregates, len(Aggregates))
	for _, a := range Aggregates {
		require.Contains(t, aggregates, a)
		require.NotNil(t, aggregates[a].direct, a)
		if aggregates[a].states != nil {
			require.NotNil(t, aggregates[a].final, a)
		}
	}
}

// TestWriterPlaceholders: placeholders are numbered in the order the
// writer meets the arguments, and catalog string literals are escaped.
func TestWriterPlaceholders(t *testing.T) {
	q := &Query{
		With: []CTE{{Name: "a", Body: &Select{Items: []Item{item(Arg{"x"}, "v")}, Inline: true}}},
		Body: &Select{
			Items: []Item{item(Str("it's"), "s")},
			From:  &Rel{Name: "a"},
			Where: []Expr{eq(Ref{Name: "v"}, Arg{int64(2)}), In{X: col("a", "k"), List: []Expr{Arg{1.5}, Arg{true}}}},
			Limit: Arg{int64(10)},
		},
	}
	sql, args, err := writeQuery(q)
	require.NoError(t, err)
	require.Equal(t, "WITH a AS (SELECT $1 AS \"v\")\nSELECT 'it''s' AS \"s\"\nFROM a\nWHERE \"v\" = $2\n  AND a.k IN ($3, $4)\nLIMIT $5", sql)
	require.Equal(t, []any{"x", int64(2), 1.5, true, int64(10)}, args)
}

// TestWriterWindowsAndJoins: the node shapes the next measures need (a
// running total, a full join of two groupings) write as DuckDB expects.
func TestWriterWindowsAndJoins(t *testing.T) {
	running := Over{X: fn("sum", Ref{Name: "n"}), PartitionBy: []Expr{Ref{Name: "region"}}, OrderBy: []Order{{X: Ref{Name: "day"}}}}
	require.Equal(t, `sum("n") OVER (PARTITION BY "region" ORDER BY "day")`, sqlOf(running))
	require.Equal(t, `sum("n") OVER ()`, sqlOf(Over{X: fn("sum", Ref{Name: "n"})}))
	q := &Query{Body: &Select{
		From:  &Rel{Name: "cur", Alias: "a"},
		Joins: []JoinClause{{Kind: FullJoin, Rel: Rel{Name: "prev", Alias: "b"}, On: eq(Ref{Qual: "a", Name: "k"}, Ref{Qual: "b", Name: "k"})}},
	}}
	sql, _, err := writeQuery(q)
	require.NoError(t, err)
	require.Equal(t, "SELECT *\nFROM cur a\nFULL OUTER JOIN prev b ON a.\"k\" = b.\"k\"", sql)
}
