package crmdemo

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"salesbi/model"
)

// MappingYAML is the salesbi.yaml `sources` and `tables` sections that read
// the demo CRM back into the canonical model. examples/crm-mysql.yaml and
// examples/crm-postgres.yaml are this output (a golden test keeps them so).
func MappingYAML(d Dialect, source, dsnEnv, zone string) string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	example := "root@tcp(127.0.0.1:3306)/crm"
	if d == Postgres {
		example = "postgres://postgres@127.0.0.1:5432/crm"
	}
	p("# Mapping of the demo CRM that `salesbi demo --%s DSN` writes, onto the canonical model.", d)
	p("# The DSN never lives in this file; export it first:")
	p("#   export %s='%s'", dsnEnv, example)
	p("# then: salesbi sync --config this-file --check   (validate against the live CRM)")
	p("#       salesbi sync --config this-file           (load; later runs are incremental)")
	p("sources:")
	p("  %s:", source)
	p("    kind: %s", d)
	p("    dsn_env: %s", dsnEnv)
	p("    every: 5m             # sync interval when `salesbi serve` runs")
	p("    timezone: %s  # zone of DATETIME / timestamp-without-zone columns", zone)
	p("tables:")
	for _, canon := range model.CanonicalTables {
		t, ok := Find(canon)
		if !ok {
			continue
		}
		p("  %s:", canon)
		p("    source: %s", source)
		p("    from: %s", t.Name)
		if len(t.Key) > 1 || t.Key[0] != "id" {
			keys := make([]string, len(t.Key))
			for i, k := range t.Key {
				keys[i] = canonOf(t, k)
			}
			p("    key: [%s]", strings.Join(keys, ", "))
		}
		p("    incremental: %s", ModifiedAt)
		p("    overlap: 10m")
		p("    reconcile_every: 1    # compare key sets for deleted rows on every run")
		p("    columns:")
		for _, c := range allCols(t) {
			if len(c.Map) == 0 {
				p("      %s: %s", c.Canon, c.Name)
				continue
			}
			p("      %s:", c.Canon)
			p("        from: %s", c.Name)
			p("        map: {%s}", reverseMap(c.Map))
		}
	}
	return b.String()
}

func canonOf(t Table, crm string) string {
	for _, c := range t.Cols {
		if c.Name == crm {
			return c.Canon
		}
	}
	return crm
}

// reverseMap renders CRM value → canonical value as a YAML flow mapping.
func reverseMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for canon := range m {
		keys = append(keys, canon)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] < m[keys[j]] })
	parts := make([]string, len(keys))
	for i, canon := range keys {
		parts[i] = strconv.Quote(m[canon]) + ": " + strconv.Quote(canon)
	}
	return strings.Join(parts, ", ")
}
