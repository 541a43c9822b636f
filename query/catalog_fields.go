package query

// Small constructors that keep the catalog_<area>.go files readable: one
// line per field.

func dimension(name, zh, en, sql string, joins ...string) Field {
	return Field{Name: name, Kind: KindDimension, Type: TypeString, Label: Label{zh, en}, SQL: sql, Joins: joins}
}

func idField(name, zh, en, sql string, joins ...string) Field {
	return Field{Name: name, Kind: KindDimension, Type: TypeNumber, Label: Label{zh, en}, SQL: sql, Joins: joins}
}

func boolField(name, zh, en, sql string, joins ...string) Field {
	return Field{Name: name, Kind: KindDimension, Type: TypeBool, Label: Label{zh, en}, SQL: sql, Joins: joins}
}

func instant(name, zh, en, sql string, joins ...string) Field {
	return Field{Name: name, Kind: KindTime, Type: TypeTime, Label: Label{zh, en}, SQL: sql, Joins: joins}
}

func date(name, zh, en, sql string, joins ...string) Field {
	return Field{Name: name, Kind: KindTime, Type: TypeDate, Label: Label{zh, en}, SQL: sql, Joins: joins}
}

func measure(name, zh, en, sql string, joins ...string) Field {
	return Field{Name: name, Kind: KindMeasure, Type: TypeNumber, Label: Label{zh, en}, SQL: sql, Joins: joins}
}

// coded marks a field's values as codes of a model label family.
func coded(f Field, kind string) Field {
	f.Codes = kind
	return f
}

// minutesBetween is the SQL for the minutes from instant a to instant b,
// counted as minute boundaries crossed (what date_diff('minute', a, b)
// means). On TIMESTAMPTZ DuckDB's date_diff goes through ICU per row
// (0.7 s for 630 k visits); on the plain UTC timestamps from the epoch it
// is integer work, and since every zone's offset is a whole number of
// minutes the boundaries are the same in UTC as in the business zone.
func minutesBetween(a, b string) string {
	return "date_diff('minute', make_timestamp(epoch_us(" + a + ")), make_timestamp(epoch_us(" + b + ")))"
}
