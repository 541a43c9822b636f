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
