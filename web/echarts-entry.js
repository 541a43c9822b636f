// The ECharts build salesbi embeds: only the chart kinds, components and
// renderer the boards and the builder draw (dashboards/charts renders every
// option; see its renderers list). scripts/build-echarts.mjs bundles this
// file with esbuild into dashboards/static/vendor/echarts.min.js.
//
// A chart option naming a part left out here is drawn without it (an
// unknown component is ignored; an unknown series type throws), so a new
// chart kind or component in dashboards/charts needs its line here.
import * as echarts from "echarts/core";
import {
  BarChart,
  LineChart,
  PieChart,
  FunnelChart,
  HeatmapChart,
  ScatterChart,
  RadarChart, // installs the radar coordinate component too
} from "echarts/charts";
import {
  GridComponent,
  TooltipComponent,
  LegendPlainComponent,
  LegendScrollComponent,
  TitleComponent,
  VisualMapContinuousComponent,
  VisualMapPiecewiseComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  MarkLineComponent,
} from "echarts/components";
import { LabelLayout } from "echarts/features";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart, LineChart, PieChart, FunnelChart, HeatmapChart, ScatterChart, RadarChart,
  GridComponent, TooltipComponent, LegendPlainComponent, LegendScrollComponent, TitleComponent,
  VisualMapContinuousComponent, VisualMapPiecewiseComponent, DataZoomInsideComponent, DataZoomSliderComponent,
  MarkLineComponent, LabelLayout, CanvasRenderer,
]);

// The page scripts (static/charts.js, static/builder.js) use the global
// as they did with the full dist build: echarts.init, getInstanceByDom …
// A plain object like the dist build's (a module namespace is frozen; the
// bench's page hook wraps echarts.init to time each chart's drawing).
window.echarts = Object.assign({}, echarts);
