// The chart builder: fields → shelves → spec → /api/query → ECharts.
// Plain JS, no framework. The spec is the only state that matters; every
// change redraws the preview (debounced) and writes the spec into the URL
// (?spec=<JSON>): a link reproduces the chart, and each edit or drill is a
// history entry, so the browser's Back steps back through them.
// Drag-and-drop uses HTML5 events; on phones a tap selects a field and a
// tap on a shelf places it. A multi-value filter (in / not in) is a
// checklist of the field's values, read through the query API.
(function () {
  "use strict";

  var T = {
    "zh-CN": {
      kinds: { bar: "柱状图", stacked_bar: "堆叠柱状", line: "折线图", area: "面积图", pie: "饼图", table: "表格", pivot: "透视表",
        heatmap: "热力图", funnel: "漏斗图", radar: "雷达图", scatter: "散点图", kpi: "指标卡" },
      aggs: { count: "计数", count_distinct: "去重计数", sum: "求和", avg: "平均", min: "最小", max: "最大", median: "中位数", share: "占比" },
      grains: { day: "按日", week: "按周", month: "按月", quarter: "按季", year: "按年" },
      ops: { eq: "等于", ne: "不等于", "in": "属于", not_in: "不属于", between: "介于", gt: "大于", ge: "≥ 大于等于", lt: "小于", le: "≤ 小于等于", contains: "包含",
        is_null: "为空", not_null: "不为空", relative: "相对日期" },
      periods: { yesterday: "昨天", today: "今天", last_7_days: "最近7天", last_30_days: "最近30天", this_week: "本周", last_week: "上周",
        this_month: "本月", last_month: "上月", this_quarter: "本季度", last_quarter: "上季度", this_year: "今年", year_to_date: "今年至今",
        same_period_last_year: "去年同期" },
      kindsOfField: { dimension: "维度", time: "时间", measure: "度量" },
      rows: "行", ms: "毫秒", cached: "缓存", asOf: "数据截至", records: "记录数", saved: "已保存", added: "已添加到看板",
      newDashboard: "＋ 新建看板", needName: "请先填写名称", needSave: "请先保存图表", open: "打开", value: "值", pick: "选择一个栏位",
      drillHint: "点击图形可下钻", others: "其他", lastYear: "(去年)", filterValues: "筛选取值…", all: "全选", none: "清除",
      loading: "读取取值…", noValues: "没有取值", badLink: "链接中的图表无法读取："
    },
    en: {
      kinds: { bar: "Bar", stacked_bar: "Stacked bar", line: "Line", area: "Area", pie: "Pie", table: "Table", pivot: "Pivot",
        heatmap: "Heatmap", funnel: "Funnel", radar: "Radar", scatter: "Scatter", kpi: "KPI" },
      aggs: { count: "Count", count_distinct: "Distinct", sum: "Sum", avg: "Average", min: "Min", max: "Max", median: "Median", share: "Share" },
      grains: { day: "Day", week: "Week", month: "Month", quarter: "Quarter", year: "Year" },
      ops: { eq: "=", ne: "≠", "in": "in", not_in: "not in", between: "between", gt: ">", ge: "≥", lt: "<", le: "≤", contains: "contains",
        is_null: "is empty", not_null: "is not empty", relative: "relative date" },
      periods: { yesterday: "Yesterday", today: "Today", last_7_days: "Last 7 days", last_30_days: "Last 30 days", this_week: "This week",
        last_week: "Last week", this_month: "This month", last_month: "Last month", this_quarter: "This quarter", last_quarter: "Last quarter",
        this_year: "This year", year_to_date: "Year to date", same_period_last_year: "Same period last year" },
      kindsOfField: { dimension: "Dimensions", time: "Time", measure: "Measures" },
      rows: "rows", ms: "ms", cached: "cached", asOf: "data as of", records: "records", saved: "Saved", added: "Added to dashboard",
      newDashboard: "+ New dashboard", needName: "Give it a name first", needSave: "Save the chart first", open: "Open", value: "value",
      pick: "Pick a shelf", drillHint: "Click the chart to drill down", others: "Others", lastYear: "(last year)",
      filterValues: "Filter values…", all: "All", none: "Clear", loading: "Reading the values…", noValues: "No values",
      badLink: "The chart in the link cannot be read: "
    }
  };

  function lang(root) { return root.dataset.locale === "en" ? "en" : "zh-CN"; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "class") e.className = attrs[k]; else if (k in e && k !== "list") e[k] = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    if (text != null) e.textContent = text;
    return e;
  }
  function api(method, path, body, locale) {
    var url = path + (path.indexOf("?") < 0 ? "?" : "&") + "lang=" + encodeURIComponent(locale);
    return fetch(url, { method: method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { return r.json(); })
      .then(function (env) {
        if (env.status !== "success") { var err = new Error(env.error || "request failed"); err.problems = env.problems || []; throw err; }
        return env.data;
      });
  }

  // drawResult puts an answer of /api/query into a chart box (ECharts or an HTML table).
  function drawResult(box, tableBox, ans, testMode, chart) {
    var opt = ans.option || {};
    if (opt.table) {
      if (chart) chart.clear();
      box.hidden = true; tableBox.hidden = false;
      tableBox.replaceChildren(renderTable(opt.table));
      return chart;
    }
    box.hidden = false; tableBox.hidden = true;
    if (testMode) opt.animation = false;
    chart = chart || echarts.init(box, null, { renderer: "canvas" });
    if (window.salesbiCharts && window.salesbiCharts.prepare) window.salesbiCharts.prepare(opt);
    if (window.salesbiCharts && window.salesbiCharts.fit) window.salesbiCharts.fit(opt, box);
    chart.setOption(opt, true);
    return chart;
  }
  function renderTable(t) {
    var table = el("table", { "class": "data" });
    var head = el("tr");
    t.header.forEach(function (h) { head.appendChild(el("th", null, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    t.rows.forEach(function (r) {
      var tr = body.appendChild(el("tr"));
      r.forEach(function (v) {
        var num = typeof v === "number";
        tr.appendChild(el("td", num ? { "class": "num" } : null, v == null ? "" : num ? fmtNum(v) : String(v)));
      });
    });
    return table;
  }
  function fmtNum(v) { return Math.abs(v) < 1 && v !== 0 ? v.toFixed(3) : v.toLocaleString(undefined, { maximumFractionDigits: 2 }); }

  // ---------------------------------------------------------------- builder
  function Builder(root) {
    var L = lang(root), t = T[L], testMode = root.dataset.testMode === "true";
    var catalog = null, chart = null, timer = null, seq = 0, lastAnswer = null, selected = null, savedId = null;
    // depth is how many drills the current history entry is below the
    // chart the user built (the ← Back button shows when it is above 0).
    var depth = 0;
    var state = { dataset: "", x: [], series: [], measures: [], filters: [], chart: "bar", topN: null };
    var $ = function (id) { return document.getElementById(id); };
    var preview = $("b-preview"), tableBox = $("b-table");
    window.__builder = { state: state, answers: 0, last: function () { return lastAnswer; } };

    // ---- the URL: ?spec=<the spec's JSON>, other parameters (lang) kept
    function specURL(spec) {
      var q = new URLSearchParams(window.location.search);
      if (spec) q.set("spec", JSON.stringify(spec)); else q.delete("spec");
      var qs = q.toString();
      return window.location.pathname + (qs ? "?" + qs : "");
    }
    function specFromURL() {
      var raw = new URLSearchParams(window.location.search).get("spec");
      if (!raw) return null;
      try {
        var spec = JSON.parse(raw);
        if (spec && typeof spec === "object" && typeof spec.dataset === "string") return spec;
      } catch (e) { /* reported below */ }
      showError(new Error(t.badLink + raw.slice(0, 80)));
      return null;
    }
    // remember writes spec into the URL: "push" adds a history entry (an
    // edit, a drill), "replace" rewrites the current one (the first load),
    // "none" leaves the URL (going Back to it).
    function remember(spec, mode) {
      if (mode === "none") return;
      var url = specURL(spec), cur = window.location.pathname + window.location.search;
      var st = { depth: depth };
      if (url === cur) { window.history.replaceState(st, "", url); return; }
      if (mode === "replace") window.history.replaceState(st, "", url); else window.history.pushState(st, "", url); // push, drill
    }
    function showBack() { $("b-back").hidden = depth === 0; }

    function label(obj) { return L === "en" ? obj.label.en : obj.label.zh; }
    // shown is how the chart writes a value: a coded value's label, else the value.
    function shown(col, raw) {
      var f = col.field && field(col.field), l = f && f.codes && f.codes[raw];
      return l ? (L === "en" ? l.en : l.zh) : String(raw);
    }
    function codeLabel(f, raw) { var l = f.codes && f.codes[raw]; return l ? (L === "en" ? l.en : l.zh) : raw; }
    function dataset(name) { return catalog.datasets.find(function (d) { return d.name === name; }); }
    function field(name) { var d = dataset(state.dataset); return d && d.fields.find(function (f) { return f.name === name; }); }

    // ---- field list
    function drawFields() {
      var box = $("b-datasets"), q = $("b-search").value.trim().toLowerCase();
      box.replaceChildren();
      catalog.datasets.forEach(function (d) {
        var det = el("details", { "class": "b-ds", open: !state.dataset ? d.name === "leads" : d.name === state.dataset });
        det.appendChild(el("summary", null, label(d)));
        ["time", "dimension", "measure"].forEach(function (kind) {
          var fs = d.fields.filter(function (f) {
            return f.kind === kind && (!q || f.name.indexOf(q) >= 0 || f.label.zh.indexOf(q) >= 0 || f.label.en.toLowerCase().indexOf(q) >= 0);
          });
          if (!fs.length) return;
          det.appendChild(el("div", { "class": "b-kind" }, t.kindsOfField[kind]));
          fs.forEach(function (f) {
            var item = el("div", { "class": "b-field b-" + f.kind, draggable: "true", tabindex: "0",
              "data-dataset": d.name, "data-field": f.name }, label(f));
            item.addEventListener("dragstart", function (e) {
              e.dataTransfer.setData("text/plain", d.name + "." + f.name);
              e.dataTransfer.effectAllowed = "copy";
              root.classList.add("b-dragging");
            });
            item.addEventListener("dragend", function () { root.classList.remove("b-dragging"); });
            item.addEventListener("click", function () { select(d.name, f.name, item); });
            item.addEventListener("keydown", function (e) { if (e.key === "Enter") select(d.name, f.name, item); });
            det.appendChild(item);
          });
        });
        box.appendChild(det);
      });
    }
    function select(ds, name, item) {
      document.querySelectorAll(".b-field.selected").forEach(function (x) { x.classList.remove("selected"); });
      if (selected && selected.ds === ds && selected.name === name) { selected = null; root.classList.remove("b-picking"); return; }
      selected = { ds: ds, name: name };
      item.classList.add("selected");
      root.classList.add("b-picking");
      status(t.pick);
    }

    // ---- shelves
    document.querySelectorAll(".b-shelf").forEach(function (shelf) {
      shelf.addEventListener("dragover", function (e) { e.preventDefault(); e.dataTransfer.dropEffect = "copy"; shelf.classList.add("over"); });
      shelf.addEventListener("dragleave", function () { shelf.classList.remove("over"); });
      shelf.addEventListener("drop", function (e) {
        e.preventDefault();
        shelf.classList.remove("over");
        root.classList.remove("b-dragging");
        var v = e.dataTransfer.getData("text/plain"), dot = v.indexOf(".");
        if (dot > 0) place(v.slice(0, dot), v.slice(dot + 1), shelf.dataset.shelf);
      });
      shelf.addEventListener("click", function (e) {
        if (!selected || e.target.closest(".b-pill")) return;
        place(selected.ds, selected.name, shelf.dataset.shelf);
        selected = null;
        root.classList.remove("b-picking");
        document.querySelectorAll(".b-field.selected").forEach(function (x) { x.classList.remove("selected"); });
      });
    });

    function place(ds, name, shelf) {
      if (ds !== state.dataset) {
        state.dataset = ds; state.x = []; state.series = []; state.measures = []; state.filters = [];
      }
      state.records = false; depth = 0; showBack();
      var f = field(name);
      if (!f) return;
      if (shelf === "x" || shelf === "series") {
        if (f.kind === "measure") { shelf = "measures"; } else {
          state[shelf] = [{ field: name, grain: f.kind === "time" ? "day" : "" }];
        }
      }
      if (shelf === "measures") {
        var agg = f.kind === "measure" ? "sum" : "count_distinct";
        state.measures.push({ field: name, agg: agg });
      }
      if (shelf === "filters") {
        var flt = { field: name, op: f.kind === "time" ? "relative" : "eq", values: [], period: f.kind === "time" ? "last_30_days" : "" };
        state.filters.push(flt);
      }
      savedId = null;
      drawShelves(); drawFields(); changed();
    }

    function pill(text, kind, onRemove) {
      var p = el("span", { "class": "b-pill b-" + kind });
      p.appendChild(el("span", { "class": "b-pill-name" }, text));
      var x = el("button", { type: "button", "class": "b-x", title: "×" }, "×");
      x.addEventListener("click", function (e) { e.stopPropagation(); onRemove(); drawShelves(); changed(); });
      p.appendChild(x);
      return p;
    }
    function selectBox(options, value, onChange, cls) {
      var s = el("select", { "class": cls || "" });
      Object.keys(options).forEach(function (k) { s.appendChild(el("option", { value: k, selected: k === value }, options[k])); });
      s.addEventListener("change", function () { onChange(s.value); changed(); });
      return s;
    }
    function drawShelves() {
      ["x", "series"].forEach(function (name) {
        var box = document.querySelector('.b-shelf[data-shelf="' + name + '"] .b-pills');
        box.replaceChildren();
        state[name].forEach(function (d, i) {
          var f = field(d.field), p = pill(label(f), f.kind, function () { state[name].splice(i, 1); });
          if (f.kind === "time") {
            var grains = {};
            catalog.grains.forEach(function (g) { grains[g] = t.grains[g]; });
            p.insertBefore(selectBox(grains, d.grain, function (v) { d.grain = v; }, "b-grain"), p.lastChild);
          }
          box.appendChild(p);
        });
      });
      var mbox = document.querySelector('.b-shelf[data-shelf="measures"] .b-pills');
      mbox.replaceChildren();
      state.measures.forEach(function (m, i) {
        var f = m.field ? field(m.field) : null;
        var p = pill(f ? label(f) : t.records, "measure", function () { state.measures.splice(i, 1); });
        var aggs = {};
        catalog.aggregates.forEach(function (a) {
          var numeric = f && f.type === "number", timeLike = f && (f.type === "time" || f.type === "date");
          if (!f && a !== "count" && a !== "share") return;
          if (f && (a === "sum" || a === "avg" || a === "median" || a === "share") && !numeric) return;
          if (f && (a === "min" || a === "max") && !numeric && !timeLike) return;
          aggs[a] = t.aggs[a];
        });
        p.insertBefore(selectBox(aggs, m.agg, function (v) { m.agg = v; }, "b-agg"), p.lastChild);
        mbox.appendChild(p);
      });
      var fbox = document.querySelector('.b-shelf[data-shelf="filters"] .b-pills');
      fbox.replaceChildren();
      state.filters.forEach(function (flt, i) {
        var f = field(flt.field), p = pill(label(f), "filter", function () { state.filters.splice(i, 1); });
        var isTime = f.kind === "time", ops = {};
        catalog.operators.forEach(function (o) {
          if (isTime && (o === "in" || o === "not_in" || o === "ne" || o === "contains")) return;
          if (!isTime && o === "relative") return;
          if (f.type !== "string" && o === "contains") return;
          if (f.type !== "number" && !isTime && (o === "between" || o === "gt" || o === "ge" || o === "lt" || o === "le")) return;
          ops[o] = t.ops[o];
        });
        var valueBox = el("span", { "class": "b-values" });
        p.insertBefore(selectBox(ops, flt.op, function (v) { flt.op = v; flt.values = []; drawValue(f, flt, valueBox); }, "b-op"), p.lastChild);
        p.insertBefore(valueBox, p.lastChild);
        drawValue(f, flt, valueBox);
        fbox.appendChild(p);
      });
    }
    function periodName(p) {
      var base = p.replace(/_last_year$/, "");
      return (t.periods[base] || base) + (base !== p ? t.lastYear : "");
    }
    function drawValue(f, flt, box) {
      box.replaceChildren();
      if (flt.op === "is_null" || flt.op === "not_null") return;
      if (flt.op === "relative") {
        var periods = {};
        catalog.relative_periods.forEach(function (p) { periods[p] = periodName(p); });
        box.appendChild(selectBox(periods, flt.period, function (v) { flt.period = v; }, "b-period"));
        return;
      }
      var n = flt.op === "between" ? 2 : 1;
      var inputType = f.kind === "time" ? "date" : f.type === "number" ? "number" : "text";
      if (f.type === "string" && (flt.op === "in" || flt.op === "not_in")) { drawChecklist(f, flt, box); return; }
      for (var i = 0; i < n; i++) (function (i) {
        if (f.type === "string" && (flt.op === "eq" || flt.op === "ne")) {
          var sel = el("select", { "class": "b-value" });
          sel.appendChild(el("option", { value: "" }, "…"));
          sel.addEventListener("change", function () {
            flt.values = Array.prototype.filter.call(sel.options, function (o) { return o.selected && o.value !== ""; })
              .map(function (o) { return o.value; });
            changed();
          });
          box.appendChild(sel);
          distinctValues(f.name).then(function (vals) {
            vals.forEach(function (v) { sel.appendChild(el("option", { value: v, selected: flt.values.indexOf(v) >= 0 }, codeLabel(f, v))); });
          });
          return;
        }
        var inp = el("input", { type: inputType, "class": "b-value", value: flt.values[i] == null ? "" : flt.values[i], placeholder: t.value });
        inp.addEventListener("change", function () {
          var v = inp.value;
          flt.values[i] = inputType === "number" ? (v === "" ? null : Number(v)) : v;
          changed();
        });
        box.appendChild(inp);
      })(i);
    }
    // drawChecklist: the field's values as a list of checkboxes (one tap
    // each, no Ctrl-click), a search box when there are many, all / clear.
    function drawChecklist(f, flt, box) {
      var list = el("div", { "class": "b-checklist", role: "group", "aria-label": label(f) });
      list.appendChild(el("div", { "class": "b-check-wait" }, t.loading));
      box.appendChild(list);
      distinctValues(f.name).then(function (vals) {
        vals = vals.slice();
        flt.values.forEach(function (v) { if (vals.indexOf(String(v)) < 0) vals.push(String(v)); });
        list.replaceChildren();
        if (!vals.length) { list.appendChild(el("div", { "class": "b-check-wait" }, t.noValues)); return; }
        var boxes = [];
        function update() {
          flt.values = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
          changed();
        }
        var tools = el("div", { "class": "b-check-tools" });
        if (vals.length > 8) {
          var q = el("input", { type: "search", "class": "b-check-search", placeholder: t.filterValues });
          q.addEventListener("input", function () {
            var s = q.value.trim().toLowerCase();
            boxes.forEach(function (b) { b.parentNode.hidden = !!s && b.parentNode.textContent.toLowerCase().indexOf(s) < 0; });
          });
          tools.appendChild(q);
        }
        [[t.all, true], [t.none, false]].forEach(function (a) {
          var btn = el("button", { type: "button", "class": "b-check-all" }, a[0]);
          btn.addEventListener("click", function (e) {
            e.stopPropagation();
            boxes.forEach(function (b) { if (!b.parentNode.hidden) b.checked = a[1]; });
            update();
          });
          tools.appendChild(btn);
        });
        list.appendChild(tools);
        vals.forEach(function (v) {
          var item = el("label", { "class": "b-check" });
          var cb = el("input", { type: "checkbox", value: v, checked: flt.values.map(String).indexOf(v) >= 0 });
          cb.addEventListener("change", update);
          item.appendChild(cb);
          item.appendChild(el("span", null, codeLabel(f, v)));
          boxes.push(cb);
          list.appendChild(item);
        });
      });
    }
    var distinctCache = {};
    function distinctValues(name) {
      var key = state.dataset + "." + name;
      if (!distinctCache[key]) {
        distinctCache[key] = api("POST", "/api/query", { dataset: state.dataset, dimensions: [{ field: name }], measures: [{ agg: "count" }],
          sort: [{ column: name }], chart: "table" }, L)
          .then(function (a) { return a.rows.map(function (r) { return r[0]; }).filter(function (v) { return v != null; }).map(String); })
          .catch(function () { return []; });
      }
      return distinctCache[key];
    }

    // ---- chart kinds and toolbar
    function drawKinds() {
      var box = $("b-kinds");
      box.replaceChildren();
      catalog.chart_kinds.forEach(function (k) {
        var b = el("button", { type: "button", "class": "b-kindbtn" + (state.chart === k ? " on" : ""), "data-kind": k, role: "radio",
          "aria-checked": state.chart === k ? "true" : "false" }, t.kinds[k]);
        b.addEventListener("click", function () { state.chart = k; drawKinds(); changed(); });
        box.appendChild(b);
      });
    }
    $("b-search").addEventListener("input", drawFields);
    $("b-topn").addEventListener("change", function () { var v = parseInt(this.value, 10); state.topN = v > 0 ? v : null; changed(); });
    $("b-clear").addEventListener("click", function () {
      state.x = []; state.series = []; state.measures = []; state.filters = []; state.topN = null; state.records = false; $("b-topn").value = "";
      depth = 0; showBack();
      drawShelves(); changed();
    });
    $("b-show-sql").addEventListener("click", function () {
      var pre = $("b-sql");
      if (!pre.hidden) { pre.hidden = true; return; }
      var spec = buildSpec();
      if (!spec) return;
      api("POST", "/api/query/sql", spec, L).then(function (q) {
        pre.textContent = q.sql + "\n\n-- " + JSON.stringify(q.args);
        pre.hidden = false;
      }).catch(showError);
    });
    // ← Back is the browser's Back: one drill up.
    $("b-back").addEventListener("click", function () { if (depth > 0) window.history.back(); });
    window.addEventListener("popstate", function (e) {
      if (!catalog) return;
      depth = (e.state && e.state.depth) || 0;
      var spec = specFromURL();
      if (spec) { loadSpec(spec, "none"); return; }
      state.dataset = ""; state.x = []; state.series = []; state.measures = []; state.filters = []; state.topN = null; state.records = false;
      $("b-topn").value = ""; showBack();
      drawFields(); drawShelves(); drawKinds(); clearPreview();
    });

    // ---- spec ↔ state
    function buildSpec() {
      if (!state.dataset || (!state.x.length && !state.series.length && !state.measures.length)) return null;
      var dims = state.x.concat(state.series).map(function (d) { return d.grain ? { field: d.field, grain: d.grain } : { field: d.field }; });
      var measures = state.measures.length ? state.measures.map(function (m) { return m.field ? { field: m.field, agg: m.agg } : { agg: m.agg }; })
        : [{ agg: "count" }];
      var filters = state.filters.filter(function (f) {
        if (f.op === "is_null" || f.op === "not_null" || f.op === "relative") return true;
        var need = f.op === "between" ? 2 : 1;
        return f.values.length >= need && f.values.every(function (v) { return v !== "" && v != null; });
      }).map(function (f) {
        var o = { field: f.field, op: f.op };
        if (f.op === "relative") o.period = f.period; else if (f.values.length) o.values = f.values.slice();
        return o;
      });
      var spec = { dataset: state.dataset, dimensions: dims, measures: measures, chart: state.chart };
      if (filters.length) spec.filters = filters;
      if (state.topN && dims.length) spec.limit = { n: state.topN, others: true };
      if (state.drill) spec.drill = state.drill;
      return spec;
    }
    // loadSpec puts a spec on the shelves and runs it; mode says what
    // becomes of the URL (remember).
    function loadSpec(spec, mode) {
      if (!dataset(spec.dataset)) { showError(new Error(t.badLink + spec.dataset)); return; }
      state.dataset = spec.dataset;
      var dims = (spec.dimensions || []).map(function (d) { return { field: d.field, grain: d.grain || (field(d.field) && field(d.field).kind === "time" ? "day" : "") }; });
      state.x = dims.slice(0, 1); state.series = dims.slice(1);
      state.measures = (spec.measures || []).map(function (m) { return { field: m.field || "", agg: m.agg }; });
      state.filters = (spec.filters || []).map(function (f) { return { field: f.field, op: f.op, values: (f.values || []).slice(), period: f.period || "" }; });
      state.chart = spec.chart || "bar";
      state.records = !!spec.records;
      state.drill = spec.drill || null;
      state.topN = spec.limit && spec.limit.n > 0 ? spec.limit.n : null;
      $("b-topn").value = state.topN || "";
      showBack();
      drawFields(); drawShelves(); drawKinds();
      // A records level is not what the shelves build: run it as it is.
      if (spec.records) { clearTimeout(timer); runSpec(spec, mode); } else { changed(mode); }
    }

    // ---- running
    // changed redraws after an edit (debounced); mode is remember's,
    // "push" when not given (an edit by the user).
    function changed(mode) {
      clearTimeout(timer);
      if (typeof mode !== "string") mode = "push";
      if (mode === "push") { depth = 0; showBack(); } // an edit: a new chart, not a drill level
      timer = setTimeout(function () {
        var s = buildSpec();
        if (s) { runSpec(s, mode); } else { remember(null, mode); clearPreview(); }
      }, testMode ? 10 : 150);
    }
    function clearPreview() {
      if (chart) chart.clear();
      tableBox.hidden = true;
      $("b-empty").hidden = false;
      $("b-title").textContent = "";
      status("");
    }
    function runSpec(spec, mode) {
      var mine = ++seq;
      remember(spec, mode || "push");
      $("b-problems").hidden = true;
      api("POST", "/api/query", spec, L).then(function (ans) {
        if (mine !== seq) return; // a newer spec is on its way
        $("b-empty").hidden = true;
        lastAnswer = { spec: spec, answer: ans };
        chart = drawResult(preview, tableBox, ans, testMode, chart);
        if (chart && !chart.__drillWired) {
          chart.__drillWired = true;
          chart.on("click", drill);
        }
        $("b-title").textContent = titleOf(spec, ans);
        status(ans.rows.length + " " + t.rows + " · " + ans.elapsed_ms.toFixed(1) + " " + t.ms + (ans.cached ? " (" + t.cached + ")" : "") +
          " · " + t.asOf + " " + ans.as_of.slice(0, 16).replace("T", " ") + (spec.records ? "" : " · " + t.drillHint));
        if (!$("b-sql").hidden) { $("b-sql").hidden = true; }
        window.__builder.answers++;
      }).catch(function (err) { if (mine === seq) showError(err); });
    }
    function titleOf(spec, ans) {
      var m = ans.columns.filter(function (c) { return c.role === "measure"; }).map(function (c) { return label(c); });
      var d = ans.columns.filter(function (c) { return c.role !== "measure"; }).map(function (c) { return label(c); });
      var ds = dataset(spec.dataset);
      if (spec.records) return label(ds) + " · " + (L === "en" ? "records" : "明细");
      return m.join(", ") + (d.length ? (L === "en" ? " by " : " · 按 ") + d.join(" × ") : "");
    }
    function showError(err) {
      var ul = $("b-problems");
      ul.replaceChildren();
      (err.problems && err.problems.length ? err.problems : [err.message]).forEach(function (p) { ul.appendChild(el("li", null, p)); });
      ul.hidden = false;
    }
    function status(s) { $("b-status").textContent = s; }

    // drill: the clicked point's dimension values, raw as the rows carry them.
    function drill(p) {
      if (!lastAnswer || lastAnswer.spec.records) return;
      var cols = lastAnswer.answer.columns, rows = lastAnswer.answer.rows, dims = [];
      cols.forEach(function (c, i) { if (c.role !== "measure") dims.push(i); });
      var names = [p.name];
      if (dims.length > 1) names.push(p.seriesName);
      if (state.chart === "heatmap" && Array.isArray(p.value)) {
        names = [p.value[0], p.value[1]].map(function (ix, k) { var ax = chart.getOption()[k === 0 ? "xAxis" : "yAxis"][0]; return ax.data[ix]; });
      }
      var point = {};
      dims.forEach(function (ci, k) {
        if (names[k] == null) return;
        var row = rows.find(function (r) { return r[ci] != null && shown(cols[ci], r[ci]) === String(names[k]); });
        point[cols[ci].key] = row ? row[ci] : null;
      });
      api("POST", "/api/query/drill", { spec: lastAnswer.spec, point: point }, L).then(function (step) {
        depth++;
        loadSpec(step.spec, "drill");
      }).catch(showError);
    }

    // ---- saving
    function loadSaved() {
      api("GET", "/api/charts", null, L).then(function (list) {
        var ul = $("b-saved-list");
        ul.replaceChildren();
        list.forEach(function (c) {
          var li = el("li");
          var a = el("a", { href: "#", "data-chart-id": c.id }, c.name);
          a.addEventListener("click", function (e) { e.preventDefault(); savedId = c.id; $("b-name").value = c.name; depth = 0; loadSpec(c.spec, "push"); });
          li.appendChild(a);
          ul.appendChild(li);
        });
      });
      api("GET", "/api/custom-dashboards", null, L).then(function (list) {
        var s = $("b-dashboard");
        s.replaceChildren(el("option", { value: "" }, t.newDashboard));
        list.forEach(function (d) { s.appendChild(el("option", { value: d.id }, d.name + " (" + d.panels.length + ")")); });
      });
    }
    function saveMsg(text, link) {
      var m = $("b-save-msg");
      m.replaceChildren(document.createTextNode(text + " "));
      if (link) m.appendChild(el("a", { href: link }, t.open));
    }
    $("b-save").addEventListener("click", function () {
      var spec = buildSpec(), name = $("b-name").value.trim();
      if (!spec) return;
      if (!name) { saveMsg(t.needName); return; }
      api("POST", "/api/charts", { name: name, spec: spec }, L).then(function (c) {
        savedId = c.id; saveMsg(t.saved + " #" + c.id); loadSaved();
      }).catch(showError);
    });
    $("b-add").addEventListener("click", function () {
      if (!savedId) { saveMsg(t.needSave); return; }
      var chosen = $("b-dashboard").value, name = $("b-dashboard-name").value.trim();
      var target = chosen ? Promise.resolve({ id: Number(chosen) }) :
        name ? api("POST", "/api/custom-dashboards", { name: name }, L) : Promise.reject(new Error(t.needName));
      target.then(function (d) {
        return api("POST", "/api/custom-dashboards/" + d.id + "/charts", { chart_id: savedId }, L).then(function () {
          saveMsg(t.added, "/custom-dashboards/" + d.id + (L === "en" ? "?lang=en" : "")); loadSaved();
        });
      }).catch(function (err) { saveMsg(err.message); });
    });

    window.addEventListener("resize", function () { if (chart) chart.resize(); });
    api("GET", "/api/catalog", null, L).then(function (c) {
      catalog = c;
      drawFields(); drawShelves(); drawKinds(); loadSaved();
      depth = (window.history.state && window.history.state.depth) || 0;
      var linked = specFromURL();
      if (linked) loadSpec(linked, "replace");
      root.classList.add("ready");
    }).catch(showError);
  }

  // ------------------------------------------------------- custom dashboard
  // The edit controls of /custom-dashboards/:id/edit: each calls the JSON
  // API (dashboards/custom.go) and reloads the page, whose panels the
  // server draws — so what is shown is what is stored. Destructive buttons
  // (remove, reset, delete) take a second tap to confirm (no dialog: it
  // works the same on a phone).
  function CustomDashboard(root) {
    var L = lang(root), id = Number(root.dataset.id), base = "/api/custom-dashboards/" + id;
    var msg = document.getElementById("cd-msg");
    window.__custom = { busy: 0 };
    if (root.dataset.edit !== "true") return;
    function say(err) {
      if (!msg) return;
      msg.textContent = err.message + (err.problems && err.problems.length ? " — " + err.problems.join("; ") : "");
      msg.classList.add("bad");
    }
    // act sends one edit at a time: a second tap while one is on its way
    // (or a select's input and change both firing) is ignored.
    function act(method, path, body, after) {
      if (window.__custom.busy > 0) return Promise.resolve();
      window.__custom.busy++;
      root.classList.add("cd-busy");
      return api(method, path, body, L).then(function (data) {
        if (after) after(data); else window.location.reload();
      }).catch(function (err) {
        window.__custom.busy--;
        root.classList.remove("cd-busy");
        say(err);
      });
    }
    // confirmed runs f on the second tap within five seconds.
    function confirmed(btn, f) {
      if (btn.dataset.armed === "1") { f(); return; }
      btn.dataset.armed = "1";
      var text = btn.textContent;
      btn.textContent = btn.dataset.confirm || text;
      btn.classList.add("armed");
      setTimeout(function () { btn.dataset.armed = ""; btn.textContent = text; btn.classList.remove("armed"); }, 5000);
    }
    root.querySelectorAll(".cd-panel").forEach(function (panel, i) {
      var pid = panel.dataset.panelId, path = base + "/panels/" + pid;
      var q = function (sel) { return panel.querySelector(sel); };
      if (q(".cd-up")) q(".cd-up").addEventListener("click", function () { act("PATCH", path, { position: i }); });
      if (q(".cd-down")) q(".cd-down").addEventListener("click", function () { act("PATCH", path, { position: i + 2 }); });
      if (q(".cd-width")) q(".cd-width").addEventListener("change", function () { act("PATCH", path, { width: Number(this.value) }); });
      if (q(".cd-remove")) q(".cd-remove").addEventListener("click", function () {
        var btn = this;
        confirmed(btn, function () { act("DELETE", path, null); });
      });
    });
    var pick = document.getElementById("cd-add-chart");
    if (pick) {
      api("GET", "/api/charts", null, L).then(function (list) {
        list.forEach(function (c) { pick.appendChild(el("option", { value: c.id }, c.name)); });
        pick.dataset.loaded = "true";
      }).catch(say);
      document.getElementById("cd-add").addEventListener("click", function () {
        if (!pick.value) { say(new Error(T[L].needSave)); return; }
        act("POST", base + "/panels", { chart_id: Number(pick.value) });
      });
    }
    var rename = document.getElementById("cd-rename");
    if (rename) rename.addEventListener("click", function () { act("PATCH", base, { name: document.getElementById("cd-name").value }); });
    var reset = document.getElementById("cd-reset");
    if (reset) reset.addEventListener("click", function () { confirmed(reset, function () { act("POST", base + "/reset", null); }); });
    var del = document.getElementById("cd-delete");
    if (del) del.addEventListener("click", function () {
      confirmed(del, function () { act("DELETE", base, null, function () { window.location.href = "/" + (L === "en" ? "?lang=en" : ""); }); });
    });
  }

  var b = document.getElementById("builder");
  if (b) Builder(b);
  var cd = document.getElementById("custom-dashboard");
  if (cd) CustomDashboard(cd);
})();
