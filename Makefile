# salesbi: `make run` serves the demo company on :8080, `make test` runs every test.
GO      ?= go
BIN     := bin/salesbi
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
ECHARTS := dashboards/static/vendor/echarts.min.js
LDFLAGS := -X main.version=$(VERSION)
# golangci-lint is pinned as a Go tool in its own module (tools/go.mod), so
# its many dependencies never move salesbi's own go.mod.
LINT    := $(GO) tool -modfile=tools/go.mod golangci-lint

.PHONY: run build assets test lint bench deps clean

run: build
	./$(BIN) serve

build: assets
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/salesbi

deps:
	@scripts/deps.sh build

# ECharts is a custom build of the pinned npm package (only the chart kinds
# and components the boards draw, web/echarts-entry.js) made with esbuild,
# pinned in package.json too; it prints the bundle's bytes raw, gzip and
# brotli, and writes the .br/.gz the server sends. Offline after `npm ci`.
NPM_STAMP := node_modules/.salesbi-npm-ci

assets: deps $(ECHARTS)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(ECHARTS): $(NPM_STAMP) web/echarts-entry.js scripts/build-echarts.mjs
	node scripts/build-echarts.mjs $@

# Lint with .golangci.yml (govet, staticcheck, errcheck, rowserrcheck,
# sqlclosecheck …), then prove the linter still bites: tools/linttest holds
# an unchecked rows.Err and unclosed rows, and must be reported.
lint: assets
	$(LINT) run ./...
	@out=$$(cd tools && $(GO) tool golangci-lint run --config ../.golangci.yml ./linttest/... 2>&1); \
	for want in 'rows.Err must be checked (rowserrcheck)' 'was not closed (sqlclosecheck)'; do \
	  echo "$$out" | grep -qF "$$want" || { echo "$$out"; echo "lint self-test: tools/linttest should fail with: $$want" >&2; exit 1; }; \
	done

# Every test: unit, golden, fuzz seeds, connector integration (real MariaDB
# and PostgreSQL), and headless-Chromium page tests. Lint runs first.
test: assets lint
	@scripts/deps.sh test
	@scripts/services.sh
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 14m ./...
	$(GO) test ./query -run='^$$' -fuzz=FuzzCompile -fuzztime=20s

# Benchmarks print measured figures; nothing here is asserted.
bench: build
	./$(BIN) bench

clean:
	rm -rf bin node_modules $(ECHARTS) $(ECHARTS).br $(ECHARTS).gz
