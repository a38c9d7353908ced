#!/usr/bin/env python3
"""CellCert against the tools a user would otherwise use, side by side (issue "Speed", scope 4).

Run by `make bench` (BENCH_QUICK=1 for a fast check) inside Benchmarks/.venv. For
every benchmark, CellCert's kernel (the release `cellcert-bench`, which times the
kernel only) and its baseline run in this one invocation on the same networks
and inputs; the report gives medians over repetitions and ratios baseline/ours.

  (a) cell radii, three norms      numpy + OpenBLAS, explicit rows
  (b) cell radii, three norms      torch.autograd.functional.jacobian (float64)
  (c) facet set of one cell        scipy linprog(method="highs"), one LP per row
  (d) Monte Carlo class changes    onnxruntime batched forward passes
  (e) GFLOP/s of the cell build    against numpy's dgemm on this machine
  (f) `cellcert table`, 100 MNIST images, --threads 1 vs 2
  (g) peak memory of one 784-256x6-10 cell against the bytes it must hold

Prints a Markdown report and writes it, with every raw figure as JSON, to
Benchmarks/results/. See Benchmarks/README.md for how to read it.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import baselines
import network_io
from make_random_network import random_network

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = Path(os.environ.get("CELLCERT_SHARED_NETS", ROOT.parent / "shared" / "nets"))
MNIST_CSV = SHARED / "data" / "mnist_test.csv"
MNIST_NET = SHARED / "mnist" / "mnist-net_256x2.onnx"
ACAS_NET = SHARED / "acasxu" / "ACASXU_experimental_v2a_1_1.nnet"
# Pause before each timed run (Harness.settle).
SETTLE_SECONDS = 1.0


@dataclass
class Settings:
    """How much to repeat. Quick mode proves the harness works; the full run is the measurement."""
    quick: bool
    inputs: int            # inputs per network for the radii benchmarks
    reps: int              # repetitions of timed kernels
    radii_rounds: int      # alternating rounds of ours and numpy in the radii benchmark (reps each)
    torch_reps: int        # repetitions of the (slow) torch baselines
    facet_reps: int        # repetitions of the small facet benchmarks (both sides)
    big_facets: bool       # the 784-256-256-10 HiGHS run (minutes; one repetition)
    mc_samples: int
    mc_batch: int
    table_reps: int
    dgemm_n: int

    @staticmethod
    def make(quick):
        if quick:
            return Settings(True, inputs=2, reps=3, radii_rounds=1, torch_reps=2, facet_reps=1, big_facets=False, mc_samples=8192,
                            mc_batch=1024, table_reps=2, dgemm_n=1024)
        return Settings(False, inputs=6, reps=5, radii_rounds=4, torch_reps=3, facet_reps=3, big_facets=True, mc_samples=32768,
                        mc_batch=1024, table_reps=5, dgemm_n=2048)


@dataclass
class NetSpec:
    key: str
    label: str
    sizes: list = None          # random He network of these sizes (make_random_network.py, seed 0)
    path: Path = None           # or a model file CellCert reads
    inputs: str = "uniform"     # mnist (pixels/255), uniform ([0,1]^d) or domain (uniform in the model's box)
    mnist_size: bool = False    # one of the three 784-256xk-10 networks the radii targets name


NETWORKS = [
    NetSpec("r784x2", "random 784-256x2-10", sizes=[784, 256, 256, 10], inputs="mnist", mnist_size=True),
    NetSpec("r784x4", "random 784-256x4-10", sizes=[784] + [256] * 4 + [10], inputs="mnist", mnist_size=True),
    NetSpec("r784x6", "random 784-256x6-10", sizes=[784] + [256] * 6 + [10], inputs="mnist", mnist_size=True),
    NetSpec("acas", "ACAS Xu 1_1 (.nnet)", path=ACAS_NET, inputs="domain"),
    NetSpec("r4096", "random 4096-256-256-10", sizes=[4096, 256, 256, 10], inputs="uniform"),
    NetSpec("mnistnet", "mnist-net_256x2 (trained)", path=MNIST_NET, inputs="mnist"),
]
# Small enough for several HiGHS repetitions; not one of the networks, a smaller sibling.
FACET_SMALL = NetSpec("r784x64", "random 784-64-64-10", sizes=[784, 64, 64, 10], inputs="mnist")
# Monte Carlo: ε per network (ℓ2 perturbation size), chosen so that some but not all samples change class.
MC_RUNS = [("r784x2", 2.0), ("mnistnet", 4.0)]
MEMORY_SIZES = [784] + [256] * 6 + [10]


def median(values):
    return statistics.median(values)


def from_json_number(value):
    """cellcert-bench writes +∞ as the string "inf"."""
    return float(value) if isinstance(value, str) else value


class Harness:
    def __init__(self, settings, build_dir, out_dir):
        self.settings = settings
        self.bench = build_dir / "cellcert-bench"
        self.cellcert = build_dir / "cellcert"
        self.work = out_dir / "work"
        self.work.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self.results = {}
        self.report = []
        self.skipped = []
        self.prepared = {}
        for binary in (self.bench, self.cellcert):
            if not binary.exists():
                sys.exit(f"run_benchmarks: {binary} is missing; build it first (make bench does)")

    # --- plumbing -------------------------------------------------------------------------

    def say(self, text=""):
        print(text, flush=True)
        self.report.append(text)

    def progress(self, text):
        print(f"  … {text}", file=sys.stderr, flush=True)

    @staticmethod
    def settle():
        """Waits until the thread pools of the previous measurement sleep.

        numpy's OpenBLAS, torch's OpenMP and onnxruntime keep their worker
        threads busy-waiting for a while after each call (OpenBLAS: 2^28 cycles,
        about 0.1 s); timing the next kernel at once would share the cores with them.
        """
        time.sleep(SETTLE_SECONDS)

    def swift(self, *arguments):
        command = [str(self.bench)] + [str(a) for a in arguments]
        if arguments[0] != "export":
            self.settle()
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
        return json.loads(done.stdout)

    def skip(self, what, why):
        message = f"SKIPPED {what}: {why}"
        self.skipped.append(message)
        self.say(f"> {message}")

    def prepare(self, spec):
        """The model file CellCert reads, the same network as numpy arrays, the inputs
        (float64 array) and the CSV holding exactly those inputs. None when unavailable."""
        if spec.key in self.prepared:
            return self.prepared[spec.key]
        if spec.path is not None and not spec.path.exists():
            self.prepared[spec.key] = None
            return None
        if spec.sizes is not None:
            model = self.work / f"random-{'-'.join(map(str, spec.sizes))}-seed0.json"
            if not model.exists():
                self.progress(f"generating {model.name}")
                with open(model, "w") as f:
                    json.dump(random_network(spec.sizes, "argmax", 0), f)
            exported = model
        else:
            model = spec.path
            exported = self.work / f"{spec.key}.json"
            self.swift("export", model, exported)
        net = network_io.read_network(exported)
        count = max(self.settings.inputs, 1)
        d = net.input_dimension
        rng = np.random.default_rng(1)
        kind = spec.inputs
        if kind == "mnist" and not MNIST_CSV.exists():
            self.say(f"> {spec.label}: {MNIST_CSV} is missing; using uniform random inputs in [0,1]^{d} instead")
            kind = "uniform"
        if kind == "mnist":
            images = np.loadtxt(MNIST_CSV, delimiter=",", max_rows=count)
            inputs = images[:, 1:] / 255.0
        elif kind == "domain":
            low, high = net.domain_lower, net.domain_upper
            inputs = low + (high - low) * rng.random((count, d))
        else:
            inputs = rng.random((count, d))
        csv = self.work / f"{spec.key}-inputs.csv"
        np.savetxt(csv, inputs, delimiter=",", fmt="%.17g")
        self.prepared[spec.key] = (model, net, inputs, csv)
        return self.prepared[spec.key]

    # --- (a), (b), (e): radii and GFLOP/s ------------------------------------------------

    def radii(self):
        s = self.settings
        self.say("## (a, b) Cell radii in three norms, per input")
        self.say()
        self.say(f"{s.inputs} inputs per network, {s.radii_rounds} alternating rounds of {s.reps} repetitions of ours and of numpy "
                 f"({s.torch_reps} repetitions for torch); medians of the per-input time "
                 "(cell + ℓ2/ℓ∞/ℓ1 radii). Ours: `cell(at:)` + `radius(at:norm:)` ×3 (certified, with rounding "
                 "bounds). torch: `torch.autograd.functional.jacobian` with its defaults (the target's baseline); "
                 "`torch.func.jacrev` (vmap-batched reverse mode) for information. Discrepancy: max relative "
                 "difference of our uncorrected radius (`estimate`) from the baseline's.")
        self.say()
        self.say("| network | N | ours | numpy | ratio | torch jacobian | ratio | torch.func.jacrev | ratio | max discrepancy numpy / torch |")
        self.say("|---|---|---|---|---|---|---|---|---|---|")
        import torch
        results = {}
        for spec in NETWORKS:
            prepared = self.prepare(spec)
            if prepared is None:
                self.skip(f"radii on {spec.label}", f"{spec.path} is missing (../shared/nets not found)")
                continue
            model, net, inputs, csv = prepared
            self.progress(f"radii: {spec.label}")
            # Ours and numpy alternate in rounds: the two targets' ratio should not ride on
            # drifts of the shared machine (seconds-long slow phases are common here).
            ours_seconds, ours_cell_seconds, numpy_times = [], [], []
            for _ in range(s.radii_rounds):
                ours = self.swift("radii", model, csv, "--reps", s.reps)
                ours_seconds += ours["seconds"]
                ours_cell_seconds += ours["cellSeconds"]
                times, numpy_radii = self.time_python(lambda x: baselines.numpy_radii(net, x), inputs, s.reps)
                numpy_times += times
            ours["seconds"], ours["cellSeconds"] = ours_seconds, ours_cell_seconds
            count = ours["inputs"]
            ours_time = median(ours["seconds"]) / count
            torch_net = baselines.TorchNetwork(net)
            torch_times, torch_radii = self.time_python(torch_net.radii, inputs, s.torch_reps)
            jacrev_times, _ = self.time_python(lambda x: torch_net.radii(x, "jacrev"), inputs, s.torch_reps)
            numpy_time, torch_time = median(numpy_times) / count, median(torch_times) / count
            jacrev_time = median(jacrev_times) / count
            numpy_gap = self.discrepancy(ours["results"], numpy_radii)
            torch_gap = self.discrepancy(ours["results"], torch_radii)
            rows = ours["results"][0]["rows"]
            flops = statistics.mean(r["productFlops"] for r in ours["results"])
            cell_time = median(ours["cellSeconds"]) / count
            results[spec.key] = {
                "label": spec.label, "mnistSize": spec.mnist_size, "rows": rows,
                "oursSeconds": ours["seconds"], "oursCellSeconds": ours["cellSeconds"], "inputs": count,
                "numpySeconds": numpy_times, "torchSeconds": torch_times, "jacrevSeconds": jacrev_times,
                "oursPerInput": ours_time, "numpyPerInput": numpy_time, "torchPerInput": torch_time,
                "jacrevPerInput": jacrev_time,
                "numpyRatio": numpy_time / ours_time, "torchRatio": torch_time / ours_time,
                "numpyDiscrepancy": numpy_gap, "torchDiscrepancy": torch_gap,
                "cellPerInput": cell_time, "productFlops": flops,
                "cellGflops": flops / cell_time / 1e9 if cell_time > 0 else None,
                "radii": [r["estimate"] for r in ours["results"]],
            }
            self.say(f"| {spec.label} | {rows} | {ms(ours_time)} | {ms(numpy_time)} | {numpy_time / ours_time:.2f}× "
                     f"| {ms(torch_time)} | {torch_time / ours_time:.2f}× | {ms(jacrev_time)} | {jacrev_time / ours_time:.2f}× "
                     f"| {numpy_gap:.1e} / {torch_gap:.1e} |")
        self.say()
        self.say(f"torch {torch.__version__}, {torch.get_num_threads()} threads; numpy {np.__version__}.")
        self.say()
        self.results["radii"] = results

    @staticmethod
    def time_python(kernel, inputs, repetitions):
        """Per repetition, seconds for all inputs; one untimed warm-up call first."""
        Harness.settle()
        kernel(inputs[0])
        seconds, radii = [], None
        for _ in range(repetitions):
            start = time.perf_counter()
            radii = [kernel(x) for x in inputs]
            seconds.append(time.perf_counter() - start)
        return seconds, radii

    @staticmethod
    def discrepancy(ours, theirs):
        worst = 0.0
        for mine, other in zip(ours, theirs):
            for norm, value in other.items():
                a, b = from_json_number(mine["estimate"][norm]), value
                if a == b:
                    continue
                worst = max(worst, abs(a - b) / max(abs(b), 1e-300))
        return worst

    def gflops(self):
        s = self.settings
        self.say("## (e) GFLOP/s of the cell build against dgemm")
        self.say()
        n = s.dgemm_n
        a, b = np.random.default_rng(2).random((n, n)), np.random.default_rng(3).random((n, n))
        a @ b
        seconds = []
        for _ in range(s.reps):
            start = time.perf_counter()
            a @ b
            seconds.append(time.perf_counter() - start)
        dgemm = 2 * n ** 3 / median(seconds) / 1e9
        single = self.single_thread_dgemm(n)
        self.say(f"dgemm (numpy `@`, {n}×{n} float64, OpenBLAS, all threads): **{dgemm:.1f} GFLOP/s** "
                 f"(one thread: {single:.1f} GFLOP/s).")
        self.say()
        self.say("Cell build flops: Σ_l 2·d·|S_l|·n_{l+1} (the products W_{l+1,S} Â_{l,S} over the active units S_l), "
                 "mean over the inputs; time: median of `cell(at:)` alone (forward pass, products, rounding bounds).")
        self.say()
        self.say("| network | flops per cell | cell build | GFLOP/s | of dgemm |")
        self.say("|---|---|---|---|---|")
        rows = {}
        for key, r in self.results.get("radii", {}).items():
            if not r["cellGflops"]:
                continue
            share = r["cellGflops"] / dgemm
            rows[key] = {"label": r["label"], "gflops": r["cellGflops"], "share": share, "mnistSize": r["mnistSize"]}
            self.say(f"| {r['label']} | {r['productFlops'] / 1e6:.0f} M | {ms(r['cellPerInput'])} "
                     f"| {r['cellGflops']:.1f} | {100 * share:.0f}% |")
        self.say()
        self.results["gflops"] = {"dgemmN": n, "dgemmSeconds": seconds, "dgemmGflops": dgemm,
                                  "dgemmSingleThreadGflops": single, "cells": rows}

    def single_thread_dgemm(self, n):
        script = ("import numpy as np, time\n"
                  f"a = np.random.default_rng(2).random(({n}, {n})); b = a.T.copy(); a @ b\n"
                  "t = []\n"
                  "for _ in range(3):\n"
                  "    s = time.perf_counter(); a @ b; t.append(time.perf_counter() - s)\n"
                  f"print(2 * {n} ** 3 / sorted(t)[1] / 1e9)\n")
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        return float(done.stdout.strip())

    # --- (c) facets ---------------------------------------------------------------------

    def facets(self):
        s = self.settings
        self.say("## (c) Facets of one cell (input 0) against a scipy HiGHS loop")
        self.say()
        self.say("Ours: `facets(near:)` (cell built beforehand). HiGHS: rows normalised, coincident ones merged, "
                 "then one `linprog(method=\"highs\")` per row from scratch (relaxed-row LP), spread over 2 worker "
                 "processes as ours uses both cores. "
                 "Sets compared after mapping coincident rows to one representative.")
        self.say()
        self.say("| network | faces | facets ours / HiGHS | sym. diff. | unknown | LPs ours / HiGHS | reps | ours | HiGHS | ratio |")
        self.say("|---|---|---|---|---|---|---|---|---|---|")
        runs = [(self.spec("acas"), s.reps, s.facet_reps), (FACET_SMALL, s.facet_reps, s.facet_reps)]
        if s.big_facets:
            runs.append((self.spec("r784x2"), 3, 1))
        results = {}
        for spec, our_reps, their_reps in runs:
            prepared = self.prepare(spec)
            if prepared is None:
                self.skip(f"facets on {spec.label}", f"{spec.path} is missing (../shared/nets not found)")
                continue
            model, net, inputs, csv = prepared
            self.progress(f"facets: {spec.label} (ours)")
            # Our repetitions stop early after 240 s of kernel time (at least one runs).
            ours = self.swift("facets", model, csv, "--index", 0, "--reps", our_reps, "--budget", 240)
            rows, offsets, signs = baselines.cell_rows(net, inputs[0])
            self.progress(f"facets: {spec.label} (HiGHS, {their_reps} repetition(s) of {rows.shape[0]} rows)")
            seconds = []
            for _ in range(their_reps):
                start = time.perf_counter()
                theirs, group, lps, unknown = baselines.highs_facets(rows, offsets, signs)
                seconds.append(time.perf_counter() - start)
            canonical = lambda facet_rows: {group.get(r, r) for r in facet_rows}
            difference = canonical(ours["facetRows"]) ^ canonical(theirs)
            ours_time, their_time = median(ours["seconds"]), median(seconds)
            results[spec.key] = {
                "label": spec.label, "rows": ours["rows"], "oursSeconds": ours["seconds"], "highsSeconds": seconds,
                "oursFacets": len(ours["facetRows"]), "highsFacets": len(theirs), "symmetricDifference": len(difference),
                "oursUnknown": ours["unknown"], "highsUnknown": len(unknown), "oursLPs": ours["linearProgramsSolved"],
                "highsLPs": lps, "verdicts": ours["verdicts"], "ratio": their_time / ours_time,
                "rowsMatch": ours["rows"] == rows.shape[0]}
            self.say(f"| {spec.label} | {ours['hyperplanes']} | {len(ours['facetRows'])} / {len(theirs)} | {len(difference)} "
                     f"| {ours['unknown']} / {len(unknown)} | {ours['linearProgramsSolved']} / {lps} "
                     f"| {len(ours['seconds'])} / {their_reps} | {sec(ours_time)} | {sec(their_time)} | {their_time / ours_time:.1f}× |")
        if not s.big_facets:
            self.say()
            self.say("> BENCH_QUICK: the 784-256-256-10 HiGHS run (several minutes) is skipped.")
        self.say()
        self.results["facets"] = results

    def spec(self, key):
        return next(n for n in NETWORKS if n.key == key)

    # --- (d) Monte Carlo ----------------------------------------------------------------

    def monte_carlo(self):
        import onnxruntime as ort
        s = self.settings
        self.say("## (d) Monte Carlo class-change counting against onnxruntime")
        self.say()
        self.say(f"{s.mc_samples} directions uniform on the sphere around input 0, batches of {s.mc_batch}, "
                 f"{s.reps} repetitions, 2 threads on both sides. Ours: `monteCarloRobustness` (sampling, forward "
                 "passes, class and cell counts). ORT: numpy sampling + `InferenceSession.run` on the network "
                 "exported to ONNX (MatMul/Add/Relu) + argmax; float64 is the comparison, float32 for information. "
                 "Counts come from different random streams: they must agree statistically (|z| < 5).")
        self.say()
        self.say("| network | ε | changed ours / ORT | z | ours samples/s | ORT f64 samples/s | ratio | ORT f64 forward only | ORT f32 samples/s |")
        self.say("|---|---|---|---|---|---|---|---|---|")
        results = {}
        for key, epsilon in MC_RUNS:
            spec = self.spec(key)
            prepared = self.prepare(spec)
            if prepared is None:
                self.skip(f"Monte Carlo on {spec.label}", f"{spec.path} is missing (../shared/nets not found)")
                continue
            model, net, inputs, csv = prepared
            self.progress(f"Monte Carlo: {spec.label}")
            ours = self.swift("montecarlo", model, csv, "--index", 0, "--epsilon", epsilon, "--samples", s.mc_samples,
                              "--batch", s.mc_batch, "--threads", 2, "--reps", s.reps, "--budget", 60)
            figures = {}
            for dtype in (np.float64, np.float32):
                options = ort.SessionOptions()
                options.intra_op_num_threads = 2
                options.inter_op_num_threads = 1
                session = ort.InferenceSession(network_io.onnx_model(net, dtype).SerializeToString(), options,
                                               providers=["CPUExecutionProvider"])
                self.settle()
                baselines.ort_monte_carlo(session, net, inputs[0], epsilon, s.mc_batch, s.mc_batch, 99, dtype)
                seconds, forward = [], []
                # float64 is the comparison; the float32 figure is for information, fewer repetitions.
                for rep in range(s.reps if dtype is np.float64 else 2):
                    start = time.perf_counter()
                    changed, forward_seconds = baselines.ort_monte_carlo(
                        session, net, inputs[0], epsilon, s.mc_samples, s.mc_batch, rep, dtype)
                    seconds.append(time.perf_counter() - start)
                    forward.append(forward_seconds)
                figures[np.dtype(dtype).name] = {"seconds": seconds, "forwardSeconds": forward, "changed": changed}
            n = s.mc_samples
            ours_rate = n / median(ours["seconds"])
            f64 = figures["float64"]
            ort_rate = n / median(f64["seconds"])
            p1, p2 = ours["changed"] / n, f64["changed"] / n
            pooled = (p1 + p2) / 2
            z = 0.0 if p1 == p2 else (p1 - p2) / max(np.sqrt(pooled * (1 - pooled) * 2 / n), 1e-300)
            results[key] = {"label": spec.label, "epsilon": epsilon, "samples": n, "batch": s.mc_batch,
                            "oursSeconds": ours["seconds"], "oursChanged": ours["changed"], "oursLeftCell": ours["leftCell"],
                            "ort": figures, "oursSamplesPerSecond": ours_rate, "ortSamplesPerSecond": ort_rate,
                            "ratio": ours_rate / ort_rate, "z": z}
            self.say(f"| {spec.label} | {epsilon:g} | {ours['changed']} / {f64['changed']} | {z:+.1f} | {ours_rate:,.0f} "
                     f"| {ort_rate:,.0f} | {ours_rate / ort_rate:.2f}× | {n / median(f64['forwardSeconds']):,.0f} "
                     f"| {n / median(figures['float32']['seconds']):,.0f} |")
        self.say()
        self.say(f"onnxruntime {ort.__version__}.")
        self.say()
        self.results["monteCarlo"] = results

    # --- (f) table threads --------------------------------------------------------------

    def table(self):
        s = self.settings
        self.say("## (f) `cellcert table` over 100 MNIST images, 1 vs 2 threads")
        self.say()
        if not (MNIST_NET.exists() and MNIST_CSV.exists()):
            self.skip("cellcert table", f"{MNIST_NET} or {MNIST_CSV} is missing (../shared/nets not found)")
            self.say()
            return
        outputs, seconds = {}, {1: [], 2: []}
        commands = {}
        for rep in range(s.table_reps):
            for threads in ((1, 2) if rep % 2 == 0 else (2, 1)):
                out = self.work / f"table-{threads}.json"
                command = [str(self.cellcert), "table", str(MNIST_NET), "--inputs", str(MNIST_CSV),
                           "--label-column", "first", "--scale", "255", "--threads", str(threads),
                           "--format", "json", "--output", str(out)]
                commands[threads] = command
                self.progress(f"table --threads {threads} (repetition {rep + 1})")
                self.settle()
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True)
                seconds[threads].append(time.perf_counter() - start)
                outputs[threads] = without_timings(json.loads(out.read_text()))
        one, two = median(seconds[1]), median(seconds[2])
        identical = outputs[1] == outputs[2]
        self.say(f"Process wall time (model loading included), {s.table_reps} repetitions each, alternating.")
        self.say()
        self.say("| threads | median wall time |")
        self.say("|---|---|")
        self.say(f"| 1 | {sec(one)} |")
        self.say(f"| 2 | {sec(two)} |")
        self.say()
        self.say(f"Speed-up **{one / two:.2f}×**; results (timings removed) identical: {'yes' if identical else 'NO'}.")
        self.say()
        self.say("Command: `" + " ".join(relative(c) for c in commands[2]).replace(str(self.work) + "/", "") + "`")
        self.say()
        self.results["table"] = {"seconds": {str(k): v for k, v in seconds.items()}, "speedup": one / two,
                                 "identical": identical, "command": commands[2]}

    # --- (g) memory ---------------------------------------------------------------------

    def memory(self):
        s = self.settings
        self.say("## (g) Peak memory of one 784-256x6-10 cell")
        self.say()
        if not Path("/usr/bin/time").exists():
            self.skip("peak memory", "/usr/bin/time is missing (apt-get install time)")
            return
        sizes = ",".join(map(str, MEMORY_SIZES))
        runs = {"noop": ["noop"], "network": ["cell-memory", "--sizes", sizes, "--no-cell", "1"],
                "cell": ["cell-memory", "--sizes", sizes]}
        peaks, info = {}, {}
        for name, arguments in runs.items():
            values = []
            for _ in range(3):
                done = subprocess.run(["/usr/bin/time", "-v", str(self.bench)] + arguments,
                                      capture_output=True, text=True, check=True)
                values.append(int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1)) * 1024)
                info[name] = json.loads(done.stdout)
            peaks[name] = median(values)
        held = info["cell"]["weightBytes"] + info["cell"]["rowBytes"]
        added = peaks["cell"] - peaks["noop"]
        ratio = added / held
        self.say("Peak RSS (`/usr/bin/time -v`, median of 3) of `cellcert-bench cell-memory` (random network generated "
                 "in the process, one cell built) minus that of `cellcert-bench noop`, against the bytes the cell "
                 "must hold: weights and biases plus its rows and offsets (N × (d + 1) doubles).")
        self.say()
        self.say("| what | bytes |")
        self.say("|---|---|")
        self.say(f"| weights + biases | {mb(info['cell']['weightBytes'])} |")
        self.say(f"| cell rows + offsets (N = {info['cell']['rows']}) | {mb(info['cell']['rowBytes'])} |")
        self.say(f"| peak RSS, noop process | {mb(peaks['noop'])} |")
        self.say(f"| peak RSS − noop, network only | {mb(peaks['network'] - peaks['noop'])} |")
        self.say(f"| peak RSS − noop, network + cell | {mb(added)} |")
        self.say()
        self.say(f"Ratio peak / held: **{ratio:.2f}×**.")
        self.say()
        self.results["memory"] = {"peaks": peaks, "weightBytes": info["cell"]["weightBytes"],
                                  "rowBytes": info["cell"]["rowBytes"], "added": added, "ratio": ratio}

    # --- summary ------------------------------------------------------------------------

    def summary(self):
        self.say("## Summary against the issue's targets")
        self.say()
        self.say("| target | measured | verdict |")
        self.say("|---|---|---|")
        radii = [r for r in self.results.get("radii", {}).values() if r["mnistSize"]]

        def line(target, measured, passed):
            verdict = "n/a" if passed is None else ("PASS" if passed else "MISS")
            self.say(f"| {target} | {measured} | {verdict} |")

        if radii:
            worst = min(radii, key=lambda r: r["numpyRatio"])
            line("radii ≥ 2× numpy (three 784-256×k-10)", ", ".join(f"{r['numpyRatio']:.2f}×" for r in radii),
                 worst["numpyRatio"] >= 2)
            line("radii ≥ 10× torch (three 784-256×k-10)", ", ".join(f"{r['torchRatio']:.2f}×" for r in radii),
                 min(r["torchRatio"] for r in radii) >= 10)
            gap = max(r["numpyDiscrepancy"] for r in self.results["radii"].values())
            line("radii agree with numpy (relative ≤ 1e-9, all networks)", f"{gap:.1e}", gap <= 1e-9)
        else:
            line("radii against numpy and torch", "not run", None)
        cells = [c for c in self.results.get("gflops", {}).get("cells", {}).values() if c["mnistSize"]]
        if cells:
            line("cell build ≥ 50% of dgemm GFLOP/s (three 784-256×k-10)",
                 ", ".join(f"{100 * c['share']:.0f}%" for c in cells), min(c["share"] for c in cells) >= 0.5)
        big = self.results.get("facets", {}).get("r784x2")
        if big:
            same = big["symmetricDifference"] == 0 and big["oursUnknown"] == 0 and big["highsUnknown"] == 0
            line("facets of 784-256-256-10 ≥ 10× HiGHS, same set",
                 f"{big['ratio']:.1f}×, sym. diff. {big['symmetricDifference']}, unknown {big['oursUnknown']}",
                 big["ratio"] >= 10 and same)
        else:
            line("facets of 784-256-256-10 ≥ 10× HiGHS, same set", "not run (BENCH_QUICK)", None)
        small = [f for k, f in self.results.get("facets", {}).items() if k != "r784x2"]
        if small:
            line("facet sets identical on the smaller cells", ", ".join(str(f["symmetricDifference"]) for f in small),
                 all(f["symmetricDifference"] == 0 for f in small))
        mc = list(self.results.get("monteCarlo", {}).values())
        if mc:
            line("Monte Carlo ≥ 1× onnxruntime samples/s (batch ≥ 1024)", ", ".join(f"{m['ratio']:.2f}×" for m in mc),
                 min(m["ratio"] for m in mc) >= 1)
            line("Monte Carlo counts agree with ORT statistically (|z| < 5)", ", ".join(f"{m['z']:+.1f}" for m in mc),
                 all(abs(m["z"]) < 5 for m in mc))
        table = self.results.get("table")
        if table:
            line("`cellcert table` 100 MNIST images ≥ 1.7× with 2 threads",
                 f"{table['speedup']:.2f}× (identical results: {'yes' if table['identical'] else 'no'})",
                 table["speedup"] >= 1.7 and table["identical"])
        else:
            line("`cellcert table` ≥ 1.7× with 2 threads", "not run", None)
        memory = self.results.get("memory")
        if memory:
            line("peak memory of one 784-256×6-10 cell ≤ 2× held bytes", f"{memory['ratio']:.2f}×", memory["ratio"] <= 2)
        self.say()


def without_timings(value):
    """A table's JSON without its timings and its thread count, the only parts that may differ between runs."""
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items()
                if not re.search(r"time|seconds|millis|threads", k, re.I)}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


def relative(path):
    text = str(path)
    for base, name in ((str(ROOT) + "/", ""), (str(SHARED.resolve()), "../shared/nets"), (str(SHARED), "../shared/nets")):
        text = text.replace(base, name)
    return text


def ms(seconds):
    return f"{seconds * 1e3:.2f} ms"


def sec(seconds):
    return f"{seconds:.3g} s" if seconds >= 1 else ms(seconds)


def mb(count):
    return f"{count / 2 ** 20:.1f} MiB"


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK", "") not in ("", "0"),
                        help="fewer repetitions, no 784-256-256-10 HiGHS run (also BENCH_QUICK=1)")
    parser.add_argument("--build-dir", type=Path, default=ROOT / ".build" / "release",
                        help="folder holding the release cellcert and cellcert-bench")
    parser.add_argument("--out-dir", type=Path, default=HERE / "results")
    parser.add_argument("--only", default="abcdefg", help="run only these benchmarks (letters a–g; a and b run together)")
    args = parser.parse_args()
    settings = Settings.make(args.quick)
    harness = Harness(settings, args.build_dir.absolute(), args.out_dir.absolute())
    started = datetime.datetime.now()
    load_before = os.getloadavg()
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    harness.say(f"# CellCert benchmarks, {started:%Y-%m-%d %H:%M}{' (BENCH_QUICK)' if settings.quick else ''}")
    harness.say()
    harness.say(f"{cpu_model()}, {os.cpu_count()} cores; commit {commit or '?'} (plus uncommitted changes, if any); "
                f"load average at start {load_before[0]:.2f}. Other processes on the machine disturb the timings.")
    harness.say()
    if "a" in args.only or "b" in args.only or "e" in args.only:
        harness.radii()
    if "e" in args.only:
        harness.gflops()
    if "c" in args.only:
        harness.facets()
    if "d" in args.only:
        harness.monte_carlo()
    if "f" in args.only:
        harness.table()
    if "g" in args.only:
        harness.memory()
    harness.summary()
    elapsed = (datetime.datetime.now() - started).total_seconds()
    load_after = os.getloadavg()
    harness.say(f"Total {elapsed / 60:.1f} min; load average at the end {load_after[0]:.2f}.")
    stamp = f"{started:%Y%m%d-%H%M%S}{'-quick' if settings.quick else ''}"
    document = {"started": started.isoformat(), "quick": settings.quick, "commit": commit, "cpu": cpu_model(),
                "cores": os.cpu_count(), "loadAverage": {"start": load_before, "end": load_after},
                "settings": settings.__dict__, "skipped": harness.skipped, "results": harness.results,
                "elapsedSeconds": elapsed}
    json_path = harness.out_dir / f"bench-{stamp}.json"
    json_path.write_text(json.dumps(document, indent=1, default=float))
    (harness.out_dir / f"bench-{stamp}.md").write_text("\n".join(harness.report) + "\n")
    print(f"\nWrote {relative(json_path)} and {relative(json_path.with_suffix('.md'))}")


if __name__ == "__main__":
    main()
