package model_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// DuckDB SQL in salesbi uses numbered placeholders ($1, $2 …) only; `?` is
// kept solely for SQL sent to a MySQL source, whose driver needs it. This
// scans the packages that talk to DuckDB directly (the query compiler has
// its own writer and golden tests) so a `?` cannot creep back in.
func TestDuckDBSQLUsesNumberedPlaceholders(t *testing.T) {
	mysqlSide := map[string]bool{
		"connectors/mysql.go": true, // SQL run on the MySQL source
	}
	sqlWord := regexp.MustCompile(`(?i)\b(select|insert|update|delete|values|where)\b`)
	var checked int
	for _, dir := range []string{"model", "metrics", "metrics/alerts", "connectors"} {
		files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		require.NoError(t, err)
		for _, path := range files {
			rel := filepath.ToSlash(strings.TrimPrefix(path, ".."+string(filepath.Separator)))
			if strings.HasSuffix(path, "_test.go") || mysqlSide[rel] {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			require.NoError(t, err)
			checked++
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err == nil && strings.Contains(s, "?") && sqlWord.MatchString(s) {
					t.Errorf("%s: SQL with a ? placeholder; DuckDB statements use $1, $2 …:\n%s", fset.Position(lit.Pos()), s)
				}
				return true
			})
		}
	}
	require.Greater(t, checked, 20, "the scan found the packages' files")
}
