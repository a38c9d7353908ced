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

## deps-plot: install rsvg-convert (librsvg2-bin), which `cellcert table --plot FILE.pdf` needs (and turns SVGs into PNGs);
## optional: the tests check the SVG as XML without it and run it only when present.
deps-plot:
	@dpkg -s librsvg2-bin >/dev/null 2>&1 || { \
		echo "Installing: librsvg2-bin"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librsvg2-bin; }

## report-check: render `cellcert table`'s figures (PNG, PDF) and screenshot its HTML page in headless
## Chromium, for a person to look at (Fixtures/scripts/check_report_page.sh; not part of `make test`).
.PHONY: report-check
report-check: build deps-plot
	bash Fixtures/scripts/check_report_page.sh $(CELLCERT) /tmp/cellcert-report-check

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

## bench-verify: issue 16: `cellcert verify` on the 186 ACAS Xu instances of VNN-COMP 2021
## (../shared/nets/acasxu) with the competition's timeouts, beside nnenum on this machine; writes a
## VNN-COMP-style results CSV and a Markdown summary to Benchmarks/verify/results/ (Benchmarks/verify/README.md).
## The whole run is bounded by BENCH_VERIFY_LIMIT seconds; BENCH_VERIFY_ARGS passes options (e.g. --filter prop_1.).
BENCH_VERIFY_LIMIT ?= 5400
.PHONY: bench-verify
bench-verify: deps
	$(SWIFT) build -c release --scratch-path $(BENCH_BUILD) --product cellcert
	timeout $(BENCH_VERIFY_LIMIT) python3 Benchmarks/verify/run_acasxu.py --cellcert $(BENCH_BUILD)/release/cellcert \
		--nets ../shared/nets/acasxu --results Benchmarks/verify/results $(BENCH_VERIFY_ARGS)

## fuzz: libFuzzer on every file reader (issue 13; Docs/reliability.md). Builds the harness
## Sources/cellcert-fuzz with -sanitize=fuzzer,address in .build-fuzz, seeds each reader's corpus
## from the fixtures and Fixtures/fuzz, and runs each reader FUZZ_SECONDS (default 600) seconds.
## Findings (crashes, sanitizer reports, time-outs) are written to fuzz-out/<reader>/ and make it fail.
## FUZZ_READERS picks readers; `make fuzz-smoke` is the few-second run that CI does.
FUZZ_SECONDS ?= 600
FUZZ_READERS ?= nnet json onnx csv npy idx vnnlib
FUZZ_BUILD   := .build-fuzz
FUZZ_BIN     := $(FUZZ_BUILD)/debug/cellcert-fuzz
.PHONY: fuzz fuzz-build fuzz-smoke
fuzz-build: deps
	CELLCERT_FUZZ=1 $(SWIFT) build --scratch-path $(FUZZ_BUILD) -Xswiftc -sanitize=fuzzer,address \
		-Xswiftc -parse-as-library --product cellcert-fuzz
fuzz: fuzz-build
	@set -e; for r in $(FUZZ_READERS); do \
		mkdir -p fuzz-out/$$r/corpus fuzz-out/$$r/seeds; \
		case $$r in \
			nnet) cp Fixtures/example-net.nnet Fixtures/trained/*.nnet fuzz-out/$$r/seeds/ ;; \
			json) cp Fixtures/example-net.json Fixtures/trained/breast_cancer.json fuzz-out/$$r/seeds/ ;; \
			onnx) cp Fixtures/trained/*.onnx fuzz-out/$$r/seeds/ ;; \
			csv) cp Fixtures/example-inputs.csv fuzz-out/$$r/seeds/ ;; \
			npy) cp Fixtures/fuzz/seed.npy fuzz-out/$$r/seeds/ ;; \
			idx) cp Fixtures/fuzz/seed.idx fuzz-out/$$r/seeds/ ;; \
			vnnlib) cp Fixtures/fuzz/seed.vnnlib fuzz-out/$$r/seeds/ ;; \
		esac; \
		echo "== fuzzing the $$r reader for $(FUZZ_SECONDS) s"; \
		CELLCERT_FUZZ_READER=$$r $(FUZZ_BIN) fuzz-out/$$r/corpus fuzz-out/$$r/seeds \
			-max_total_time=$(FUZZ_SECONDS) -timeout=30 -rss_limit_mb=4096 -max_len=65536 \
			-artifact_prefix=fuzz-out/$$r/ -print_final_stats=1 2>fuzz-out/$$r/log.txt \
			|| { tail -40 fuzz-out/$$r/log.txt; echo "fuzz: the $$r reader has a finding in fuzz-out/$$r/"; exit 1; }; \
		grep -E "stat::number_of_executed_units|stat::peak_rss_mb" fuzz-out/$$r/log.txt | sed "s/^/$$r: /"; \
	done
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=5

## cluster-demo: a one-node Slurm cluster on this machine runs the sharded table as a
## job array with a dependent merge and compares it with an unsharded run (Docs/cluster.md).
## Needs root: installs slurm-wlm and munge with apt-get. Not part of `make test`.
## CLUSTER_NETS: the folder with mnist/mnist-net_256x2.onnx and data/mnist_test.csv.
CLUSTER_NETS ?= ../shared/nets
.PHONY: cluster-demo
cluster-demo: build
	MODEL=$(CLUSTER_NETS)/mnist/mnist-net_256x2.onnx DATA=$(CLUSTER_NETS)/data/mnist_test.csv \
		bash Docs/cluster/slurm/demo.sh $(CELLCERT)
