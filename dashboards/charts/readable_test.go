package charts

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/i18n"
	"salesbi/query"
)

// Tests of issue 10 items 7 and 8: readable charts, asserted on the options
// the renderers produce.

func render(t *testing.T, in Input) *Option {
	t.Helper()
	o, err := Render(in)
	require.NoError(t, err)
	_, err = json.Marshal(o)
	require.NoError(t, err)
	return o
}

func optionJSON(t *testing.T, o *Option) string {
	t.Helper()
	b, err := json.Marshal(o)
	require.NoError(t, err)
	return string(b)
}

func col(key, zhLabel, enLabel, role string, kind query.Kind, field, agg string) query.Column {
	return query.Column{Key: key, Label: i18n.T(zhLabel, enLabel), Role: role, Kind: kind, Type: query.TypeNumber, Field: field, Agg: agg}
}

var (
	rep         = dimCol("rep", "销售", "Rep")
	month       = query.Column{Key: "signed_at_month", Label: i18n.T("签约时间", "Signed"), Role: "dimension", Kind: query.KindTime, Grain: "month"}
	signed      = col("sum_amount", "合同金额合计", "sum of Contract amount", "measure", query.KindMeasure, "amount", "sum")
	hoursMeas   = col("avg_hours_to_follow", "首次跟进用时(小时)平均", "avg of Hours to first follow-up", "measure", query.KindMeasure, "hours_to_follow", "avg")
	conversion  = col("conversion", "转化率", "conversion", "measure", query.KindMeasure, "", "ratio")
	compareCols = func(base query.Column, cmp string) []query.Column {
		var out []query.Column
		for _, suf := range []string{"", "_delta", "_delta_pct"} {
			c := base
			c.Key = base.Key + "_" + cmp + suf
			c.Label = i18n.T(base.Label.ZH+"("+cmp+suf+")", base.Label.EN+" ("+cmp+suf+")")
			out = append(out, c)
		}
		return out
	}
)

func TestFormatText(t *testing.T) {
	num := func(l string) Format { return FormatFor(UnitNumber, "", l) }
	money := func(cur, l string) Format { return FormatFor(UnitMoney, cur, l) }
	signedPct := FormatFor(UnitPercent, "", "zh-CN")
	signedPct.Sign = true
	cases := []struct {
		f    Format
		v    any
		want string
	}{
		{num("zh-CN"), int64(12), "12"},
		{num("zh-CN"), 850000.0, "85.0万"},
		{num("zh-CN"), 123000000.0, "1.23亿"},
		{num("zh-CN"), 9876.0, "9,876"},
		{num("zh-CN"), 4.234, "4.23"},
		{num("en"), 1850000.0, "1.85M"},
		{num("en"), int64(12345), "12.3k"},
		{num("en"), 2.5e9, "2.50B"},
		{money("CNY", "zh-CN"), 850000.0, "¥85.0万"},
		{money("", "zh-CN"), 850000.0, "¥85.0万"},
		{money("CNY", "en"), 850000.0, "CN¥850.0k"},
		{money("USD", "en"), 1850000.0, "$1.85M"},
		{money("USD", "zh-CN"), 1850000.0, "US$185.0万"},
		{money("EUR", "en"), 1234.5, "€1,234.50"},
		{money("EUR", "en"), -1234.5, "-€1,234.50"},
		{money("CHF", "en"), 1850000.0, "CHF 1.85M"},
		{FormatFor(UnitPercent, "", "zh-CN"), 0.236, "23.6%"},
		{FormatFor(UnitPercent, "", "en"), 0.6, "60.0%"},
		{signedPct, 0.125, "+12.5%"},
		{signedPct, -0.05, "-5.0%"},
		{FormatFor(UnitHours, "", "zh-CN"), 42.8, "42.8小时"},
		{FormatFor(UnitHours, "", "en"), 42.8, "42.8 h"},
		{FormatFor(UnitDays, "", "zh-CN"), 4.6, "4.6天"},
		{FormatFor(UnitDays, "", "en"), 4.6, "4.6 d"},
		{num("zh-CN"), 852500.0, "85.3万"}, // a tie rounds up, as JavaScript's toFixed
		{num("zh-CN"), 2.5e-3, "0"},
		{num("zh-CN"), -0.001, "0"},
		{num("zh-CN"), nil, "–"},
		{*axisFormat(num("zh-CN")), 800000.0, "80万"},
		{*axisFormat(FormatFor(UnitPercent, "", "zh-CN")), 0.2, "20%"},
	}
	for _, c := range cases {
		require.Equal(t, c.want, c.f.Text(c.v, -1), "%s %v", c.f.Kind, c.v)
	}
	two := 2
	h := num("zh-CN")
	h.Index = &two
	require.Equal(t, "85.0万", h.Text([]any{int64(0), int64(1), 850000.0}, -1))
	h.After = []string{" · 同比 +1.0%"}
	require.Equal(t, "5 · 同比 +1.0%", h.Text([]any{0, 0, int64(5)}, 0))
	require.Equal(t, "5", h.Text([]any{0, 0, int64(5)}, 1))
}

// TestFormatJSMatchesGo: format.js (what the page runs for axis ticks and
// tooltips) writes every value exactly as Format.Text does.
func TestFormatJSMatchesGo(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: format.js is not checked against Format.Text")
	}
	var formats []Format
	for _, u := range []string{UnitNumber, UnitMoney, UnitPercent, UnitHours, UnitDays} {
		for _, l := range []string{"zh-CN", "en"} {
			for _, cur := range []string{"CNY", "USD", "XYZ"} {
				f := FormatFor(u, cur, l)
				formats = append(formats, f, *axisFormat(f))
				f.Sign = true
				formats = append(formats, f)
			}
		}
	}
	values := []float64{0, 1, 12, 0.5, 2.5, 0.125, 0.236, -0.05, 4.6, 42.8, 999.995, 9876, 9999.5, 12345, 99999, 852500, 850000.5, 1850000, 123456789, 2.5e9, -1234.5, 1e-7, 0.0049, 33.333333}
	type job struct {
		F Format  `json:"f"`
		V float64 `json:"v"`
	}
	var jobs []job
	var want []string
	for _, f := range formats {
		for _, v := range values {
			jobs = append(jobs, job{f, v})
			want = append(want, f.Text(v, -1))
		}
	}
	two := 2
	arr := FormatFor(UnitMoney, "CNY", "zh-CN")
	arr.Index, arr.After = &two, []string{" · 同比 +3.0%"}
	dir := t.TempDir()
	in, _ := json.Marshal(jobs)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "jobs.json"), in, 0o644))
	arrJSON, _ := json.Marshal(arr)
	script := fmt.Sprintf(`const c = require(%q); const jobs = require(%q);
const out = jobs.map(j => c.format(j.f, j.v));
out.push(c.format(%s, [0, 1, 850000], 0));
const opt = c.prepare({yAxis: [{axisLabel: {sbFormat: %s}}], series: [{label: {sbFormat: %s}, tooltip: {sbValueFormat: %s}}]});
out.push(opt.yAxis[0].axisLabel.formatter(850000), opt.series[0].label.formatter({value: [0, 1, 850000], dataIndex: 0}), opt.series[0].tooltip.valueFormatter(850000, 0));
console.log(JSON.stringify(out));`, filepath.Join(mustAbs(t, "format.js")), filepath.Join(dir, "jobs.json"), arrJSON, arrJSON, arrJSON, arrJSON)
	cmd := exec.Command(node, "-e", script)
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, string(b))
	var got []string
	require.NoError(t, json.Unmarshal(b, &got), string(b))
	want = append(want, arr.Text([]any{0, 1, 850000.0}, 0), arr.Text(850000.0, -1), arr.Text([]any{0, 1, 850000.0}, 0), arr.Text(850000.0, 0))
	require.Equal(t, len(want), len(got))
	for i := range want {
		if i < len(jobs) {
			require.Equal(t, want[i], got[i], "%+v of %v", jobs[i].F, jobs[i].V)
		} else {
			require.Equal(t, want[i], got[i], "prepared formatter %d", i-len(jobs))
		}
	}
	require.Contains(t, got[len(got)-1], "同比 +3.0%")
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	require.NoError(t, err)
	return a
}

func TestColumnUnit(t *testing.T) {
	recAmount := query.Column{Key: "amount", Role: "dimension", Kind: query.KindMeasure, Type: query.TypeNumber, Field: "amount"}
	recHours := query.Column{Key: "entry_hours", Role: "dimension", Kind: query.KindMeasure, Type: query.TypeNumber, Field: "entry_hours"}
	bin := query.Column{Key: "score_bin", Role: "dimension", Kind: query.KindDimension, Type: query.TypeNumber, Bin: 5}
	days := col("median_days_in_stage", "", "", "measure", query.KindMeasure, "days_in_stage", "median")
	cols := append([]query.Column{region, count, amount, share, conversion, hoursMeas, days, recAmount, recHours, bin,
		col("sum_amount_per_rep", "", "", "measure", query.KindMeasure, "amount", "sum"),
		col("avg_attainment", "", "", "measure", query.KindMeasure, "attainment", "avg"),
		col("count_per_rep_per_working_day", "", "", "measure", query.KindMeasure, "", "count")},
		compareCols(amount, "year_ago")...)
	want := []string{"", UnitNumber, UnitMoney, UnitPercent, UnitPercent, UnitHours, UnitDays, UnitMoney, UnitHours, "",
		UnitMoney, UnitPercent, UnitNumber, UnitMoney, UnitMoney, UnitPercent}
	for i := range cols {
		require.Equal(t, want[i], ColumnUnit(cols, i), cols[i].Key)
	}
}

// TestMoneyInTheConfiguredCurrency: an amount is written in
// business.currency everywhere (axis, labels, tooltips, KPI, table); a
// count is never money; no ¥ appears in a USD board.
func TestMoneyInTheConfiguredCurrency(t *testing.T) {
	usd := byRegion
	usd.Kind, usd.Locale, usd.Currency = "bar", "en", "USD"
	o := render(t, usd)
	j := optionJSON(t, o)
	require.NotContains(t, j, "¥")
	var moneyAxis, countAxis *Format
	for _, y := range o.YAxis {
		if y.AxisLabel.Format.Kind == UnitMoney {
			moneyAxis = y.AxisLabel.Format
		} else {
			countAxis = y.AxisLabel.Format
		}
	}
	require.NotNil(t, moneyAxis)
	require.Equal(t, "$", moneyAxis.Prefix)
	require.Equal(t, UnitNumber, countAxis.Kind)
	require.Equal(t, "$880k", moneyAxis.Text(880000.0, -1))
	require.Equal(t, "$880.0k", o.Series[1].Tooltip.ValueFormat.Text(880000.5, -1))

	k := render(t, Input{Kind: "kpi", Locale: "en", Currency: "USD", Columns: []query.Column{amount}, Rows: [][]any{{1850000.0}}})
	require.Equal(t, "$1.85M", k.KPI.Text)
	require.Equal(t, "$1.85M", k.Title.Title)
	require.NotContains(t, optionJSON(t, k), "¥")
	k = render(t, Input{Kind: "kpi", Locale: "zh-CN", Currency: "CNY", Columns: []query.Column{amount}, Rows: [][]any{{850000.0}}})
	require.Equal(t, "¥85.0万", k.KPI.Text)
	k = render(t, Input{Kind: "kpi", Locale: "zh-CN", Currency: "EUR", Columns: []query.Column{count}, Rows: [][]any{{int64(123456)}}})
	require.Equal(t, "12.3万", k.KPI.Text, "a count is not money")

	usd.Kind = "table"
	tb := render(t, usd).Table
	require.Equal(t, []string{"华东", "12", "$880.0k"}, tb.Cells[0])
	require.Equal(t, []bool{false, true, true}, tb.Numeric)
	usd.Kind = "pie"
	p := render(t, Input{Kind: "pie", Locale: "en", Currency: "EUR", Columns: []query.Column{region, amount}, Rows: [][]any{{"华东", 880000.0}, {"华北", 120000.0}}})
	require.Contains(t, p.Series[0].Data.([]NameValue)[0].Tooltip.Formatter, "€880.0k")
	require.NotContains(t, optionJSON(t, p), "¥")
}

// drawn kinds: every renderer that draws data gives a point per datum.
func dataLen(t *testing.T, s Series) int {
	switch d := s.Data.(type) {
	case []any:
		return len(d)
	case []NameValue:
		return len(d)
	case [][3]any:
		return len(d)
	}
	b, _ := json.Marshal(s.Data)
	var arr []any
	require.NoError(t, json.Unmarshal(b, &arr))
	return len(arr)
}

func TestPointsForEveryDrawnDatum(t *testing.T) {
	kinds := map[string]bool{"bar": true, "stacked_bar": true, "line": true, "area": true, "pie": true, "funnel": true, "heatmap": true, "scatter": true, "radar": true}
	seen := map[string]bool{}
	for name, in := range cases {
		kind := in.Kind
		if kind == "" {
			kind = "bar"
		}
		if !kinds[kind] {
			continue
		}
		seen[kind] = true
		o := render(t, in)
		require.Len(t, o.Points, len(o.Series), name)
		dimKeys := map[string]bool{}
		for _, c := range in.Columns {
			if c.Role != "measure" {
				dimKeys[c.Key] = true
			}
		}
		for s := range o.Series {
			require.Equal(t, dataLen(t, o.Series[s]), len(o.Points[s]), "%s series %d", name, s)
			for _, p := range o.Points[s] {
				for k := range p {
					require.True(t, dimKeys[k], "%s: point key %q is not a dimension", name, k)
				}
			}
		}
	}
	for k := range kinds {
		require.True(t, seen[k], "no golden case of kind %s", k)
	}
	// Raw values, not labels: the second series of a trend is 华北, the
	// gap on the 2nd still names its point; a coded stage stays its code.
	o := render(t, cases["stacked_bar_trend"])
	require.Equal(t, map[string]any{"created_at_day": "2026-11-02", "region": "华北"}, o.Points[1][1])
	o = render(t, cases["funnel_stage_labels"])
	require.Equal(t, map[string]any{"stage": "won"}, o.Points[0][0])
	o = render(t, cases["heatmap_industry"])
	require.Equal(t, map[string]any{"industry": "医疗", "region": "华东"}, o.Points[0][2])
	o = render(t, cases["bar_one_dimension"])
	require.Equal(t, map[string]any{"region": nil}, o.Points[1][2], "the empty group drills as is_null")
}

// TestPointsDrill: a point as the renderer gives it is what query.Drill
// takes: the clicked region becomes the child's filter.
func TestPointsDrill(t *testing.T) {
	o := render(t, Input{Kind: "bar", Columns: []query.Column{region, count}, Rows: [][]any{{"华东", int64(3)}, {"华北", int64(2)}}})
	cal, err := clock.NewCalendar(clock.NewFixed(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), "Asia/Shanghai")
	require.NoError(t, err)
	spec := query.Spec{Dataset: "leads", Dimensions: []query.Dimension{{Field: "region"}}, Measures: []query.Measure{{Agg: "count"}}, Chart: "bar"}
	step, err := query.Drill(spec, o.Points[0][1], cal)
	require.NoError(t, err)
	require.Equal(t, "rep", step.Level)
	require.Contains(t, step.Spec.Filters, query.Filter{Field: "region", Op: "eq", Values: []any{"华北"}})
}

func repsInput(n int, kind string) Input {
	in := Input{Kind: kind, Columns: []query.Column{rep, signed}}
	for i := 0; i < n; i++ {
		in.Rows = append(in.Rows, []any{fmt.Sprintf("销售%02d", i), float64((i*7919)%97) * 10000})
	}
	return in
}

// TestManyMembersTurnHorizontal: a region's 35 reps are a horizontal bar,
// every name shown (abbreviated), sorted by value, bars at least 24 px,
// and a height that scrolls inside the panel.
func TestManyMembersTurnHorizontal(t *testing.T) {
	in := repsInput(35, "bar")
	o := render(t, in)
	require.Len(t, o.YAxis, 1)
	y := o.YAxis[0]
	require.Equal(t, "category", y.Type)
	require.Equal(t, "value", o.XAxis[0].Type)
	require.NotNil(t, y.AxisLabel.Interval)
	require.Equal(t, 0, *y.AxisLabel.Interval, "every rep's name")
	require.Equal(t, "truncate", y.AxisLabel.Overflow)
	require.Positive(t, y.AxisLabel.Width)
	names := y.Data.([]string)
	require.Len(t, names, 35)
	vals := o.Series[0].Data.([]any)
	require.True(t, sort.SliceIsSorted(vals, func(a, b int) bool { return number(vals[a]) > number(vals[b]) }), "sorted by value")
	require.True(t, bool(*y.Inverse), "the largest on top")
	for i, p := range o.Points[0] {
		require.Equal(t, names[i], p["rep"], "points follow the sort")
		row := in.Rows[indexOfRep(in, names[i])]
		require.Equal(t, row[1], vals[i])
	}
	require.GreaterOrEqual(t, o.Series[0].BarWidth, 24)
	require.GreaterOrEqual(t, o.Height, 35*24)
	require.Equal(t, "right", o.Series[0].Label.Position, "labelled bars")
	require.Equal(t, UnitMoney, o.Series[0].Label.Format.Kind)

	// 12 members stay a vertical bar with every label shown.
	o = render(t, repsInput(12, "bar"))
	require.Equal(t, "category", o.XAxis[0].Type)
	require.Equal(t, 0, *o.XAxis[0].AxisLabel.Interval)
	require.Zero(t, o.Height)
	// A line over many members keeps its order (no horizontal line).
	o = render(t, repsInput(35, "line"))
	require.Equal(t, "category", o.XAxis[0].Type)
	require.Equal(t, 0, *o.XAxis[0].AxisLabel.Interval)
	// A stacked bar of reps × outcome turns too, sorted by each rep's total.
	st := Input{Kind: "stacked_bar", Columns: []query.Column{rep, dimCol("outcome", "结果", "Outcome"), count}}
	for i := 0; i < 20; i++ {
		st.Rows = append(st.Rows, []any{fmt.Sprintf("r%02d", i), "won", int64(i)}, []any{fmt.Sprintf("r%02d", i), "lost", int64(1)})
	}
	o = render(t, st)
	require.Equal(t, "category", o.YAxis[0].Type)
	require.Equal(t, "r19", o.YAxis[0].Data.([]string)[0])
	require.Equal(t, map[string]any{"rep": "r19", "outcome": "lost"}, o.Points[1][0])
}

func indexOfRep(in Input, name string) int {
	for i, r := range in.Rows {
		if r[0] == name {
			return i
		}
	}
	return -1
}

// TestLongLabelsRotateAndTruncate: long names on a phone-wide axis are
// rotated and abbreviated, never skipped; a long time axis thins its dates.
func TestLongLabelsRotateAndTruncate(t *testing.T) {
	in := Input{Kind: "bar", Columns: []query.Column{dimCol("customer", "客户", "Customer"), count}}
	for i := 0; i < 8; i++ {
		in.Rows = append(in.Rows, []any{fmt.Sprintf("上海第%d精密机械制造有限公司", i), int64(i + 1)})
	}
	o := render(t, in)
	l := o.XAxis[0].AxisLabel
	require.Equal(t, 0, *l.Interval)
	require.NotZero(t, l.Rotate)
	require.Equal(t, "truncate", l.Overflow)
	require.Positive(t, l.Width)
	// Short labels that fit stay flat.
	o = render(t, Input{Kind: "bar", Columns: []query.Column{region, count}, Rows: [][]any{{"华东", int64(1)}, {"华北", int64(2)}}})
	require.Zero(t, o.XAxis[0].AxisLabel.Rotate)
	require.Equal(t, 0, *o.XAxis[0].AxisLabel.Interval)
	// 90 days: ECharts thins the dates (the tooltip names each day).
	days := Input{Kind: "line", Columns: []query.Column{day, count}}
	for i := 0; i < 90; i++ {
		days.Rows = append(days.Rows, []any{time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format("2006-01-02"), int64(i)})
	}
	o = render(t, days)
	require.Nil(t, o.XAxis[0].AxisLabel.Interval)
	require.True(t, o.XAxis[0].AxisLabel.HideOverlap)
}

// TestNoDualAxis: a count and an amount are drawn on separate grids, each
// with one value axis in one unit — never two value axes on one grid.
func TestNoDualAxis(t *testing.T) {
	for _, kind := range []string{"bar", "line", "stacked_bar", "area"} {
		in := with(byRegion, kind, "zh-CN")
		o := render(t, in)
		require.Len(t, o.Grid, 2, kind)
		perGrid := map[int]int{}
		for _, y := range o.YAxis {
			if y.Type == "value" {
				perGrid[y.GridIndex]++
			}
		}
		require.Equal(t, map[int]int{0: 1, 1: 1}, perGrid, kind)
		require.Equal(t, 0, o.Series[0].YAxisIndex)
		require.Equal(t, 1, o.Series[1].YAxisIndex)
		require.Equal(t, 1, o.Series[1].XAxisIndex)
		require.Equal(t, UnitMoney, o.YAxis[1].AxisLabel.Format.Kind)
		require.Positive(t, o.Height, "two grids need room")
	}
	// Measures in one unit share one grid.
	o := render(t, Input{Kind: "bar", Columns: []query.Column{region, count, measCol("count_distinct_customer", "客户去重数", "distinct customers", "count_distinct")},
		Rows: [][]any{{"华东", int64(3), int64(2)}}})
	require.Len(t, o.Grid, 1)
	require.Len(t, o.Series, 2)
	// A dimensionless result with a count and an amount: two grids too.
	o = render(t, Input{Kind: "bar", Columns: []query.Column{count, amount}, Rows: [][]any{{int64(5), 880000.0}}})
	require.Len(t, o.Grid, 2)
	require.Len(t, o.Points, 2)
}

// TestStackedBarDrawsEveryMeasure: region × channel with two measures
// gives one stack per measure, every value drawn.
func TestStackedBarDrawsEveryMeasure(t *testing.T) {
	valid := measCol("count_valid", "有效数量", "valid", "count")
	in := Input{Kind: "stacked_bar", Columns: []query.Column{region, dimCol("channel", "渠道", "Channel"), count, valid}, Rows: [][]any{
		{"华东", "web", int64(5), int64(3)}, {"华东", "phone", int64(2), int64(1)}, {"华北", "web", int64(4), int64(4)}}}
	o := render(t, in)
	require.Len(t, o.Series, 4)
	stacks := map[string]int{}
	var total int64
	for _, s := range o.Series {
		stacks[s.Stack]++
		for _, v := range s.Data.([]any) {
			if v != nil {
				total += v.(int64)
			}
		}
	}
	require.Equal(t, map[string]int{"count": 2, "count_valid": 2}, stacks)
	require.Equal(t, int64(5+2+4+3+1+4), total, "every measure's every value is drawn")
	// One measure: one stack.
	o = render(t, cases["stacked_bar_trend"])
	for _, s := range o.Series {
		require.Equal(t, "total", s.Stack)
	}
}

func TestManySeriesScrollLegend(t *testing.T) {
	in := Input{Kind: "line", Columns: []query.Column{day, rep, count}}
	for i := 0; i < 15; i++ {
		in.Rows = append(in.Rows, []any{"2026-11-01", fmt.Sprintf("rep%d", i), int64(i)})
	}
	o := render(t, in)
	require.Len(t, o.Series, 15)
	require.Equal(t, "scroll", o.Legend.Type)
	// One series needs no legend.
	o = render(t, Input{Kind: "line", Columns: []query.Column{day, count}, Rows: [][]any{{"2026-11-01", int64(1)}}})
	require.Nil(t, o.Legend)
}

// TestPieNeverCutsItsLabels: percentages inside the slices, every slice in
// a scrolling legend with its share, small slices folded into "others"
// (which does not drill), tooltips with value and share.
func TestPieNeverCutsItsLabels(t *testing.T) {
	in := Input{Kind: "pie", Locale: "zh-CN", Currency: "CNY", Columns: []query.Column{dimCol("channel", "渠道", "Channel"), amount}}
	big := []float64{500000, 300000, 100000}
	for i, v := range big {
		in.Rows = append(in.Rows, []any{fmt.Sprintf("大%d", i), v})
	}
	for i := 0; i < 9; i++ {
		in.Rows = append(in.Rows, []any{fmt.Sprintf("小%d", i), 10000.0})
	}
	o := render(t, in)
	s := o.Series[0]
	data := s.Data.([]NameValue)
	require.Len(t, data, 4, "3 big slices and one others")
	require.Equal(t, "inside", s.Label.Position)
	require.Contains(t, s.Label.Formatter, "{d}")
	require.False(t, bool(*s.LabelLine.Show))
	require.Equal(t, "scroll", o.Legend.Type)
	require.True(t, strings.HasPrefix(data[3].Name, "其他 "), data[3].Name)
	require.Equal(t, 90000.0, data[3].Value)
	require.Nil(t, o.Points[0][3], "others does not drill")
	require.Equal(t, map[string]any{"channel": "大0"}, o.Points[0][0])
	require.Equal(t, "大0 50.5%", data[0].Name, "the legend shows the share")
	require.Equal(t, "大0<br/>¥50.0万 (50.5%)", data[0].Tooltip.Formatter)
	// One small slice is not folded alone; a query's own "others" row
	// does not drill, and folds with the other small ones.
	o = render(t, Input{Kind: "pie", Columns: []query.Column{region, count}, Rows: [][]any{{"华东", int64(90)}, {"华北", int64(8)}, {"其他", int64(2)}}})
	require.Len(t, o.Series[0].Data.([]NameValue), 3)
	require.Nil(t, o.Points[0][2])
	o = render(t, Input{Kind: "pie", Columns: []query.Column{region, count}, Rows: [][]any{{"华东", int64(97)}, {"华北", int64(2)}, {"其他", int64(1)}}})
	require.Len(t, o.Series[0].Data.([]NameValue), 2)
	require.Equal(t, "其他 3.0%", o.Series[0].Data.([]NameValue)[1].Name)
	require.Nil(t, o.Points[0][1])
	// Names are HTML-escaped in the tooltip.
	o = render(t, Input{Kind: "pie", Columns: []query.Column{region, count}, Rows: [][]any{{"<img src=x onerror=alert(1)>", int64(1)}}})
	require.NotContains(t, o.Series[0].Data.([]NameValue)[0].Tooltip.Formatter, "<img")
}

// TestCompareDrawsTwoPeriods: a measure with its year-ago columns is two
// labelled series (this period, the earlier one); the Δ % is in the
// tooltip, never a third series on another axis.
func TestCompareDrawsTwoPeriods(t *testing.T) {
	cols := append([]query.Column{month, signed}, compareCols(signed, "year_ago")...)
	in := Input{Kind: "line", Locale: "zh-CN", Columns: cols, Rows: [][]any{
		{"2026-01", 1250000.0, 1000000.0, 250000.0, 0.25},
		{"2026-02", 880000.0, 1000000.0, -120000.0, -0.12},
		{"2026-03", 500000.0, nil, nil, nil},
	}}
	o := render(t, in)
	require.Len(t, o.Series, 2)
	require.Len(t, o.Grid, 1, "both periods on one axis: same unit")
	require.Equal(t, "合同金额合计", o.Series[0].Name)
	require.Equal(t, "合同金额合计(year_ago)", o.Series[1].Name)
	require.Equal(t, []any{1000000.0, 1000000.0, nil}, o.Series[1].Data)
	require.Equal(t, "dashed", o.Series[1].LineStyle.Type)
	f := o.Series[0].Tooltip.ValueFormat
	require.Equal(t, "¥125.0万 · 同比 +25.0%", f.Text(1250000.0, 0))
	require.Equal(t, "¥88.0万 · 同比 -12.0%", f.Text(880000.0, 1))
	require.Equal(t, "¥50.0万", f.Text(500000.0, 2))
	require.NotNil(t, o.Legend)
	// As a bar, the earlier period is a paler bar beside this one.
	in.Kind = "bar"
	o = render(t, in)
	require.Len(t, o.Series, 2)
	require.NotNil(t, o.Series[1].ItemStyle)
	// In a table the Δ and Δ % are cells, signed.
	in.Kind = "table"
	tb := render(t, in).Table
	require.Equal(t, []string{"2026-01", "¥125.0万", "¥100.0万", "+¥25.0万", "+25.0%"}, tb.Cells[0])
	require.Equal(t, []string{"2026-02", "¥88.0万", "¥100.0万", "-¥12.0万", "-12.0%"}, tb.Cells[1])
}

// TestSharesAndRatiosAsPercentages: a share or a conversion ticks in %.
func TestSharesAndRatiosAsPercentages(t *testing.T) {
	for _, m := range []query.Column{share, conversion} {
		o := render(t, Input{Kind: "line", Columns: []query.Column{month, m}, Rows: [][]any{{"2026-01", 0.236}, {"2026-02", 0.25}}})
		f := o.YAxis[0].AxisLabel.Format
		require.Equal(t, UnitPercent, f.Kind, m.Key)
		require.Equal(t, "25%", f.Text(0.25, -1))
		require.Equal(t, "23.6%", o.Series[0].Tooltip.ValueFormat.Text(0.236, -1))
	}
	o := render(t, Input{Kind: "heatmap", Columns: []query.Column{industry, region, conversion}, Rows: [][]any{{"教育", "华东", 0.2}}})
	require.Equal(t, "20%", o.Series[0].Label.Format.Text([]any{0, 0, 0.2}, -1))
}

// TestKPICard: the card's value and, with comparisons, the earlier value,
// the Δ and the Δ %, all formatted.
func TestKPICard(t *testing.T) {
	cols := append([]query.Column{signed}, compareCols(signed, "previous")...)
	cols = append(cols, compareCols(signed, "year_ago")...)
	in := Input{Kind: "kpi", Locale: "zh-CN", Currency: "CNY", Columns: cols, Rows: [][]any{{850000.0, 1000000.0, -150000.0, -0.15, 680000.0, 170000.0, 0.25}}}
	k := render(t, in).KPI
	require.Equal(t, "合同金额合计", k.Label)
	require.Equal(t, "¥85.0万", k.Text)
	require.Equal(t, UnitMoney, k.Unit)
	require.Len(t, k.Compare, 2)
	p, y := k.Compare[0], k.Compare[1]
	require.Equal(t, KPICompare{Name: "previous", Label: "上期", Value: 1000000.0, Text: "¥100.0万", Delta: -150000.0, DeltaText: "-¥15.0万",
		DeltaPct: -0.15, DeltaPctText: "-15.0%", Direction: "down"}, p)
	require.Equal(t, "去年同期", y.Label)
	require.Equal(t, "+25.0%", y.DeltaPctText)
	require.Equal(t, "up", y.Direction)
	// No row: a dash, not a zero.
	k = render(t, Input{Kind: "kpi", Columns: []query.Column{count}}).KPI
	require.Equal(t, "–", k.Text)
	k = render(t, Input{Kind: "kpi", Locale: "en", Columns: []query.Column{hoursMeas}, Rows: [][]any{{42.84}}}).KPI
	require.Equal(t, "42.8 h", k.Text)
}

// TestUnitsLocalized: durations in 小时/天 in Chinese and h/d in English, in
// tables, tooltips and ticks alike — one unit per column.
func TestUnitsLocalized(t *testing.T) {
	days := col("median_days_in_stage", "停留天数中位数", "median days in stage", "measure", query.KindMeasure, "days_in_stage", "median")
	in := Input{Kind: "table", Locale: "zh-CN", Columns: []query.Column{rep, hoursMeas, days}, Rows: [][]any{{"张三", 42.8, 4.6}, {"李四", 110.25, 12.0}}}
	tb := render(t, in).Table
	require.Equal(t, []string{"张三", "42.8小时", "4.6天"}, tb.Cells[0])
	require.Equal(t, []string{"李四", "110.3小时", "12.0天"}, tb.Cells[1])
	for _, r := range tb.Cells {
		for _, c := range r {
			require.NotRegexp(t, `[0-9] ?[hd]$`, c, "no English unit in a Chinese table")
		}
	}
	in.Locale = "en"
	tb = render(t, in).Table
	require.Equal(t, []string{"张三", "42.8 h", "4.6 d"}, tb.Cells[0])
	in.Kind, in.Locale = "bar", "zh-CN"
	o := render(t, in)
	require.Equal(t, "42.8小时", o.Series[0].Tooltip.ValueFormat.Text(42.8, -1))
	require.Equal(t, "天", o.YAxis[1].AxisLabel.Format.Suffix, "hours and days on separate grids")
	// Records tables: an amount field is money, an id stays digits, a time a date.
	rec := Input{Kind: "table", Locale: "zh-CN", Currency: "CNY", Columns: []query.Column{
		{Key: "signed_at", Role: "dimension", Kind: query.KindTime, Type: query.TypeTime},
		{Key: "contract_id", Role: "dimension", Kind: query.KindDimension, Type: query.TypeNumber},
		{Key: "amount", Role: "dimension", Kind: query.KindMeasure, Type: query.TypeNumber, Field: "amount"}},
		Rows: [][]any{{time.Date(2026, 11, 30, 14, 5, 0, 0, time.UTC), int64(123456), 56000.0}}}
	tb = render(t, rec).Table
	require.Equal(t, []string{"2026-11-30 14:05", "123456", "¥5.6万"}, tb.Cells[0])
	require.Equal(t, []bool{false, true, true}, tb.Numeric)
	// A pivot's cells are formatted too.
	pv := render(t, Input{Kind: "pivot", Columns: []query.Column{region, industry, amount}, Rows: [][]any{{"华东", "教育", 850000.0}}}).Table
	require.Equal(t, []string{"华东", "¥85.0万"}, pv.Cells[0])
}

// TestOptionsStayJSON: no renderer writes a function; formatters are
// templates, fixed texts or formats as data.
func TestOptionsStayJSON(t *testing.T) {
	inputs := []Input{repsInput(35, "bar"), with(byRegion, "line", "en"), cases["pie_share"], cases["heatmap_industry"], cases["scatter_reps"], cases["radar_two_dimensions"]}
	for _, in := range inputs {
		var m any
		require.NoError(t, json.Unmarshal([]byte(optionJSON(t, render(t, in))), &m))
		var walk func(v any, key string)
		walk = func(v any, key string) {
			switch x := v.(type) {
			case map[string]any:
				for k, c := range x {
					walk(c, k)
				}
			case []any:
				for _, c := range x {
					walk(c, key)
				}
			case string:
				if key == "formatter" || key == "valueFormatter" {
					require.NotContains(t, x, "function")
					require.NotContains(t, x, "=>")
				}
			}
		}
		walk(m, "")
	}
}

// echartsDist finds the pinned npm package's ECharts build (node_modules
// at the repository root, installed by the Makefile).
func echartsDist(t *testing.T) (node, dist string) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: options are not drawn by ECharts here")
	}
	dir := mustAbs(t, ".")
	for {
		p := filepath.Join(dir, "node_modules", "echarts", "dist", "echarts.js")
		if _, err := os.Stat(p); err == nil {
			return node, p
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Skip("node_modules/echarts is not installed: options are not drawn by ECharts here")
		}
		dir = up
	}
}

// draw renders the option with ECharts itself (server-side SVG, after
// format.js prepared it) at a phone's width and returns every text drawn.
func draw(t *testing.T, o *Option, width int) []string {
	t.Helper()
	node, dist := echartsDist(t)
	height := o.Height
	if height == 0 {
		height = 300
	}
	script := fmt.Sprintf(`const echarts = require(%q); const c = require(%q);
const opt = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const chart = echarts.init(null, null, {renderer: 'svg', ssr: true, width: %d, height: %d});
chart.setOption(c.prepare(opt));
const svg = chart.renderToSVGString(); chart.dispose();
process.stdout.write(svg, () => process.exit(0));`, dist, mustAbs(t, "format.js"), width, height)
	cmd := exec.Command(node, "-e", script)
	cmd.Stdin = strings.NewReader(optionJSON(t, o))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	require.Empty(t, stderr.String(), "ECharts warned")
	var texts []string
	for _, m := range svgText.FindAllStringSubmatch(string(out), -1) {
		texts = append(texts, html.UnescapeString(m[1]))
	}
	require.NotContains(t, string(out), "NaN")
	return texts
}

var svgText = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)

func countMatching(texts []string, re string) int {
	r := regexp.MustCompile(re)
	n := 0
	for _, s := range texts {
		if r.MatchString(s) {
			n++
		}
	}
	return n
}

// TestEChartsDrawsEveryLabel: drawn by ECharts at 390 px, every rep of 35
// has its (abbreviated) name, every long customer name is drawn, the
// axes tick in the currency, a pie shows its percentages.
func TestEChartsDrawsEveryLabel(t *testing.T) {
	in := Input{Kind: "bar", Currency: "USD", Locale: "en", Columns: []query.Column{rep, signed}}
	for i := 0; i < 35; i++ {
		in.Rows = append(in.Rows, []any{fmt.Sprintf("Eastern region sales rep number %02d", i), float64(i+1) * 10000})
	}
	texts := draw(t, render(t, in), 390)
	require.Equal(t, 35, countMatching(texts, `^Eastern.*…$`), "every rep's name, abbreviated: %q", texts)
	require.Positive(t, countMatching(texts, `^\$[0-9.]+k$`), "ticks in dollars: %q", texts)
	require.Zero(t, countMatching(texts, `¥`))

	cust := Input{Kind: "bar", Columns: []query.Column{dimCol("customer", "客户", "Customer"), count}}
	for i := 0; i < 10; i++ {
		cust.Rows = append(cust.Rows, []any{fmt.Sprintf("上海第%d精密机械制造有限公司", i), int64(i + 1)})
	}
	texts = draw(t, render(t, cust), 390)
	require.Equal(t, 10, countMatching(texts, `^上海第`), "%q", texts)

	pie := render(t, Input{Kind: "pie", Columns: []query.Column{region, count}, Rows: [][]any{{"华东", int64(60)}, {"华北", int64(30)}, {"华南", int64(10)}}})
	texts = draw(t, pie, 390)
	require.Equal(t, 3, countMatching(texts, `^[0-9.]+%$`), "percentages inside the slices: %q", texts)
	require.Equal(t, 1, countMatching(texts, `^华南 10\.0%$`), "the legend names the share: %q", texts)

	cols := append([]query.Column{month, signed}, compareCols(signed, "year_ago")...)
	line := render(t, Input{Kind: "line", Columns: cols, Rows: [][]any{{"2026-01", 1250000.0, 1000000.0, 250000.0, 0.25}, {"2026-02", 880000.0, 1000000.0, -120000.0, -0.12}}})
	texts = draw(t, line, 390)
	require.Equal(t, 1, countMatching(texts, `year_ago`), "the earlier period in the legend: %q", texts)
	require.Positive(t, countMatching(texts, `^¥[0-9.]+万$`), "%q", texts)

	two := render(t, with(byRegion, "bar", "zh-CN"))
	texts = draw(t, two, 390)
	require.Positive(t, countMatching(texts, `^¥[0-9.]+万$`))
	for name, in := range cases {
		if in.Kind != "table" && in.Kind != "pivot" {
			t.Run(name, func(t *testing.T) { draw(t, render(t, in), 390) })
		}
	}
}
