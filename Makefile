# CellCert: build, run the bundled example, test.
# `make run` and `make test` install missing system packages first (Debian/Ubuntu, apt-get).

SWIFT        ?= swift
SYSTEM_DEPS  := libglpk-dev
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CELLCERT     := .build/release/cellcert

.PHONY: deps deps-plot build run test clean

## deps: install the Debian packages the build needs (GLPK), if missing.
deps:
	@missing=""; for p in $(SYSTEM_DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## deps-plot: install rsvg-convert (librsvg2-bin), to turn `cellcert table --plot` SVGs into PNGs;
## optional: the tests check the SVG as XML without it and run it only when present.
deps-plot:
	@dpkg -s librsvg2-bin >/dev/null 2>&1 || { \
		echo "Installing: librsvg2-bin"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librsvg2-bin; }

## build: release build of the cellcert executable.
build: deps
	$(SWIFT) build -c release --product cellcert

## run: certify the bundled example network on the bundled inputs: cell radii,
## facets, and the robustness bounds beside a Monte Carlo estimate at ε = 0.05.
run: build
	$(CELLCERT) info Fixtures/example-net.json
	$(CELLCERT) certify Fixtures/example-net.json --inputs Fixtures/example-inputs.csv --label-column first \
		--facets --epsilon 0.05 --samples 20000

## test: the whole test suite (unit, property, real-network tests; XCTest only,
## so that the run ends on XCTest's count rather than an empty Swift Testing run).
test: deps
	$(SWIFT) test --disable-swift-testing

clean:
	rm -rf .build
