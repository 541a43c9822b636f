# salesbi: `make run` serves the demo company on :8080, `make test` runs every test.
GO      ?= go
BIN     := bin/salesbi
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
ECHARTS := dashboards/static/vendor/echarts.min.js
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run build assets test bench deps clean

run: build
	./$(BIN) serve

build: assets
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/salesbi

deps:
	@scripts/deps.sh build

# ECharts comes from the pinned npm package, copied into the embed folder.
assets: deps $(ECHARTS)

node_modules/echarts/dist/echarts.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(ECHARTS): node_modules/echarts/dist/echarts.min.js
	cp $< $@

# Every test: unit, golden, fuzz seeds, connector integration (real MariaDB
# and PostgreSQL), and headless-Chromium page tests.
test: assets
	@scripts/deps.sh test
	@scripts/services.sh
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 14m ./...
	$(GO) test ./query -run='^$$' -fuzz=FuzzCompile -fuzztime=20s

# Benchmarks print measured figures; nothing here is asserted.
bench: build
	./$(BIN) bench

clean:
	rm -rf bin node_modules $(ECHARTS)
