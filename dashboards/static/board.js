// A preset board (board.html): drill in place, late panels, filters.
//
// A click on a bar, slice, point or heatmap cell opens that panel one
// level down. The panel's HTML comes from the same board URL with
// fragment=1&panel=ID (the server draws it with the same template as the
// page) and replaces the panel; history.pushState keeps Back working and
// popstate puts the panels of the earlier URL back. Crumbs, sort headers
// and pages are plain links that work without JavaScript; here they swap
// the panel in place too.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !window.salesbiCharts) return;
  var phone = window.matchMedia("(max-width: 760px)");
  var current = location.href;
  var viewKeys = ["drill", "at", "page", "sort", "desc"];

  function drilledPanel(href) {
    return new URL(href, location.href).searchParams.get("drill") || "";
  }

  // sameFilters: the two URLs differ only in their drill position.
  function sameFilters(a, b) {
    var ua = new URL(a, location.href), ub = new URL(b, location.href);
    if (ua.pathname !== ub.pathname) return false;
    viewKeys.forEach(function (k) { ua.searchParams.delete(k); ub.searchParams.delete(k); });
    ua.searchParams.sort(); ub.searchParams.sort();
    return ua.searchParams.toString() === ub.searchParams.toString();
  }

  function fetchPanels(href, ids) {
    var u = new URL(href, location.href);
    u.searchParams.set("fragment", "1");
    u.searchParams.delete("panel");
    ids.forEach(function (id) { u.searchParams.append("panel", id); });
    return fetch(u.toString(), { credentials: "same-origin", headers: { Accept: "text/html" } }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    });
  }

  function swap(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var swapped = [];
    Array.prototype.slice.call(tpl.content.querySelectorAll(".panel")).forEach(function (np) {
      var old = document.getElementById(np.id);
      if (!old) return;
      window.salesbiCharts.dispose(old);
      old.replaceWith(np);
      window.salesbiCharts.draw(np);
      wire(np);
      swapped.push(np);
    });
    return swapped;
  }

  function unique(list) {
    var out = [];
    list.forEach(function (x) { if (x && out.indexOf(x) < 0) out.push(x); });
    return out;
  }

  // go shows href: the panels whose drill changes are fetched and swapped.
  function go(href, extra, push) {
    var ids = unique([drilledPanel(current), drilledPanel(href)].concat(extra || []));
    if (!sameFilters(current, href) || ids.length === 0) {
      location.href = href;
      return;
    }
    board.classList.add("busy");
    fetchPanels(href, ids).then(function (html) {
      if (push) history.pushState({ board: true }, "", href);
      current = href;
      var swapped = swap(html);
      updateLang();
      var target = document.getElementById("panel-" + drilledPanel(href));
      if (target && push && phone.matches) target.scrollIntoView({ block: "start" });
      board.classList.remove("busy");
      board.dispatchEvent(new CustomEvent("board:swapped", { detail: swapped.map(function (p) { return p.id; }) }));
    }).catch(function () {
      location.href = href;
    });
  }

  function pointFor(el, chart, p) {
    var t;
    try { t = JSON.parse(el.dataset.drill); } catch (e) { return ""; }
    if (t.p && t.p[p.seriesIndex] && t.p[p.seriesIndex][p.dataIndex]) return t.p[p.seriesIndex][p.dataIndex];
    if (t.p && t.p[0] && t.p.length === 1 && t.p[0][p.dataIndex]) return t.p[0][p.dataIndex];
    var k = t.k || {};
    var keys = [];
    if (p.seriesType === "heatmap" && Array.isArray(p.value)) {
      var o = chart.getOption();
      var x = o.xAxis && o.xAxis[0] && o.xAxis[0].data ? o.xAxis[0].data[p.value[0]] : undefined;
      var y = o.yAxis && o.yAxis[0] && o.yAxis[0].data ? o.yAxis[0].data[p.value[1]] : undefined;
      keys.push(x + "\u0000" + y);
    }
    if (p.name !== undefined) {
      keys.push(p.name + "\u0000" + p.seriesName);
      keys.push(String(p.name));
    }
    for (var i = 0; i < keys.length; i++) if (k[keys[i]]) return k[keys[i]];
    return "";
  }

  function wire(root) {
    root.querySelectorAll(".chart[data-drill-base]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (!chart || el.dataset.wired === "1") return;
      el.dataset.wired = "1";
      var panel = el.closest(".panel");
      chart.on("click", function (p) {
        var at = pointFor(el, chart, p);
        if (!at) return;
        var base = el.dataset.drillBase;
        go(base + (base.indexOf("?") < 0 ? "?" : "&") + "at=" + encodeURIComponent(at), [panel.dataset.panel], true);
      });
    });
    root.querySelectorAll("a[data-nav]").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
        ev.preventDefault();
        var panel = a.closest(".panel");
        go(a.href, panel ? [panel.dataset.panel] : [], true);
      });
    });
  }

  window.addEventListener("popstate", function () {
    if (location.href === current) return;
    go(location.href, [], false);
  });

  // The language link keeps the view the page is at now.
  function updateLang() {
    var a = document.querySelector("header.top a.lang");
    if (!a) return;
    var lang = new URL(a.href, location.href).searchParams.get("lang");
    var u = new URL(location.href);
    if (lang) u.searchParams.set("lang", lang);
    a.href = u.pathname + u.search;
  }

  // Late panels: fetched alone and filled in (again while the engine
  // still says pending, a few times).
  function fillPending(tries) {
    var ids = Array.prototype.map.call(board.querySelectorAll(".panel[data-pending]"), function (p) { return p.dataset.panel; });
    if (ids.length === 0 || tries <= 0) return;
    fetchPanels(current, ids).then(function (html) {
      swap(html);
      if (board.querySelector(".panel[data-pending]")) setTimeout(function () { fillPending(tries - 1); }, 500);
    }).catch(function () {
      setTimeout(function () { fillPending(tries - 1); }, 1000);
    });
  }

  // Filters: a choice applies at once (a custom range waits for Apply);
  // empty fields stay out of the URL.
  var form = document.getElementById("board-filters");
  if (form) {
    var period = form.querySelector("#f-period");
    var custom = form.querySelector("#f-custom");
    var region = form.querySelector("#f-region");
    var rep = form.querySelector("#f-rep");
    var submit = function () {
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    };
    form.addEventListener("submit", function () {
      var isCustom = period && period.value === "custom";
      form.querySelectorAll("input, select").forEach(function (f) {
        if (f.type === "hidden" && f.name === "lang") return;
        if (!f.value) f.disabled = true;
      });
      if (isCustom && period) period.disabled = true;
      if (!isCustom) form.querySelectorAll("#f-from, #f-to").forEach(function (f) { f.disabled = true; });
    });
    if (period) period.addEventListener("change", function () {
      if (period.value === "custom") {
        custom.classList.remove("hidden");
        var from = form.querySelector("#f-from");
        if (from) from.focus();
        return;
      }
      submit();
    });
    if (region) region.addEventListener("change", function () {
      if (rep) rep.value = ""; // the rep list is the region's
      submit();
    });
    if (rep) rep.addEventListener("change", submit);
    var asof = form.querySelector("#f-asof");
    if (asof) asof.addEventListener("change", submit);
  }

  wire(board);
  fillPending(5);
  board.dataset.ready = "1";
})();
