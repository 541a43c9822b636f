// Draws every chart of a server-rendered page from its data-option JSON
// (window.salesbiCharts.draw also draws the charts of HTML swapped in
// later, e.g. a drilled board panel) and keeps each one sized to its box.
// A data-drill array of URLs (chartembed.go) sends a click on data point
// i to data-drill[i]; a board's drill targets are board.js's.
(function () {
  "use strict";
  var testMode = document.body.dataset.testMode === "true";
  var observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(function (entries) {
    entries.forEach(function (e) {
      var c = echarts.getInstanceByDom(e.target);
      if (c) c.resize();
    });
  });

  function draw(root) {
    (root || document).querySelectorAll(".chart[data-option]").forEach(function (el) {
      if (el.dataset.drawn === "1") return;
      var opt;
      try {
        opt = JSON.parse(el.dataset.option);
      } catch (e) {
        el.textContent = "chart option is not valid JSON";
        return;
      }
      if (testMode) opt.animation = false;
      var old = echarts.getInstanceByDom(el);
      if (old) old.dispose();
      var chart = echarts.init(el, null, { renderer: "canvas" });
      if (window.salesbiCharts && window.salesbiCharts.prepare) window.salesbiCharts.prepare(opt);
      chart.setOption(opt);
      el.dataset.drawn = "1";
      var drill = null;
      if (el.dataset.drill) {
        try { drill = JSON.parse(el.dataset.drill); } catch (e) { drill = null; }
      }
      if (Array.isArray(drill)) {
        el.classList.add("drillable");
        chart.on("click", function (p) {
          var url = drill[p.dataIndex];
          if (url) window.location.href = url;
        });
      }
      if (observer) observer.observe(el);
    });
  }

  // dispose frees the charts under root before it leaves the page.
  function dispose(root) {
    root.querySelectorAll(".chart").forEach(function (el) {
      if (observer) observer.unobserve(el);
      var c = echarts.getInstanceByDom(el);
      if (c) c.dispose();
    });
  }

  // format.js (loaded before) made salesbiCharts with format and prepare.
  var api = window.salesbiCharts || {};
  api.draw = draw;
  api.dispose = dispose;
  window.salesbiCharts = api;
  if (!observer) {
    window.addEventListener("resize", function () {
      document.querySelectorAll(".chart[data-option]").forEach(function (el) {
        var c = echarts.getInstanceByDom(el);
        if (c) c.resize();
      });
    });
  }
  if (typeof echarts !== "undefined") draw(document);
})();
