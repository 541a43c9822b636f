// Builds the custom ECharts bundle (web/echarts-entry.js) with esbuild from
// node_modules (both pinned in package.json / package-lock.json) and prints
// its size raw, gzip and brotli beside the full dist build's, and writes
// OUT.js.br and OUT.js.gz beside it. Run by `make
// assets`; works offline once `npm ci` has run.
//
// Usage: node scripts/build-echarts.mjs OUT.js
import { build } from "esbuild";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const out = process.argv[2] || "dashboards/static/vendor/echarts.min.js";
const echartsVersion = JSON.parse(readFileSync("node_modules/echarts/package.json", "utf8")).version;

await build({
  entryPoints: ["web/echarts-entry.js"],
  outfile: out,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2017"],
  platform: "browser",
  legalComments: "none",
  // ECharts' lib checks process.env.NODE_ENV for its development warnings.
  define: { "process.env.NODE_ENV": '"production"', __DEV__: "false" },
  banner: { js: `/* salesbi's ECharts ${echartsVersion} build (web/echarts-entry.js); Apache-2.0, https://echarts.apache.org */` },
  logLevel: "warning",
});

const gz = (b) => gzipSync(b, { level: 9 });
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } });

// The server sends these to a browser that accepts them (dashboards/static.go
// checks they decode to the bundle, else compresses it itself).
const bundle = readFileSync(out);
writeFileSync(out + ".br", br(bundle));
writeFileSync(out + ".gz", gz(bundle));

function sizes(path) {
  const b = readFileSync(path);
  return { raw: statSync(path).size, gzip: gz(b).length, br: br(b).length };
}
const kb = (n) => (n / 1024).toFixed(1) + " KB";
const mine = sizes(out);
const full = sizes("node_modules/echarts/dist/echarts.min.js");
console.log(`echarts ${echartsVersion} custom build → ${out}`);
console.log(`  custom: ${mine.raw} bytes raw (${kb(mine.raw)}), ${mine.gzip} gzip (${kb(mine.gzip)}), ${mine.br} brotli (${kb(mine.br)})`);
console.log(`  full dist echarts.min.js: ${full.raw} bytes raw (${kb(full.raw)}), ${full.gzip} gzip (${kb(full.gzip)}), ${full.br} brotli (${kb(full.br)})`);
