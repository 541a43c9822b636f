package charts

import (
	"bytes"
	"encoding/json"

	"salesbi/query"
)

// AppendJSON appends the option as JSON, byte for byte what encoding/json
// writes for it, but with the series' data (a 4,000-point trend's bulk)
// written by query.AppendValuesJSON instead of per-value reflection. Going
// through a json.Marshaler would not help: encoding/json re-scans whatever
// a marshaler returns.
func (o *Option) AppendJSON(b []byte) ([]byte, error) {
	if o == nil {
		return append(b, "null"...), nil
	}
	fast := o.Table == nil && len(o.Series) > 0 // series are then the last key
	for _, s := range o.Series {
		if _, ok := s.Data.([]any); !ok {
			fast = false
		}
	}
	if !fast {
		j, err := json.Marshal(o)
		return append(b, j...), err
	}
	rest := *o
	rest.Series = nil
	head, err := json.Marshal(&rest)
	if err != nil {
		return nil, err
	}
	b = append(b, head[:len(head)-1]...) // drop the closing brace
	b = append(b, `,"series":[`...)
	for i, s := range o.Series {
		if i > 0 {
			b = append(b, ',')
		}
		data := s.Data.([]any)
		s.Data = nil
		j, err := json.Marshal(s)
		if err != nil {
			return nil, err
		}
		j, ok := bytes.CutSuffix(j, []byte(`null}`)) // "data" is the last field
		if !ok {
			panic("charts: Series must end with its data field")
		}
		b = append(b, j...)
		if b, err = query.AppendValuesJSON(b, data); err != nil {
			return nil, err
		}
		b = append(b, '}')
	}
	return append(b, "]}"...), nil
}
