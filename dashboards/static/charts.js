// Draws every chart of a server-rendered page from its data-option JSON and
// wires drill-down: a click on data point i goes to data-drill[i].
(function () {
  "use strict";
  var testMode = document.body.dataset.testMode === "true";
  var charts = [];
  document.querySelectorAll(".chart[data-option]").forEach(function (el) {
    var opt;
    try {
      opt = JSON.parse(el.dataset.option);
    } catch (e) {
      el.textContent = "chart option is not valid JSON";
      return;
    }
    if (testMode) opt.animation = false;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(opt);
    if (el.dataset.drill) {
      var drill = JSON.parse(el.dataset.drill);
      el.classList.add("drillable");
      chart.on("click", function (p) {
        var url = drill[p.dataIndex];
        if (url) window.location.href = url;
      });
    }
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
