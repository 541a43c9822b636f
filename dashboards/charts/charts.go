// Package charts turns a query result into an ECharts option, one renderer
// per chart kind (one file each). Option parts use go-echarts' option
// structs (opts.Title, opts.XAxis …) where they fit and plain structs where
// go-echarts has no form (series, KPI, tables). No renderer ever uses
// types.FuncStr: labels come from data, and data must not become script.
package charts

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/query"
)

// Input is what a renderer draws: the result's columns (dimensions first,
// then measures) and rows.
type Input struct {
	Kind    string
	Columns []query.Column
	Rows    [][]any
	Locale  string
	// Currency is business.currency (CNY, USD, EUR …): money columns are
	// written in it ("" is CNY).
	Currency string
	// Animation is off in test mode so screenshots and read-backs are stable.
	Animation bool
}

// Option is the ECharts option (marshalled to JSON as is). Table and
// pivot kinds are not ECharts charts; they fill Table instead and the page
// draws an HTML table. Fields tagged json:"-" travel beside the option
// (the board engine sends them next to it), never inside it.
type Option struct {
	Animation bool                 `json:"animation"`
	Title     *opts.Title          `json:"title,omitempty"`
	Tooltip   *Tooltip             `json:"tooltip,omitempty"`
	Legend    *opts.Legend         `json:"legend,omitempty"`
	Grid      []*opts.Grid         `json:"grid,omitempty"`
	XAxis     []XAxis              `json:"xAxis,omitempty"`
	YAxis     []YAxis              `json:"yAxis,omitempty"`
	VisualMap []opts.VisualMap     `json:"visualMap,omitempty"`
	Radar     *opts.RadarComponent `json:"radar,omitempty"`
	Table     *Table               `json:"table,omitempty"`
	Series    []Series             `json:"series,omitempty"` // last: AppendJSON writes it after the rest

	// Points[seriesIndex][dataIndex] is the point a click on that datum
	// drills into: dimension column key → the raw row value (what
	// query.Drill reads). nil for a datum that cannot be drilled (an
	// "others" slice).
	Points [][]map[string]any `json:"-"`
	// Height, when not 0, is the chart box's height in CSS pixels (a
	// horizontal bar of 35 reps is taller than its panel and scrolls
	// inside it); 0 leaves the panel's own height.
	Height int `json:"-"`
	// KPI is what a KPI card shows, for the page to draw it as HTML.
	KPI *KPI `json:"-"`
}

// Tooltip is opts.Tooltip with the value format the page turns into
// ECharts' valueFormatter (see Format).
type Tooltip struct {
	opts.Tooltip
	ValueFormat *Format `json:"sbValueFormat,omitempty"`
}

// XAxis and YAxis are go-echarts' axes with an axis label that can say
// interval 0 as a number (opts.AxisLabel's Interval is a string) and
// carry a Format instead of a script formatter.
type XAxis struct {
	opts.XAxis
	AxisLabel *AxisLabel `json:"axisLabel,omitempty"`
}

type YAxis struct {
	opts.YAxis
	AxisLabel *AxisLabel `json:"axisLabel,omitempty"`
}

// AxisLabel is an ECharts axisLabel.
type AxisLabel struct {
	Show types.Bool `json:"show,omitempty"`
	// Interval 0 shows every category label.
	Interval *int    `json:"interval,omitempty"`
	Rotate   float64 `json:"rotate,omitempty"`
	// Width and Overflow "truncate" abbreviate a long label with "…";
	// the tooltip keeps the full text.
	Width       int     `json:"width,omitempty"`
	Overflow    string  `json:"overflow,omitempty"`
	Ellipsis    string  `json:"ellipsis,omitempty"`
	HideOverlap bool    `json:"hideOverlap,omitempty"`
	Format      *Format `json:"sbFormat,omitempty"`
}

// Label is a series label; Format, when set, is its formatter (see Format).
type Label struct {
	opts.Label
	Format *Format `json:"sbFormat,omitempty"`
}

// Series is one ECharts series (go-echarts keeps series inside its chart
// types, which do not marshal on their own).
type Series struct {
	Name              string          `json:"name,omitempty"`
	Type              string          `json:"type"`
	Stack             string          `json:"stack,omitempty"`
	Smooth            bool            `json:"smooth,omitempty"`
	AreaStyle         *struct{}       `json:"areaStyle,omitempty"`
	Radius            []string        `json:"radius,omitempty"`
	Center            []string        `json:"center,omitempty"`
	Sort              string          `json:"sort,omitempty"`
	MinSize           string          `json:"minSize,omitempty"`
	Label             *Label          `json:"label,omitempty"`
	LabelLine         *opts.LabelLine `json:"labelLine,omitempty"`
	MinShowLabelAngle float64         `json:"minShowLabelAngle,omitempty"`
	PercentPrecision  int             `json:"percentPrecision,omitempty"`
	AvoidLabelOverlap *bool           `json:"avoidLabelOverlap,omitempty"`
	SymbolSize        int             `json:"symbolSize,omitempty"`
	BarMaxWidth       int             `json:"barMaxWidth,omitempty"`
	BarWidth          int             `json:"barWidth,omitempty"`
	XAxisIndex        int             `json:"xAxisIndex,omitempty"`
	YAxisIndex        int             `json:"yAxisIndex,omitempty"`
	LineStyle         *opts.LineStyle `json:"lineStyle,omitempty"`
	ItemStyle         *opts.ItemStyle `json:"itemStyle,omitempty"`
	Tooltip           *Tooltip        `json:"tooltip,omitempty"`
	Data              any             `json:"data"`
}

// NameValue is a pie/funnel slice; Tooltip, when set, is its own tooltip
// text (already formatted and HTML-escaped).
type NameValue struct {
	Name    string       `json:"name"`
	Value   any          `json:"value"`
	Label   *ItemTooltip `json:"label,omitempty"`
	Tooltip *ItemTooltip `json:"tooltip,omitempty"`
}

// ItemTooltip is a data item's tooltip or label: a fixed text, already
// formatted (a tooltip's is HTML-escaped).
type ItemTooltip struct {
	Formatter string `json:"formatter"`
}

// Table is a table or pivot drawn by the page. Rows are the values (a
// coded value as its label); Cells the same, written for reading (money
// in the currency, durations in 小时/h …); Numeric marks the columns to
// align right.
type Table struct {
	Header  []string   `json:"header"`
	Rows    [][]any    `json:"rows"`
	Cells   [][]string `json:"cells"`
	Numeric []bool     `json:"numeric"`
}

// Renderer draws one chart kind.
type Renderer func(in Input) (*Option, error)

// renderers is the registry of chart kinds: one entry per kind, each
// drawn by the file named after its family (cartesian.go, pie.go …).
// TestKindsMatchQuery keeps it equal to query.ChartKinds.
var renderers = map[string]Renderer{
	"bar":         func(in Input) (*Option, error) { return cartesian(in, "bar", false, false) },
	"stacked_bar": func(in Input) (*Option, error) { return cartesian(in, "bar", true, false) },
	"line":        func(in Input) (*Option, error) { return cartesian(in, "line", false, false) },
	"area":        func(in Input) (*Option, error) { return cartesian(in, "line", true, true) },
	"pie":         func(in Input) (*Option, error) { return slices(in, "pie") },
	"funnel":      func(in Input) (*Option, error) { return slices(in, "funnel") },
	"table":       table,
	"pivot":       pivot,
	"heatmap":     heatmap,
	"radar":       radar,
	"scatter":     scatter,
	"kpi":         kpi,
}

// Kinds lists the chart kinds with a renderer; a test checks it matches
// query.ChartKinds so the two registries cannot drift apart.
func Kinds() []string {
	out := make([]string, 0, len(renderers))
	for k := range renderers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Render draws in.Kind ("" means bar).
func Render(in Input) (*Option, error) {
	kind := in.Kind
	if kind == "" {
		kind = "bar"
	}
	r, ok := renderers[kind]
	if !ok {
		return nil, apperr.New(apperr.BadInput, "cannot draw the result", fmt.Sprintf("chart: unknown chart type %q", kind))
	}
	in.Kind = kind
	o, err := r(in)
	if err != nil {
		return nil, err
	}
	o.Animation = in.Animation
	return o, nil
}

// shape counts dimension and measure columns.
func shape(in Input) (dims, measures int) {
	for _, c := range in.Columns {
		if c.Role == "measure" {
			measures++
		} else {
			dims++
		}
	}
	return
}

func needShape(in Input, kind, want string, ok bool) error {
	if ok {
		return nil
	}
	d, m := shape(in)
	return apperr.New(apperr.BadInput, "the chart does not fit the data",
		fmt.Sprintf("chart: %s needs %s; the spec has %d dimension(s) and %d measure(s)", kind, want, d, m))
}

// text is a dimension value as an axis label.
func text(v any, locale string) string {
	switch x := v.(type) {
	case nil:
		return i18n.T("(空)", "(empty)").In(locale)
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		if x {
			return i18n.T("是", "yes").In(locale)
		}
		return i18n.T("否", "no").In(locale)
	}
	return fmt.Sprint(v)
}

func number(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	}
	return 0
}

// label is the text of value v of column i: a coded value's label
// (赢单 for "won"), else the value itself.
func (in Input) label(i int, v any) string {
	if i < len(in.Columns) {
		return ValueText(v, in.Columns[i], in.Locale)
	}
	return text(v, in.Locale)
}

// ValueText is a dimension value as a chart labels it: a coded value's
// label (赢单 for "won"), else the value itself. Pages label table cells
// and crumbs with it so they read like the chart.
func ValueText(v any, c query.Column, locale string) string {
	if s, ok := v.(string); ok {
		if l, ok := c.Codes[s]; ok {
			return l.In(locale)
		}
	}
	return text(v, locale)
}

// distinct lists column i's values as labels in first-seen order (the
// SQL already sorted them).
func distinct(in Input, i int) ([]string, map[string]int) {
	out, idx, _ := distinctIndex(in, i)
	return out, idx
}

// distinctIndex is distinct with each row's position in the list too, so a
// caller that places every row does not label and look it up again. Rows
// come sorted by their first dimensions, so a value is often the previous
// row's and takes its position without a lookup.
func distinctIndex(in Input, i int) ([]string, map[string]int, []int) {
	var out []string
	idx := make(map[string]int, min(len(in.Rows), 1024)) // a trend has a few hundred days: no regrowth
	at := make([]int, len(in.Rows))
	for k, r := range in.Rows {
		if k > 0 && sameValue(r[i], in.Rows[k-1][i]) {
			at[k] = at[k-1]
			continue
		}
		l := in.label(i, r[i])
		p, ok := idx[l]
		if !ok {
			p = len(out)
			idx[l] = p
			out = append(out, l)
		}
		at[k] = p
	}
	return out, idx, at
}

// sameValue compares two result values of the kinds Execute returns.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	}
	return false
}

func label(c query.Column, locale string) string { return c.Label.In(locale) }

func axisTooltip() *Tooltip {
	return &Tooltip{Tooltip: opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}}
}
func itemTooltip() *Tooltip {
	return &Tooltip{Tooltip: opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}}
}

func grid() *opts.Grid {
	return &opts.Grid{Left: "3%", Right: "4%", Bottom: "3%", Top: "48", ContainLabel: opts.Bool(true)}
}
