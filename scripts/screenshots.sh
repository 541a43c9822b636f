#!/bin/sh
# Screenshots of every ready board at 1440×900 and 390×844 (zh-CN, and the
# stand-up in English), on the demo company, into docs/screenshots/.
# Runs the board page test in headless Chromium (under the shared lock).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/docs/screenshots"
mkdir -p "$out"
cd "$root"
SALESBI_SCREENSHOTS="$out" flock /tmp/salesbi-db.lock go test ./dashboards/ -run '^TestBoardsRenderInTheBrowser$' -count=1 -v | grep -E 'screenshot:|^(ok|FAIL|---)' || true
ls -l "$out"
