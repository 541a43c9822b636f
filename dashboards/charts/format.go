package charts

import (
	_ "embed"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"salesbi/i18n"
	"salesbi/query"
)

// Format says how a column's values are written, as data. The Go side
// (KPI cards, table cells, pie labels) and the page's JavaScript (axis
// ticks and tooltips, which ECharts formats only through functions) apply
// the same rule, Format.Text, so an option never carries script: the page
// maps each `sbFormat` key of the option (on an axisLabel or a series
// label) to `formatter: v => format(F, v)` and each `sbValueFormat` key (on
// a tooltip, the option's or a series') to `valueFormatter: (v, i) =>
// format(F, v, i)`, with format written exactly as Text below.
type Format struct {
	// Kind names the rule for readers and tests: number, money, percent,
	// hours, days. The algorithm does not read it.
	Kind string `json:"kind"`
	// Scale multiplies the value first (100 for percentages); 0 means 1.
	Scale float64 `json:"scale,omitempty"`
	// Units are tried largest first: the first whose From is ≤ |x| writes
	// |x| ÷ Div with its Decimals, then its Text (85.0万, 1.85M).
	Units []Unit `json:"units,omitempty"`
	// Decimals are the digits of a value below every unit; when they are
	// all zeros they are dropped (12, not 12.00) unless Fixed (60.0%).
	Decimals int  `json:"decimals"`
	Fixed    bool `json:"fixed,omitempty"`
	// Group separates thousands of a value below every unit (",").
	Group string `json:"group,omitempty"`
	// Sign writes "+" before a positive value (a change).
	Sign bool `json:"sign,omitempty"`
	// Trim drops trailing zeros after the point (axis ticks: 80万, not 80.0万).
	Trim   bool   `json:"trim,omitempty"`
	Prefix string `json:"prefix,omitempty"` // after the sign: "$", "¥"
	Suffix string `json:"suffix,omitempty"` // "%", "小时", " h"
	// Index picks one element of an array value (a heatmap cell's [x, y, v]: 2).
	Index *int `json:"index,omitempty"`
	// After is text appended to the value of data index i (a tooltip's
	// " · 同比 +12.3%"), when there is an i-th entry.
	After []string `json:"after,omitempty"`
}

// Unit is one step of a Format's scale.
type Unit struct {
	From     float64 `json:"from"`
	Div      float64 `json:"div"`
	Text     string  `json:"text"`
	Decimals int     `json:"decimals"`
}

// Text writes v (a number, or an array when Index is set) at data index i
// (-1: none). nil and NaN are "–". The steps, which the page's JS repeats:
//
//	x = v × (Scale or 1); a = |x|
//	sign = "-" if x < 0, "+" if Sign and x > 0, else ""
//	body = the first unit u with a ≥ u.From: fixed(a ÷ u.Div, u.Decimals) + u.Text
//	       else: fixed(a, Decimals), its fraction dropped when all zeros
//	       and not Fixed; the integer digits grouped by threes with Group
//	Trim: drop trailing zeros of the fraction (and a bare point), everywhere
//	result = sign + Prefix + body + Suffix + After[i]
//
// fixed is JavaScript's Number.prototype.toFixed: the nearest decimal of
// the exact binary value, a tie going up (2.5 → "3", 85.25 → "85.3").
func (f Format) Text(v any, i int) string {
	if arr, ok := v.([]any); ok && f.Index != nil && *f.Index < len(arr) {
		v = arr[*f.Index]
	}
	x, ok := toFloat(v)
	if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	if f.Scale != 0 {
		x *= f.Scale
	}
	a := math.Abs(x)
	sign := ""
	switch {
	case x < 0 && a >= 0.5*math.Pow10(-f.decimalsFor(a)):
		sign = "-"
	case f.Sign && x > 0:
		sign = "+"
	}
	var body string
	unit := false
	for _, u := range f.Units {
		if a >= u.From {
			body = fixed(a/u.Div, u.Decimals)
			if f.Trim {
				body = trimZeros(body)
			}
			body += u.Text
			unit = true
			break
		}
	}
	if !unit {
		body = fixed(a, f.Decimals)
		if f.Trim || !f.Fixed && allZeros(body) {
			body = trimZeros(body)
		}
		body = group(body, f.Group)
	}
	out := sign + f.Prefix + body + f.Suffix
	if i >= 0 && i < len(f.After) {
		out += f.After[i]
	}
	return out
}

// decimalsFor is the digits a is written with (to tell a "-0.0" from a
// real negative).
func (f Format) decimalsFor(a float64) int {
	for _, u := range f.Units {
		if a >= u.From {
			return u.Decimals
		}
	}
	return f.Decimals
}

// allZeros: the fraction of a fixed-point text is all zeros (or absent).
func allZeros(s string) bool {
	_, frac, _ := strings.Cut(s, ".")
	return strings.Trim(frac, "0") == ""
}

// fixed writes a ≥ 0 with d decimals as JavaScript's toFixed does: the
// integer n nearest to a × 10^d (the larger on a tie), computed exactly
// (Go's strconv would round a tie to even).
func fixed(a float64, d int) string {
	if a >= 1e21 || d < 0 || d > 20 {
		return strconv.FormatFloat(a, 'f', d, 64)
	}
	x := new(big.Float).SetPrec(256).SetFloat64(a)
	x.Mul(x, new(big.Float).SetPrec(256).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)))
	n, _ := x.Int(nil) // floor, a ≥ 0
	frac := new(big.Float).SetPrec(256).Sub(x, new(big.Float).SetPrec(256).SetInt(n))
	if frac.Cmp(big.NewFloat(0.5)) >= 0 {
		n.Add(n, big.NewInt(1))
	}
	digits := n.String()
	if d == 0 {
		return digits
	}
	for len(digits) <= d {
		digits = "0" + digits
	}
	return digits[:len(digits)-d] + "." + digits[len(digits)-d:]
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func group(s, sep string) string {
	if sep == "" {
		return s
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) <= 3 {
		return s
	}
	var b strings.Builder
	for k, c := range intPart {
		if k > 0 && (len(intPart)-k)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// Unit kinds a column can have.
const (
	UnitNumber  = "number"
	UnitMoney   = "money"
	UnitPercent = "percent"
	UnitHours   = "hours"
	UnitDays    = "days"
)

// moneyFields are the catalog's amount fields (query.Column has no unit
// yet; see ColumnUnit).
var moneyFields = map[string]bool{"amount": true, "target_amount": true, "annual_purchase": true,
	"signed": true, "set_target": true, "recommended": true, "revenue": true, "price": true}

// percentFields are fields whose values are fractions (0.236 = 23.6 %).
var percentFields = map[string]bool{"attainment": true, "deviation": true, "band_pct": true,
	"compliant_share": true, "conversion": true}

// compareSuffixes are the parts of a comparison column (query Spec.Compare).
var compareSuffixes = []string{"_delta_pct", "_delta", ""}

// compareOf splits a comparison column's key into the measure it compares,
// the comparison (previous, year_ago) and the part ("", _delta,
// _delta_pct); ok is false for other columns. cols are the result's columns
// (the measure must be one of them, before it).
func compareOf(cols []query.Column, i int) (base int, cmp, part string, ok bool) {
	key := cols[i].Key
	for _, c := range query.Comparisons {
		for _, suf := range compareSuffixes {
			stem, found := strings.CutSuffix(key, "_"+c+suf)
			if !found {
				continue
			}
			for j := i - 1; j >= 0; j-- {
				if cols[j].Key == stem && cols[j].Role == "measure" {
					return j, c, suf, true
				}
			}
		}
	}
	return -1, "", "", false
}

// ColumnUnit is what column i's values measure. query.Column carries no
// unit, so it is read from the aggregate and the field: counts are
// numbers, shares and ratios percentages, an amount field's sum/avg/…
// money, an hours or days field a duration; a comparison column takes its
// measure's unit, its Δ % is a percentage.
func ColumnUnit(cols []query.Column, i int) string {
	c := cols[i]
	if base, _, part, ok := compareOf(cols, i); ok {
		if part == "_delta_pct" {
			return UnitPercent
		}
		return ColumnUnit(cols, base)
	}
	if c.Type != query.TypeNumber && c.Type != "" {
		return ""
	}
	if c.Role != "measure" && c.Kind != query.KindMeasure {
		return "" // a dimension (a histogram bin's lower bound is a plain number too)
	}
	name := c.Field
	if name == "" {
		name = c.Key
	}
	switch c.Agg {
	case query.Ratio:
		// A ratio is a percentage (conversion) unless its key names an
		// amount: signed amount ÷ distinct reps is money per rep.
		if moneyFields[name] || strings.Contains(name, "amount") {
			return UnitMoney
		}
		return UnitPercent
	case "share":
		return UnitPercent
	case "count", "count_distinct":
		return UnitNumber
	}
	switch {
	case percentFields[name] || strings.HasSuffix(name, "_share") || strings.HasSuffix(name, "_pct") || strings.HasSuffix(name, "_rate"):
		return UnitPercent
	case moneyFields[name] || strings.Contains(name, "amount"):
		return UnitMoney
	case strings.Contains(name, "hours"):
		return UnitHours
	case strings.Contains(name, "days"):
		return UnitDays
	}
	return UnitNumber
}

// Symbol is the currency's sign in the locale (CLDR's narrow symbols):
// CNY is ¥ in Chinese and CN¥ in English; a currency without one is
// written as its code and a space.
func Symbol(currency, locale string) string {
	cur := strings.ToUpper(strings.TrimSpace(currency))
	if cur == "" {
		cur = "CNY"
	}
	en := i18n.IsEnglish(locale)
	switch cur {
	case "CNY", "RMB":
		if en {
			return "CN¥"
		}
		return "¥"
	case "USD":
		if en {
			return "$"
		}
		return "US$"
	case "JPY":
		if en {
			return "¥"
		}
		return "JP¥"
	case "EUR":
		return "€"
	case "GBP":
		return "£"
	case "HKD":
		return "HK$"
	case "TWD":
		return "NT$"
	case "SGD":
		return "S$"
	case "AUD":
		return "A$"
	case "CAD":
		return "CA$"
	case "KRW":
		return "₩"
	case "INR":
		return "₹"
	}
	return cur + " "
}

// numberUnits: Chinese counts in 万 and 亿, English in k, M and B.
func numberUnits(locale string) []Unit {
	if i18n.IsEnglish(locale) {
		return []Unit{{From: 1e9, Div: 1e9, Text: "B", Decimals: 2}, {From: 1e6, Div: 1e6, Text: "M", Decimals: 2}, {From: 1e4, Div: 1e3, Text: "k", Decimals: 1}}
	}
	return []Unit{{From: 1e8, Div: 1e8, Text: "亿", Decimals: 2}, {From: 1e4, Div: 1e4, Text: "万", Decimals: 1}}
}

// FormatFor is the format of a unit in a locale and currency.
func FormatFor(unit, currency, locale string) Format {
	en := i18n.IsEnglish(locale)
	switch unit {
	case UnitPercent:
		return Format{Kind: unit, Scale: 100, Decimals: 1, Fixed: true, Suffix: "%"}
	case UnitMoney:
		return Format{Kind: unit, Units: numberUnits(locale), Decimals: 2, Group: ",", Prefix: Symbol(currency, locale)}
	case UnitHours:
		f := Format{Kind: unit, Decimals: 1, Fixed: true, Group: ",", Suffix: "小时"}
		if en {
			f.Suffix = " h"
		}
		return f
	case UnitDays:
		f := Format{Kind: unit, Decimals: 1, Fixed: true, Group: ",", Suffix: "天"}
		if en {
			f.Suffix = " d"
		}
		return f
	}
	return Format{Kind: UnitNumber, Units: numberUnits(locale), Decimals: 2, Group: ","}
}

// format is column i's format for this input ("" unit: a plain number).
func (in Input) format(i int) Format {
	f := FormatFor(ColumnUnit(in.Columns, i), in.Currency, in.Locale)
	if _, _, part, ok := compareOf(in.Columns, i); ok && part != "" {
		f.Sign = true
	}
	return f
}

// axisFormat is a format for axis ticks (trailing zeros trimmed).
func axisFormat(f Format) *Format {
	f.Trim = true
	f.After = nil
	return &f
}

// FormatJS is format.js, the page's half of Format (the page serves it
// beside static/charts.js and calls salesbiCharts.prepare(option) before
// setOption).
//
//go:embed format.js
var FormatJS string

// Cell writes column i's value v as a table shows it: a coded value's
// label, a number in its column's unit, a day or an instant as a date.
func (in Input) Cell(i int, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04")
	case string, bool:
		return in.label(i, v)
	}
	if i < len(in.Columns) && in.Columns[i].Role == "measure" || i < len(in.Columns) && in.Columns[i].Kind == query.KindMeasure {
		return in.format(i).Text(v, -1)
	}
	if _, ok := toFloat(v); ok {
		return text(v, in.Locale) // an id, a histogram bin: digits as they are
	}
	return in.label(i, v)
}
