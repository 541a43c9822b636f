package dashboards

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Validator is what go-echarts charts have: Validate puts the axis data in
// place (and prefixes the assets with the assets host), JSON returns the
// option, GetAssets the scripts go-echarts would load.
type Validator interface {
	Validate()
	JSON() map[string]interface{}
	GetAssets() opts.Assets
}

// LocalAssets points a go-echarts chart at this server for ECharts itself:
// the product works on an intranet with no internet, so no chart may name
// go-echarts' default CDN host.
func LocalAssets() charts.GlobalOpts {
	return charts.WithInitializationOpts(opts.Initialization{AssetsHost: AssetsHost})
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
	assets := c.GetAssets()
	for _, a := range append(assets.JSAssets.Values, assets.CSSAssets.Values...) {
		if !strings.HasPrefix(a, AssetsHost) {
			return EmbeddedChart{}, fmt.Errorf("chart %s: asset %q is not served by salesbi (set LocalAssets())", id, a)
		}
	}
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
