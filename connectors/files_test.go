package connectors_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"salesbi/clock"
	"salesbi/connectors"
	"salesbi/model"
)

// fileMapping maps rep_capability from a CSV folder and targets from a
// workbook's "指标" sheet, the way a sales office keeps them.
func fileMapping(dir string) string {
	return `
sources:
  scores:
    kind: csv
    path: ` + dir + `
  plan:
    kind: xlsx
    path: ` + filepath.Join(dir, "targets.xlsx") + `
tables:
  rep_capability:
    source: scores
    from: capability.csv
    columns:
      rep_id: 工号
      period: 季度
      product_test_score: 产品考试
      big_deal_win_rate: 大单赢率
      complaint_rate: 投诉率
      avg_cycle_days: 平均周期天数
      visit_to_opp_rate: 拜访转商机率
      renewal_rate: 续约率
  targets:
    source: plan
    sheet: 指标
    columns:
      rep_id: 工号
      period: 季度
      target_amount: 目标金额
      set_by: {from: 制定人, default: 总监}
`
}

const capabilityCSV = "\xEF\xBB\xBF工号,季度,产品考试,大单赢率,投诉率,平均周期天数,拜访转商机率,续约率\n" +
	"1,2026-Q1,82,0.35,0.02,45,0.30,0.90\n" +
	"2,2026-Q1,76.5,0.20,,60,0.25,0.80\n" +
	"3,2026-Q1,90,0.5,0.01,38,0.4,95%\n"

func writeTargets(t *testing.T, path, sheet string, rows [][]any) {
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", sheet))
	require.NoError(t, f.SetSheetRow(sheet, "A1", &[]any{"工号", "季度", "目标金额", "制定人"}))
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		require.NoError(t, f.SetSheetRow(sheet, cell, &r))
	}
	require.NoError(t, f.SaveAs(path))
}

func fileDigest(t *testing.T, db *model.DB) string {
	var a, b string
	require.NoError(t, db.QueryRow(`SELECT coalesce(md5(string_agg(rep_id || period || coalesce(CAST(product_test_score AS VARCHAR), '') ||
		coalesce(CAST(complaint_rate AS VARCHAR), '~') || coalesce(CAST(renewal_rate AS VARCHAR), ''), '|' ORDER BY rep_id, period)), '')
		FROM rep_capability`).Scan(&a))
	require.NoError(t, db.QueryRow(`SELECT coalesce(md5(string_agg(rep_id || period || CAST(target_amount AS VARCHAR) || coalesce(set_by, ''), '|'
		ORDER BY rep_id, period)), '') FROM targets`).Scan(&b))
	return a + "/" + b
}

// writeFileSources writes the capability CSV and the targets workbook the
// file mapping reads, and returns their folder.
func writeFileSources(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "capability.csv"), []byte(capabilityCSV), 0o644))
	writeTargets(t, filepath.Join(dir, "targets.xlsx"), "指标", [][]any{
		{1, "2026-Q1", 1200000.5, "张总"}, {2, "2026-Q1", "850,000.00", nil}, {3, "2026-Q1", 999999.999, "王经理"},
	})
	return dir
}

func TestFileImportsCapabilityAndTargets(t *testing.T) {
	ctx := context.Background()
	dir := writeFileSources(t)
	cfg := loadConfig(t, fileMapping(dir))
	dst := openDuck(t)
	require.Empty(t, connectors.Check(ctx, dst, cfg))
	s := &connectors.Syncer{Clock: clock.System{}, DB: dst, Cfg: cfg}
	_, err := s.Sync(ctx, connectors.Options{})
	require.NoError(t, err)

	var score, renewal float64
	var complaint *float64
	require.NoError(t, dst.QueryRow(`SELECT product_test_score, complaint_rate, renewal_rate FROM rep_capability WHERE rep_id = 2`).Scan(&score, &complaint, &renewal))
	require.Equal(t, 76.5, score)
	require.Nil(t, complaint, "an empty cell is NULL")
	require.NoError(t, dst.QueryRow(`SELECT renewal_rate FROM rep_capability WHERE rep_id = 3`).Scan(&renewal))
	require.Equal(t, 95.0, renewal, "a trailing %% is dropped (the value stays as written)")

	rows, err := dst.Query(`SELECT rep_id, CAST(target_amount AS VARCHAR), set_by FROM targets ORDER BY rep_id`)
	require.NoError(t, err)
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id int
		var amt, by string
		require.NoError(t, rows.Scan(&id, &amt, &by))
		got = append(got, amt+" "+by)
	}
	require.NoError(t, rows.Err())
	require.Equal(t, []string{"1200000.50 张总", "850000.00 总监", "1000000.00 王经理"}, got)

	// Bad files: each gives an error with its location and changes nothing.
	before := fileDigest(t, dst)
	cases := []struct {
		name, table, want string
		prepare           func()
	}{
		{"ragged csv", "rep_capability", "capability.csv: record on line 3: wrong number of fields", func() {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "capability.csv"), []byte("工号,季度,产品考试,大单赢率,投诉率,平均周期天数,拜访转商机率,续约率\n1,2026-Q2,1,1,1,1,1,1\n2,2026-Q2,1,1\n"), 0o644))
		}},
		{"non-numeric amount", "targets", `row 3, column target_amount (source column 目标金额): "八十万" is not a number`, func() {
			writeTargets(t, filepath.Join(dir, "targets.xlsx"), "指标", [][]any{{1, "2026-Q2", 5}, {2, "2026-Q2", "八十万"}})
		}},
		{"wrong sheet", "targets", `has no sheet "指标" (sheets: Sheet9)`, func() {
			writeTargets(t, filepath.Join(dir, "targets.xlsx"), "Sheet9", [][]any{{1, "2026-Q2", 5}})
		}},
		{"repeated key", "rep_capability", "source scores, table rep_capability: the key (rep_id, period) must be unique in the source", func() {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "capability.csv"), []byte("工号,季度,产品考试,大单赢率,投诉率,平均周期天数,拜访转商机率,续约率\n1,2026-Q2,1,1,1,1,1,1\n2,2026-Q2,1,1,1,1,1,1\n1,2026-Q2,2,1,1,1,1,1\n"), 0o644))
		}},
		{"missing column", "rep_capability", `tables.rep_capability.columns.renewal_rate: source table "capability.csv" has no column "续约率"`, func() {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "capability.csv"), []byte("工号,季度,产品考试,大单赢率,投诉率,平均周期天数,拜访转商机率\n1,2026-Q2,1,1,1,1,1\n"), 0o644))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "capability.csv"), []byte(capabilityCSV), 0o644))
			writeTargets(t, filepath.Join(dir, "targets.xlsx"), "指标", [][]any{{1, "2026-Q2", 5}})
			c.prepare()
			_, err := s.Sync(ctx, connectors.Options{Tables: []string{c.table}})
			require.Error(t, err)
			require.Contains(t, err.Error(), c.want)
			require.Equal(t, before, fileDigest(t, dst), "a failed import changed the data")
		})
	}
	// A missing column is also what --check reports, with the YAML line.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "capability.csv"), []byte("工号,季度,产品考试,大单赢率,投诉率,平均周期天数,拜访转商机率\n"), 0o644))
	probs := connectors.Check(ctx, dst, cfg)
	require.Len(t, probs, 1)
	require.Regexp(t, `salesbi.yaml:\d+: tables.rep_capability.columns.renewal_rate`, probs[0].String())
}

// The stage feed (INSERT … SELECT from a table function: the writer when
// DuckDB's appender cannot be reached or a column is BOOLEAN or DATE) loads
// exactly what the in-place appender loads, and words a repeated key the
// same way.
func TestStageFeedLoadsTheSame(t *testing.T) {
	ctx := context.Background()
	dir := writeFileSources(t)
	cfg := loadConfig(t, fileMapping(dir))
	load := func(raw bool) (string, error) {
		w := connectors.WriterFeed
		if raw {
			w = connectors.WriterAppender
		}
		dst := openDuck(t)
		_, err := (&connectors.Syncer{Clock: clock.System{}, DB: dst, Cfg: cfg, Writer: w}).Sync(ctx, connectors.Options{})
		return fileDigest(t, dst), err
	}
	viaAppender, err := load(true)
	require.NoError(t, err)
	viaFeed, err := load(false)
	require.NoError(t, err)
	require.Equal(t, viaAppender, viaFeed)
	require.NotEqual(t, "/", viaFeed)

	// Several chunks, NULLs only in some of them (a chunk's NULLs must
	// not leak into the next).
	var big strings.Builder
	big.WriteString("工号,季度,产品考试,大单赢率,投诉率,平均周期天数,拜访转商机率,续约率\n")
	for i := 1; i <= 5000; i++ {
		complaint := "0.01"
		if i <= 2048 && i%3 == 0 {
			complaint = ""
		}
		fmt.Fprintf(&big, "%d,2026-Q3,%d,0.5,%s,30,0.2,0.9\n", i, i%100, complaint)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "capability.csv"), []byte(big.String()), 0o644))
	viaAppender, err = load(true)
	require.NoError(t, err)
	viaFeed, err = load(false)
	require.NoError(t, err)
	require.Equal(t, viaAppender, viaFeed)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "capability.csv"), []byte("工号,季度,产品考试,大单赢率,投诉率,平均周期天数,拜访转商机率,续约率\n1,2026-Q2,1,1,1,1,1,1\n1,2026-Q2,2,1,1,1,1,1\n"), 0o644))
	for _, raw := range []bool{true, false} {
		_, err := load(raw)
		require.Error(t, err)
		require.Contains(t, err.Error(), "source scores, table rep_capability: the key (rep_id, period) must be unique in the source", "raw appender %v", raw)
	}
}
