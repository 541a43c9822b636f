#!/usr/bin/env bash
# Installs (or names) what building and testing salesbi needs on a Debian
# machine. Usage: scripts/deps.sh build|test
set -euo pipefail
need=${1:-build}
missing=()
have() { command -v "$1" >/dev/null 2>&1; }

have go || missing+=("Go 1.26+ (https://go.dev/dl) on the PATH")
have gcc || missing+=("gcc (cgo builds DuckDB): apt-get install gcc")
have npm || missing+=("Node.js and npm (ECharts comes from the npm package): apt-get install nodejs npm")

if [ "$need" = test ]; then
  chromium=${SALESBI_CHROMIUM:-chromium}
  pkgs=()
  have "$chromium" || pkgs+=(chromium)
  [ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -qi cjk || pkgs+=(fonts-noto-cjk)
  if [ ${#pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && have apt-get; then
      echo "installing ${pkgs[*]} (browser tests) ..."
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
    else
      missing+=("Debian packages for the browser tests: sudo apt-get install ${pkgs[*]}")
    fi
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "salesbi cannot build/test here; missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi
