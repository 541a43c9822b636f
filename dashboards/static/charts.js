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

  function arr(x) { return x == null ? [] : Array.isArray(x) ? x : [x]; }

  // fit makes room the server's option cannot measure, in place: a value
  // axis's name (drawn above its grid) gets space under a top legend and
  // starts at its axis instead of being centred on it (a long name is cut
  // at the box's left edge otherwise); a heatmap's colour scale writes its
  // ends as the cells do (¥1306.3万, not 13062900).
  function fit(opt, el) {
    var width = el && el.clientWidth ? el.clientWidth : 0;
    var legendTop = arr(opt.legend).some(function (l) { return l && l.show !== false && (l.top === undefined || l.top === "0" || l.top === 0 || l.top === "top"); });
    var named = false;
    arr(opt.yAxis).forEach(function (y, i) {
      if (!y || !y.name || y.type === "category" || (y.nameLocation && y.nameLocation !== "end")) return;
      named = true;
      var right = y.position === "right" || (i > 0 && y.position !== "left");
      y.nameTextStyle = Object.assign({ align: right ? "right" : "left", color: "#6b7280" }, y.nameTextStyle || {});
      if (y.nameGap === undefined) y.nameGap = 10;
    });
    if (named) {
      var need = legendTop ? 56 : 30;
      arr(opt.grid).forEach(function (g) {
        var top = parseFloat(g.top);
        if (g.top === undefined || (!isNaN(top) && String(g.top).indexOf("%") < 0 && top < need)) g.top = need;
      });
    }
    // Several bar series' value labels over many categories collide
    // (¥1323.3万 on ¥1488.8万): the overlapping ones are hidden, the
    // tooltip still says each.
    var bars = arr(opt.series).filter(function (se) { return se && se.type === "bar" && se.label && se.label.show; });
    var cats = 0;
    arr(opt.xAxis).concat(arr(opt.yAxis)).forEach(function (a) { if (a && a.type === "category" && a.data) cats = Math.max(cats, a.data.length); });
    if (bars.length > 1 && bars.length * cats > 12) {
      bars.forEach(function (se) { if (!se.labelLayout) se.labelLayout = { hideOverlap: true }; });
    }
    // A line's last category label sits on the grid's right edge: keep
    // half a label of room on a narrow box.
    var hasLine = arr(opt.series).some(function (se) { return se && se.type === "line"; });
    var catX = arr(opt.xAxis).some(function (a) { return a && a.type === "category"; });
    if (width && hasLine && catX) {
      arr(opt.grid).forEach(function (g) {
        var r = String(g.right === undefined ? "" : g.right);
        if (r.indexOf("%") > 0 && width * parseFloat(r) / 100 < 36) g.right = 36;
      });
    }
    var cellFormat = null;
    arr(opt.series).forEach(function (se) {
      if (!cellFormat && se && se.type === "heatmap" && se.label && se.label.sbFormat) cellFormat = se.label.sbFormat;
    });
    var api = window.salesbiCharts;
    // Heatmap cells too narrow for their text (¥1306.3万 in a phone's
    // column): smaller type, or no text (colour and tooltip still say it).
    if (width && cellFormat && api && api.format) {
      var xs = 0;
      arr(opt.xAxis).forEach(function (a) { if (a && a.data) xs = Math.max(xs, a.data.length); });
      var longest = 0;
      arr(opt.series).forEach(function (se) {
        if (!se || se.type !== "heatmap") return;
        arr(se.data).forEach(function (d) {
          var v = d && d.value !== undefined ? d.value : d;
          longest = Math.max(longest, api.format(cellFormat, v).length);
        });
        if (!xs || !longest) return;
        var cell = width * 0.8 / xs;
        if (cell < longest * 7) {
          se.label = Object.assign({}, se.label, { fontSize: 9 });
          if (cell < longest * 6) se.label.show = false;
        }
      });
    }
    if (cellFormat && api && api.format) {
      arr(opt.visualMap).forEach(function (vm) {
        if (vm && !vm.formatter) {
          var f = Object.assign({}, cellFormat, { index: undefined, after: undefined });
          vm.formatter = function (v) { return api.format(f, v); };
        }
      });
    }
    return opt;
  }

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
      fit(opt, el);
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
  api.fit = fit;
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
