// The page's half of dashboards/charts/format.go: an option from the server
// carries no script, only formats as data; prepare(option) turns them into
// the functions ECharts calls, before setOption:
//
//   { axisLabel: { sbFormat: F } }     → axisLabel.formatter = v => format(F, v)
//   { label: { sbFormat: F } }         → label.formatter = p => format(F, p.value, p.dataIndex)
//   { tooltip: { sbValueFormat: F } }  → tooltip.valueFormatter = (v, i) => format(F, v, i)
//
// format is Format.Text of format.go, step for step (TestFormatJSMatchesGo
// runs both on the same cases).
(function (root) {
  "use strict";

  function trimZeros(s) {
    if (s.indexOf(".") < 0) return s;
    return s.replace(/0+$/, "").replace(/\.$/, "");
  }
  function allZeros(s) {
    var i = s.indexOf(".");
    return i < 0 || /^0*$/.test(s.slice(i + 1));
  }
  function group(s, sep) {
    if (!sep) return s;
    var parts = s.split("."), int = parts[0];
    if (int.length <= 3) return s;
    var out = "";
    for (var k = 0; k < int.length; k++) {
      if (k > 0 && (int.length - k) % 3 === 0) out += sep;
      out += int[k];
    }
    return parts.length > 1 ? out + "." + parts[1] : out;
  }
  function decimalsFor(f, a) {
    var units = f.units || [];
    for (var k = 0; k < units.length; k++) if (a >= units[k].from) return units[k].decimals;
    return f.decimals || 0;
  }

  // format writes v (a number, or an array when f.index is set) at data index i.
  function format(f, v, i) {
    if (Array.isArray(v) && f.index != null && f.index < v.length) v = v[f.index];
    if (typeof v !== "number" || !isFinite(v)) return "–";
    var x = f.scale ? v * f.scale : v, a = Math.abs(x), sign = "";
    if (x < 0 && a >= 0.5 * Math.pow(10, -decimalsFor(f, a))) sign = "-";
    else if (f.sign && x > 0) sign = "+";
    var body = null, units = f.units || [];
    for (var k = 0; k < units.length; k++) {
      var u = units[k];
      if (a >= u.from) {
        body = (a / u.div).toFixed(u.decimals);
        if (f.trim) body = trimZeros(body);
        body += u.text;
        break;
      }
    }
    if (body === null) {
      body = a.toFixed(f.decimals || 0);
      if (f.trim || (!f.fixed && allZeros(body))) body = trimZeros(body);
      body = group(body, f.group);
    }
    var out = sign + (f.prefix || "") + body + (f.suffix || "");
    if (i != null && i >= 0 && f.after && i < f.after.length) out += f.after[i];
    return out;
  }

  // prepare replaces the option's formats by functions, in place, and
  // returns the option.
  function prepare(opt) {
    (function walk(o, key) {
      if (Array.isArray(o)) { o.forEach(function (x) { walk(x, key); }); return; }
      if (!o || typeof o !== "object") return;
      if (o.sbFormat) {
        var f = o.sbFormat;
        o.formatter = key === "axisLabel"
          ? function (v) { return format(f, v); }
          : function (p) { return format(f, p.value, p.dataIndex); };
      }
      if (o.sbValueFormat) {
        var g = o.sbValueFormat;
        o.valueFormatter = function (v, i) { return format(g, v, i); };
      }
      for (var k in o) {
        if (k !== "sbFormat" && k !== "sbValueFormat" && k !== "data" && Object.prototype.hasOwnProperty.call(o, k)) walk(o[k], k);
      }
    })(opt, "");
    return opt;
  }

  var api = { format: format, prepare: prepare };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.salesbiCharts = api;
})(this);
