package query

import "salesbi/i18n"

// Small constructors that keep the catalog_<area>.go files readable: one
// line per field, one per join. The joins a field needs follow from the
// aliases its expression reads (buildCatalog), so they are not repeated.

func dimension(name, zh, en string, x Expr) Field {
	return Field{Name: name, Kind: KindDimension, Type: TypeString, Label: i18n.T(zh, en), Expr: x}
}

func idField(name, zh, en string, x Expr) Field {
	return Field{Name: name, Kind: KindDimension, Type: TypeNumber, Label: i18n.T(zh, en), Expr: x}
}

func boolField(name, zh, en string, x Expr) Field {
	return Field{Name: name, Kind: KindDimension, Type: TypeBool, Label: i18n.T(zh, en), Expr: x}
}

func instant(name, zh, en string, x Expr) Field {
	return Field{Name: name, Kind: KindTime, Type: TypeTime, Label: i18n.T(zh, en), Expr: x}
}

func date(name, zh, en string, x Expr) Field {
	return Field{Name: name, Kind: KindTime, Type: TypeDate, Label: i18n.T(zh, en), Expr: x}
}

func measure(name, zh, en string, x Expr) Field {
	return Field{Name: name, Kind: KindMeasure, Type: TypeNumber, Label: i18n.T(zh, en), Expr: x}
}

// coded marks a field's values as codes of a model label family.
func coded(f Field, kind string) Field {
	f.Codes = kind
	return f
}

// lookup is a join on one key column: LEFT JOIN table alias ON
// alias.key = left.
func lookup(name, table, alias string, left Col, key string) Join {
	return Join{Name: name, Table: table, Alias: alias, On: []ColumnPair{{Left: left, Right: Col{Alias: alias, Name: key}}}}
}

// minutesBetween is the minutes from instant a to instant b, counted as
// minute boundaries crossed (what date_diff('minute', a, b) means). On
// TIMESTAMPTZ DuckDB's date_diff goes through ICU per row (0.7 s for
// 630 k visits); on the plain UTC timestamps from the epoch it is integer
// work, and since every zone's offset is a whole number of minutes the
// boundaries are the same in UTC as in the business zone.
func minutesBetween(a, b Col) Expr {
	utc := func(x Col) Expr { return fn("make_timestamp", fn("epoch_us", x)) }
	return fn("date_diff", Str("minute"), utc(a), utc(b))
}

// hours is a minute count as fractional hours, (minutes / 60.0).
func hours(minutes Expr) Expr { return Paren{Bin{Op: "/", L: minutes, R: Num("60.0")}} }
