package dashboards

import (
	"encoding/json"
	"fmt"
)

// Validator is what go-echarts charts have: Validate puts the axis data in
// place and JSON returns the option.
type Validator interface {
	Validate()
	JSON() map[string]interface{}
}

// EmbeddedChart is a chart placed in a page: the option goes into a data
// attribute as HTML-escaped JSON and /static/charts.js draws it. We do not
// use go-echarts' RenderSnippet: it writes the option unescaped into a
// <script>, so a CRM value such as "</script>" would break the page.
type EmbeddedChart struct {
	ID     string
	Title  string
	Option string // JSON
	Drill  string // JSON array of URLs by data index, "" if not drillable
	Height string
}

// Embed turns a go-echarts chart into an EmbeddedChart. drill[i] is where a
// click on data point i goes (empty: not drillable).
func Embed(id, title string, c Validator, drill []string) (EmbeddedChart, error) {
	c.Validate()
	opt := c.JSON()
	b, err := json.Marshal(opt)
	if err != nil {
		return EmbeddedChart{}, fmt.Errorf("chart %s: %w", id, err)
	}
	e := EmbeddedChart{ID: id, Title: title, Option: string(b), Height: "320px"}
	if len(drill) > 0 {
		d, err := json.Marshal(drill)
		if err != nil {
			return EmbeddedChart{}, err
		}
		e.Drill = string(d)
	}
	return e, nil
}
