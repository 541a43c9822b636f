package dashboards

import (
	"strings"
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

func TestEmbedRefusesChartsThatWouldLoadFromOutside(t *testing.T) {
	bar := charts.NewBar() // go-echarts' default assets host is a CDN
	bar.SetXAxis([]string{"华东"}).AddSeries("n", []opts.BarData{{Value: 1}})
	if _, err := Embed("c", "t", bar, nil); err == nil || !strings.Contains(err.Error(), "not served by salesbi") {
		t.Fatalf("a chart on the default CDN host was embedded: %v", err)
	}

	local := charts.NewBar()
	local.SetGlobalOptions(LocalAssets())
	local.SetXAxis([]string{"华东"}).AddSeries("n", []opts.BarData{{Value: 1}})
	e, err := Embed("c", "t", local, []string{"/dashboards/standup?region=1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := local.GetAssets().JSAssets.Values; len(got) != 1 || got[0] != "/static/vendor/echarts.min.js" {
		t.Fatalf("go-echarts assets: %v", got)
	}
	if !strings.Contains(e.Option, `"华东"`) || e.Drill != `["/dashboards/standup?region=1"]` {
		t.Fatalf("embedded: %+v", e)
	}
}

func TestEmbedEscapesMarkupInOptions(t *testing.T) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(LocalAssets())
	bar.SetXAxis([]string{"</script><script>alert(1)</script>"}).AddSeries("n", []opts.BarData{{Value: 1}})
	e, err := Embed("c", "t", bar, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.Option, "</script>") {
		t.Fatalf("markup reached the option JSON unescaped: %s", e.Option)
	}
}
