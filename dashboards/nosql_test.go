package dashboards_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// sqlExceptions are the files of dashboards/ that may read the database
// with their own SQL: none since the stand-up board became a preset
// (issue 10). The web layer only routes and renders; its data comes
// through query/, metrics/ and model/.
var sqlExceptions = []string{}

// sqlText matches SQL statements in Go string literals: the keyword pairs
// that start a query or a write. Case is ignored since DuckDB ignores it;
// "select" must be followed by a space and "from" preceded by one, so an
// HTML <select name="from"> is not SQL.
var sqlText = regexp.MustCompile(`(?is)\bselect\s.*\sfrom\b|\binsert\s+into\b|\bupdate\s+\S+\s+set\b|\bdelete\s+from\b|\b(?:create|drop|alter)\s+(?:table|view|index)\b`)

// sqlCalls are the database/sql methods that send SQL or open a
// transaction. Query and Prepare are not among them: fiber's c.Query reads
// the query string and query.Engine.Prepare compiles a chart spec.
var sqlCalls = []string{"QueryContext", "QueryRowContext", "ExecContext", "PrepareContext", "BeginTx",
	"QueryRow", "Exec"}

// sqlFindings lists where a Go file writes SQL text or sends SQL, as
// "file:line: what".
func sqlFindings(fset *token.FileSet, f *ast.File) []string {
	var out []string
	seen := map[token.Pos]bool{}
	report := func(pos token.Pos, what string) {
		if !seen[pos] {
			seen[pos] = true
			out = append(out, fset.Position(pos).String()+": "+what)
		}
	}
	checkText := func(pos token.Pos, s string) {
		if m := sqlText.FindString(s); m != "" {
			report(pos, "SQL in a string: "+strconv.Quote(firstLine(m)))
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				if s, err := strconv.Unquote(n.Value); err == nil {
					checkText(n.Pos(), s)
				}
			}
		case *ast.BinaryExpr:
			// "SELECT " + col + " FROM t": the literals of a concatenation
			// read together.
			if n.Op == token.ADD {
				checkText(n.Pos(), strings.Join(concatLiterals(n), " "))
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && slices.Contains(sqlCalls, sel.Sel.Name) {
				report(n.Pos(), "a call to "+sel.Sel.Name)
			}
		}
		return true
	})
	return out
}

func concatLiterals(e ast.Expr) []string {
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return append(concatLiterals(e.X), concatLiterals(e.Y)...)
		}
	case *ast.ParenExpr:
		return concatLiterals(e.X)
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			if s, err := strconv.Unquote(e.Value); err == nil {
				return []string{s}
			}
		}
	}
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// The web layer only routes and renders: no Go file of dashboards/ (sub
// packages included) holds SQL or sends it (sqlExceptions is empty: a file
// listed there must still exist and still hold SQL, so the list can only
// shrink).
func TestNoSQLInDashboards(t *testing.T) {
	fset := token.NewFileSet()
	withSQL := map[string]bool{}
	var findings []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		found := sqlFindings(fset, f)
		if len(found) == 0 {
			return nil
		}
		withSQL[path] = true
		if !slices.Contains(sqlExceptions, path) {
			findings = append(findings, found...)
		}
		return nil
	})
	require.NoError(t, err)
	require.Empty(t, findings, "dashboards/ only routes and renders: read through query/, metrics/ or model/ instead")
	for _, ex := range sqlExceptions {
		require.True(t, withSQL[ex], "%s is listed as holding the stand-up's SQL but has none (or is gone): take it off sqlExceptions", ex)
	}
}

// The detector itself: what it must catch and what it must let through.
func TestSQLFindings(t *testing.T) {
	cases := []struct {
		src  string
		want int
	}{
		{"x := `SELECT a FROM t WHERE b = $1`", 1},
		{`x := "select count(*)\n from " + t`, 1},
		{`x := "SELECT " + col + " FROM t"`, 1},
		{`x := "INSERT INTO t VALUES ($1)"`, 1},
		{`x := "update settings set value = $1"`, 1},
		{`x := "DELETE FROM t"`, 1},
		{`x := "CREATE TABLE t (a INT)"`, 1},
		{`db.QueryContext(ctx, q)`, 1},
		{`_ = db.QueryRowContext(ctx, q).Scan(&n)`, 1},
		{`db.ExecContext(ctx, q)`, 1},
		{`x := c.Query("status")`, 0},
		{`_, q, err := eng.Prepare(spec, id, loc)`, 0},
		{`x := "Pick a field to select; the table updates."`, 0},
		{`x := "<select name=\"from\">"`, 0},
		{`x := metrics.Violations(ctx, db, p, 500)`, 0},
		{`x := i18n.T("更新", "Updated")`, 0},
	}
	for _, c := range cases {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", "package x\nfunc f() {\n"+c.src+"\n}\n", 0)
		require.NoError(t, err, c.src)
		require.Len(t, sqlFindings(fset, f), c.want, c.src)
	}
}
