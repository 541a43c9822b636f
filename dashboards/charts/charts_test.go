package charts

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/query"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

func dimCol(key, zh, en string) query.Column {
	return query.Column{Key: key, Label: i18n.T(zh, en), Role: "dimension", Kind: query.KindDimension, Type: query.TypeString}
}

func measCol(key, zh, en, agg string) query.Column {
	return query.Column{Key: key, Label: i18n.T(zh, en), Role: "measure", Kind: query.KindMeasure, Type: query.TypeNumber, Agg: agg}
}

var (
	day      = query.Column{Key: "created_at_day", Label: i18n.T("创建时间", "Created"), Role: "dimension", Kind: query.KindTime, Grain: "day"}
	region   = dimCol("region", "区域", "Region")
	industry = dimCol("industry", "行业", "Industry")
	count    = measCol("count", "记录数量", "count of records", "count")
	amount   = measCol("sum_amount", "金额合计", "sum of Amount", "sum")
	share    = measCol("share", "记录占比", "share of records", "share")
)

// trend is the article's example: daily valid leads by region, with a gap
// (no North leads on the 2nd) that must stay a gap, not a zero.
var trend = Input{Columns: []query.Column{day, region, count}, Rows: [][]any{
	{"2026-11-01", "华东", int64(3)}, {"2026-11-01", "华北", int64(1)},
	{"2026-11-02", "华东", int64(4)}, {"2026-11-03", "华东", int64(2)}, {"2026-11-03", "华北", nil},
}}

var byRegion = Input{Columns: []query.Column{region, count, amount}, Rows: [][]any{
	{"华东", int64(12), 880000.5}, {"华北", int64(7), 420000.0}, {nil, int64(1), 1000.0},
}}

var cases = map[string]Input{
	"bar_one_dimension":    byRegion,
	"stacked_bar_trend":    with(trend, "stacked_bar", "zh-CN"),
	"line_trend":           with(trend, "line", "zh-CN"),
	"area_trend_en":        with(trend, "area", "en"),
	"pie_share":            {Kind: "pie", Columns: []query.Column{region, share}, Rows: [][]any{{"华东", 0.6}, {"华北", 0.4}}},
	"funnel_stages":        {Kind: "funnel", Columns: []query.Column{dimCol("stage", "阶段", "Stage"), count}, Rows: [][]any{{"lead", int64(100)}, {"qualified", int64(60)}, {"won", int64(12)}}},
	"heatmap_industry":     {Kind: "heatmap", Columns: []query.Column{industry, region, count}, Rows: [][]any{{"教育", "华东", int64(5)}, {"教育", "华北", int64(2)}, {"医疗", "华东", int64(9)}}},
	"radar_two_dimensions": {Kind: "radar", Columns: []query.Column{dimCol("purpose", "目的", "Purpose"), dimCol("rep", "销售", "Rep"), count}, Rows: [][]any{{"demo", "张三", int64(3)}, {"follow_up", "张三", int64(5)}, {"demo", "李四", int64(4)}}},
	"scatter_reps":         {Kind: "scatter", Columns: []query.Column{dimCol("rep", "销售", "Rep"), count, amount}, Rows: [][]any{{"张三", int64(10), 500000.0}, {"李四", int64(4), 90000.0}}},
	"funnel_stage_labels": {Kind: "funnel", Locale: "en", Columns: []query.Column{
		{Key: "stage", Label: i18n.T("阶段", "Stage"), Role: "dimension", Codes: map[string]i18n.Text{"won": i18n.T("赢单", "Won")}}, count},
		Rows: [][]any{{"won", int64(12)}, {"unmapped_code", int64(1)}}},
	"kpi_amount_zh":       {Kind: "kpi", Columns: []query.Column{amount}, Rows: [][]any{{850000.0}}},
	"kpi_amount_en":       {Kind: "kpi", Locale: "en", Columns: []query.Column{amount}, Rows: [][]any{{1850000.0}}},
	"table_plain":         with(byRegion, "table", "en"),
	"pivot_region_status": {Kind: "pivot", Columns: []query.Column{region, dimCol("status", "状态", "Status"), count}, Rows: [][]any{{"华东", "valid", int64(3)}, {"华东", "new", int64(1)}, {"华北", "valid", int64(2)}}},
}

func with(in Input, kind, locale string) Input {
	in.Kind, in.Locale = kind, locale
	return in
}

func TestGoldenOptions(t *testing.T) {
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			o, err := Render(in)
			require.NoError(t, err)
			got, err := json.MarshalIndent(o, "", "  ")
			require.NoError(t, err)
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				require.NoError(t, os.WriteFile(path, append(got, '\n'), 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run `go test ./dashboards/charts -update`")
			require.JSONEq(t, string(want), string(got))
		})
	}
}

// TestKindsMatchQuery: every chart kind the spec accepts has a renderer
// and no renderer is unreachable (two registries, one test, after promql).
func TestKindsMatchQuery(t *testing.T) {
	want := append([]string{}, query.ChartKinds...)
	require.ElementsMatch(t, want, Kinds())
}

func TestShapeErrorsAreBadInput(t *testing.T) {
	_, err := Render(with(byRegion, "heatmap", "en"))
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	require.True(t, strings.Contains(err.Error(), "heatmap needs two dimensions"), err.Error())
	_, err = Render(with(byRegion, "sunburst", "en"))
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
}

// TestNoScriptInOptions: labels that look like script stay plain JSON strings.
func TestNoScriptInOptions(t *testing.T) {
	in := Input{Kind: "bar", Columns: []query.Column{region, count}, Rows: [][]any{{"function(){alert(1)}", int64(1)}}}
	o, err := Render(in)
	require.NoError(t, err)
	b, _ := json.Marshal(o)
	require.Contains(t, string(b), `"function(){alert(1)}"`)
}

func TestFormatNumber(t *testing.T) {
	require.Equal(t, "85.0万", FormatNumber(850000.0, "sum", "zh-CN"))
	require.Equal(t, "1.85M", FormatNumber(1850000.0, "sum", "en"))
	require.Equal(t, "23.6%", FormatNumber(0.236, "share", "zh-CN"))
	require.Equal(t, "42", FormatNumber(int64(42), "count", "en"))
}

// TestAppendJSONIsEncodingJSON: the option's fast encoding writes exactly
// the bytes encoding/json does, for every golden case (series with nulls,
// text and numbers, slices of name/value pairs, tables) and a trend of
// text that needs escaping.
func TestAppendJSONIsEncodingJSON(t *testing.T) {
	inputs := map[string]Input{}
	for name, in := range cases {
		inputs[name] = in
	}
	var rows [][]any
	for i := 0; i < 50; i++ {
		rows = append(rows, []any{fmt.Sprintf("2026-11-%02d", 1+i%28), []string{"华东", "<\"north\">", "a&b\u2028"}[i%3], float64(i) / 3})
	}
	inputs["escaping"] = Input{Kind: "line", Columns: []query.Column{day, region, count}, Rows: rows}
	for name, in := range inputs {
		o, err := Render(in)
		require.NoError(t, err, name)
		want, err := json.Marshal(o)
		require.NoError(t, err)
		got, err := o.AppendJSON([]byte("x"))
		require.NoError(t, err)
		require.Equal(t, "x"+string(want), string(got), name)
	}
}
