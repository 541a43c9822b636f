package presets

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// checkKeys walks a YAML node against a Go type and reports every key the
// type does not have, and every mapping or list where the type wants the
// other, with its line and key path. Keys are the fields' tag names under
// tag ("yaml" for the board file, "json" inside a spec, so a spec's keys
// are exactly query.Spec's JSON keys). yaml.v3's own strict mode cannot
// do this per node, and its messages name neither the panel nor the path.
func checkKeys(pr *problems, n *yaml.Node, t reflect.Type, tag, where, at string) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == typeOf[yaml.Node]() {
		return // checked by its own walk
	}
	report := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if at != "" {
			msg = at + ": " + msg
		}
		pr.add(n.Line, where, "%s", msg)
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return // `region: ` alone is an empty mapping
		}
		if n.Kind != yaml.MappingNode {
			report("want a mapping of %s", strings.Join(keyNames(t, tag), ", "))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			f, ok := fieldByKey(t, tag, k.Value)
			if !ok {
				want := "no keys"
				if names := keyNames(t, tag); len(names) > 0 {
					want = "want one of " + strings.Join(names, ", ")
				}
				pr.add(k.Line, where, "%sunknown key %q (%s)", prefix(at), k.Value, want)
				continue
			}
			checkKeys(pr, v, f.Type, tag, where, join(at, k.Value))
		}
	case reflect.Slice:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return
		}
		if n.Kind != yaml.SequenceNode {
			report("want a list")
			return
		}
		for i, e := range n.Content {
			checkKeys(pr, e, t.Elem(), tag, where, at+"["+strconv.Itoa(i)+"]")
		}
	}
	// Scalars, maps and interface values (filter values) are typed by the
	// decoder, which reports its own mismatches.
}

func prefix(at string) string {
	if at == "" {
		return ""
	}
	return at + ": "
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// keyName is a struct field's key under tag: the tag's name, or for yaml
// without a tag the lower-cased field name (yaml.v3's rule); "" when the
// field is not decoded.
func keyName(f reflect.StructField, tag string) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get(tag), ",")
	switch {
	case name == "-":
		return ""
	case name != "":
		return name
	case tag == "yaml":
		return strings.ToLower(f.Name)
	}
	return f.Name
}

func keyNames(t reflect.Type, tag string) []string {
	var out []string
	for f := range t.Fields() {
		if k := keyName(f, tag); k != "" {
			out = append(out, k)
		}
	}
	return out
}

func fieldByKey(t reflect.Type, tag, key string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		if k := keyName(f, tag); k != "" && k == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// mappingValue is the value of key in a mapping node, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// lineOf finds the line of a query path such as "measures[0].agg" under
// node n, as deep as the path can be followed; n's own line otherwise.
func lineOf(n *yaml.Node, at string) int {
	line := n.Line
	for part := range strings.SplitSeq(at, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if n = mappingValue(n, name); n == nil {
			return line
		}
		line = n.Line
		for rest != "" {
			idx, tail, _ := strings.Cut(rest, "]")
			i, err := strconv.Atoi(idx)
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return line
			}
			n, line = n.Content[i], n.Content[i].Line
			rest = strings.TrimPrefix(tail, "[")
		}
	}
	return line
}
