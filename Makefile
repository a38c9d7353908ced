# CellCert: build, run the bundled example, test.
# `make run` and `make test` install missing system packages first (Debian/Ubuntu, apt-get).

SWIFT        ?= swift
SYSTEM_DEPS  := libglpk-dev libopenblas-dev
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CELLCERT     := .build/release/cellcert

.PHONY: deps deps-plot build run test clean bench

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

## crosscheck: issue 5's peer check against Marabou (Benchmarks/marabou/README.md): makes
## Benchmarks/marabou/.venv with maraboupy from PyPI, then checks our decision-boundary distances
## and ACAS Xu verdicts. Hours in full; `make crosscheck CROSSCHECK_ARGS=--quick` takes minutes.
.PHONY: crosscheck
crosscheck: build
	bash Benchmarks/marabou/run.sh --cellcert $(CELLCERT) $(CROSSCHECK_ARGS)

## bench: CellCert beside the tools a user would otherwise use (numpy, torch, scipy's HiGHS,
## onnxruntime), same networks and inputs, one invocation; prints a Markdown report and writes it
## with the raw figures to Benchmarks/results/ (Benchmarks/README.md). Not part of `make test`.
## BENCH_QUICK=1: fewer repetitions, no 784-256-256-10 HiGHS run. BENCH_BUILD: SwiftPM scratch path.
BENCH_BUILD  ?= .build
BENCH_VENV   := Benchmarks/.venv
bench: deps
	@dpkg -s time >/dev/null 2>&1 || { \
		echo "Installing: time (for /usr/bin/time -v)"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; }
	$(SWIFT) build -c release --scratch-path $(BENCH_BUILD) --product cellcert
	$(SWIFT) build -c release --scratch-path $(BENCH_BUILD) --product cellcert-bench
	@[ -x $(BENCH_VENV)/bin/python ] || python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q -r Benchmarks/requirements.txt
	$(BENCH_VENV)/bin/python Benchmarks/run_benchmarks.py --build-dir $(BENCH_BUILD)/release \
		$(if $(filter-out 0,$(BENCH_QUICK)),--quick)
