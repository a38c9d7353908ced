#!/usr/bin/env python3
"""Cross-check cellcert's exact decision-boundary distances and VNN-LIB verdicts with Marabou.

Issue 5, scope item 8. See README.md beside this file for what is checked and
how to read the report. Run through `run.sh` (which makes the virtual
environment) or `make crosscheck`.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from cellcert_runner import CellCert, CommandFailure  # noqa: E402
from marabou_query import MarabouNetwork  # noqa: E402
from onnx_float64 import ONNXFloat64, decide  # noqa: E402
from report import render_markdown  # noqa: E402
from vnnlib_dnf import VNNLibDNF  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))

#: The L∞ box radii around x, as multiples of our distance R, at which Marabou is asked.
BELOW, ABOVE = 0.999, 1.001

#: The ACAS Xu (property, net) pairs of the standard benchmark on nets 1_1 … 1_9, used when
#: the VNN-COMP 2021 instances file is absent: properties 1–4 on every net, 5 and 6 on 1_1, 7 on 1_9.
STANDARD_PAIRS = ([(f"prop_{p}", f"1_{n}") for p in range(1, 5) for n in range(1, 10)]
                  + [("prop_5", "1_1"), ("prop_6", "1_1"), ("prop_7", "1_9")])

#: Quick mode's pairs: known unsat (3 on 1_1, 4 on 1_1) and known sat (3 on 1_7) answers.
QUICK_PAIRS = [("prop_3", "1_1"), ("prop_4", "1_1"), ("prop_3", "1_7")]


# --------------------------------------------------------------------------- inputs

@dataclass
class Suite:
    """One network with its inputs, domain and decision, as both tools see them."""

    name: str
    onnx: str
    decision: str                      # "argmin" or "argmax"
    inputs: np.ndarray                 # (n, d), the network's own (normalised) units
    lower: np.ndarray                  # domain box
    upper: np.ndarray
    certify_arguments: list            # how cellcert reads the same inputs and domain
    timeout: float                     # cellcert's per-input --timeout
    labels: list = field(default_factory=list)


def nnet_domain(path: str):
    """The .nnet file's min/max box mapped through its normalisation, (v − mean) / range."""
    rows = []
    with open(path) as handle:
        for line in handle:
            if line.startswith("//"):
                continue
            rows.append([float(v) for v in line.strip().rstrip(",").split(",") if v.strip()])
            if len(rows) == 7:
                break
    _, inputs, _, _ = (int(v) for v in rows[0])
    minimum, maximum, mean, spread = (np.array(rows[k][:inputs]) for k in (3, 4, 5, 6))
    return (minimum - mean) / spread, (maximum - mean) / spread


def domain_option(lower, upper) -> str:
    return "--domain=" + ",".join(f"{a:.17g}:{b:.17g}" for a, b in zip(lower, upper))


def acas_suite(nets_dir: str, net: str, count: int, seed: int, timeout: float, inputs_dir: str) -> Suite:
    onnx = os.path.join(nets_dir, "acasxu", f"ACASXU_run2a_{net}_batch_2000.onnx")
    lower, upper = nnet_domain(os.path.join(nets_dir, "acasxu", f"ACASXU_experimental_v2a_{net}.nnet"))
    inputs = np.random.default_rng(seed).uniform(lower, upper, size=(count, len(lower)))
    path = os.path.join(inputs_dir, f"acasxu_{net}_seed{seed}_n{count}.csv")
    np.savetxt(path, inputs, delimiter=",", fmt="%.17g")
    # The CSV holds the exact doubles cellcert reads; read them back so both sides use the same x.
    inputs = np.loadtxt(path, delimiter=",", ndmin=2)
    return Suite(f"ACAS Xu {net}", onnx, "argmin", inputs, lower, upper,
                 ["--inputs", path, "--decision", "argmin", domain_option(lower, upper)], timeout)


def mnist_suite(nets_dir: str, count: int, timeout: float) -> Suite:
    onnx = os.path.join(nets_dir, "mnist", "mnist-net_256x2.onnx")
    data = os.path.join(nets_dir, "data", "mnist_test.csv")
    with open(data) as handle:
        rows = [[float(v) for v in row] for row, _ in zip(csv.reader(handle), range(count))]
    inputs = np.array([row[1:] for row in rows]) / 255.0
    d = inputs.shape[1]
    return Suite("MNIST 256x2", onnx, "argmax", inputs, np.zeros(d), np.ones(d),
                 ["--inputs", data, "--label-column", "first", "--scale", "255", "--limit", str(count),
                  "--domain", "0,1"], timeout, labels=[int(row[0]) for row in rows])


def small_suite(nets_dir: str, count: int, seed: int, timeout: float, inputs_dir: str) -> Suite:
    """Marabou's 2-25-25-25-2 example network: small enough that both methods answer exactly,
    so that the R-based checks run even when the large networks only give bounds."""
    onnx = os.path.join(nets_dir, "small", "marabou", "fc1.onnx")
    lower, upper = -np.ones(2), np.ones(2)
    inputs = np.random.default_rng(seed).uniform(lower, upper, size=(count, 2))
    path = os.path.join(inputs_dir, f"fc1_seed{seed}_n{count}.csv")
    np.savetxt(path, inputs, delimiter=",", fmt="%.17g")
    inputs = np.loadtxt(path, delimiter=",", ndmin=2)
    return Suite("fc1 (2-25-25-25-2)", onnx, "argmax", inputs, lower, upper,
                 ["--inputs", path, "--domain=-1,1"], timeout)


# --------------------------------------------------------------------------- robustness checks

def rival_inequality(c: int, j: int, classes: int, decision: str):
    """`Σ coefficients·y ≤ 0` iff class j does at least as well as class c."""
    coefficients = [0.0] * classes
    if decision == "argmin":      # y_j ≤ y_c
        coefficients[j], coefficients[c] = 1.0, -1.0
    else:                         # y_j ≥ y_c
        coefficients[c], coefficients[j] = 1.0, -1.0
    return coefficients, 0.0


def advantage(outputs, c: int, k: int, decision: str) -> float:
    """How far class k beats class c at these outputs (> 0: strictly better)."""
    return float(outputs[c] - outputs[k]) if decision == "argmin" else float(outputs[k] - outputs[c])


class RobustnessChecker:
    """Marabou queries on L∞ boxes around one input, cached by (radius, rival)."""

    def __init__(self, suite: Suite, marabou: MarabouNetwork, evaluate: ONNXFloat64, timeout: float):
        self.suite, self.marabou, self.evaluate, self.timeout = suite, marabou, evaluate, timeout
        self.cache = {}

    def box(self, x, radius):
        lower = np.maximum(self.suite.lower, x - radius) if radius is not None else self.suite.lower
        upper = np.minimum(self.suite.upper, x + radius) if radius is not None else self.suite.upper
        return lower, upper

    def query(self, x, radius, c, j, classes):
        key = (None if radius is None else float(f"{radius:.15g}"), j)
        if key not in self.cache:
            lower, upper = self.box(x, radius)
            answer = self.marabou.box_query(lower, upper, [rival_inequality(c, j, classes, self.suite.decision)],
                                            self.timeout)
            record = {"rival": j, **answer.to_json()}
            if answer.verdict == "sat":
                point = np.array(answer.inputs)
                outputs = self.evaluate(point)
                record["inBox"] = bool(np.all(point >= lower - 1e-9) and np.all(point <= upper + 1e-9))
                record["classFloat64"] = decide(outputs, self.suite.decision)
                record["advantageFloat64"] = advantage(outputs, c, j, self.suite.decision)
            record.pop("inputs"), record.pop("outputs")
            self.cache[key] = record
            progress(f"    marabou r={radius if radius is None else f'{radius:.6g}'} rival {j}: "
                     f"{answer.verdict} ({answer.seconds:.1f} s)")
        return self.cache[key]

    def expect_unsat(self, x, radius, c, classes, kind):
        """Every rival query on the box must be unsat: no input there is classified other than c."""
        queries = []
        for j in range(classes):
            if j == c:
                continue
            queries.append(self.query(x, radius, c, j, classes))
            if queries[-1]["verdict"] == "sat":
                break
        verdicts = [q["verdict"] for q in queries]
        outcome = ("disagree" if "sat" in verdicts else
                   "agree" if all(v == "unsat" for v in verdicts) else "inconclusive")
        return {"kind": kind, "radius": radius, "expect": "unsat", "outcome": outcome, "queries": queries}

    def expect_sat(self, x, radius, c, classes, first_rival, kind):
        """Some rival query on the box must be sat (the witness's class is asked first)."""
        order = [first_rival] if first_rival is not None and first_rival != c else []
        order += [j for j in range(classes) if j != c and j not in order]
        queries = []
        for j in order:
            queries.append(self.query(x, radius, c, j, classes))
            if queries[-1]["verdict"] == "sat":
                break
        verdicts = [q["verdict"] for q in queries]
        outcome = ("agree" if "sat" in verdicts else
                   "disagree" if all(v == "unsat" for v in verdicts) else "inconclusive")
        return {"kind": kind, "radius": radius, "expect": "sat", "outcome": outcome, "queries": queries}


def witness_check(suite: Suite, evaluate: ONNXFloat64, x, c, boundary) -> dict | None:
    """Re-evaluate our witness in float64 (independently of cellcert): in the domain, at the
    reported L∞ distance, and of another class than x."""
    witness = boundary.get("witness")
    if not witness:
        return None
    point = np.array(witness["point"])
    outputs = evaluate(point)
    k = witness["class"]
    independent = decide(outputs, suite.decision)
    return {
        "inDomain": bool(np.all(point >= suite.lower - 1e-12) and np.all(point <= suite.upper + 1e-12)),
        "distanceError": abs(float(np.max(np.abs(point - x))) - witness["distance"]),
        "classFloat64": independent,
        "changesClass": independent != c,
        "advantageFloat64": advantage(outputs, c, k, suite.decision),
        "maxOutputDifference": float(np.max(np.abs(outputs - np.array(witness["outputs"])))),
    }


def same_distance(a, b) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def run_robustness(suite: Suite, cellcert: CellCert, methods, marabou_timeout: float) -> dict:
    progress(f"== {suite.name}: {len(suite.inputs)} inputs")
    evaluate = ONNXFloat64(suite.onnx)
    outputs = [evaluate(x) for x in suite.inputs]
    classes = len(outputs[0])
    ours = {}
    for method in methods:
        progress(f"  cellcert certify --method {method} (--timeout {suite.timeout:g} s per input)")
        arguments = [*suite.certify_arguments, "--boundary", "--norm", "linf", "--method", method,
                     "--timeout", f"{suite.timeout:g}"]
        ours[method] = cellcert.certify(suite.onnx, arguments, hard_timeout=len(suite.inputs) * (suite.timeout + 60) + 120)
        if isinstance(ours[method], CommandFailure):
            progress(f"    unavailable: {ours[method].message}")
    marabou = MarabouNetwork(suite.onnx)
    checker = RobustnessChecker(suite, marabou, evaluate, marabou_timeout)
    rows = []
    for i, x in enumerate(suite.inputs):
        c = decide(outputs[i], suite.decision)
        row = {"index": i, "class": c, "label": suite.labels[i] if suite.labels else None,
               "methods": {}, "checks": []}
        exact_radii, lower_bounds = [], []
        for method, report in ours.items():
            if isinstance(report, CommandFailure):
                row["methods"][method] = {"status": "unavailable", "error": report.message}
                continue
            result = report["results"][i]
            boundary = result["decisionBoundary"]
            entry = {key: boundary.get(key) for key in
                     ("status", "distance", "lower", "upper", "seconds", "cellsExplored", "lpsSolved", "note")}
            entry["predictedClass"] = result["predictedClass"]
            entry["classAgrees"] = result["predictedClass"] == c
            entry["witness"] = witness_check(suite, evaluate, x, c, boundary)
            entry["witnessClass"] = boundary["witness"]["class"] if boundary.get("witness") else None
            row["methods"][method] = entry
            if boundary["status"] == "exact":
                exact_radii.append((method, boundary["distance"], entry["witnessClass"]))
            elif boundary["status"] == "bounded" and boundary["lower"] > 0:
                lower_bounds.append((method, boundary["lower"]))
        progress(f"  input {i} (class {c}): " + ", ".join(
            f"{m} {e['status']}" + (f" R={e['distance']:.6g}" if e.get('distance') is not None else
                                    f" [{e.get('lower')}, {e.get('upper')}]" if e['status'] == 'bounded' else "")
            for m, e in row["methods"].items()))
        # One set of checks per distinct exact R (search and MILP share it when they agree).
        done = []
        for method, distance, witness_class in exact_radii:
            shared = next((d for d in done if (d["distance"] is None) == (distance is None)
                           and (distance is None or same_distance(d["distance"], distance))), None)
            if shared:
                shared["methods"].append(method)
                continue
            if distance is None:
                # Exact, and no input of the domain is classified differently.
                checks = [checker.expect_unsat(x, None, c, classes, "whole domain")]
            else:
                checks = [checker.expect_unsat(x, BELOW * distance, c, classes, f"{BELOW}·R"),
                          checker.expect_sat(x, ABOVE * distance, c, classes, witness_class, f"{ABOVE}·R")]
            done.append({"distance": distance, "methods": [method], "checks": checks})
        for group in done:
            for check in group["checks"]:
                row["checks"].append({**check, "methods": group["methods"]})
        # A bounded answer still claims its lower bound: nothing in that box changes class.
        for method, lower in lower_bounds:
            shared = next((k for k in row["checks"] if k["kind"] == f"{BELOW}·lower"
                           and same_distance(k["radius"] / BELOW, lower)), None)
            if shared:
                shared["methods"].append(method)
                continue
            check = checker.expect_unsat(x, BELOW * lower, c, classes, f"{BELOW}·lower")
            row["checks"].append({**check, "methods": [method]})
        rows.append(row)
    return {"suite": suite.name, "onnx": os.path.relpath(suite.onnx, REPO), "decision": suite.decision,
            "cellcertTimeout": suite.timeout, "marabouTimeout": marabou_timeout,
            "domain": {"lower": suite.lower.tolist(), "upper": suite.upper.tolist()} if len(suite.lower) <= 10
            else {"lower": float(suite.lower.min()), "upper": float(suite.upper.max())},
            "commands": {m: (r.to_json() if isinstance(r, CommandFailure) else
                             {"command": r["command"], "wallSeconds": r["wallSeconds"]})
                         for m, r in ours.items()},
            "inputs": rows}


# --------------------------------------------------------------------------- properties

def property_pairs(nets_dir: str, quick: bool):
    if quick:
        return QUICK_PAIRS
    instances = os.path.join(nets_dir, "acasxu", "acasxu_instances.csv")
    if not os.path.exists(instances):
        return STANDARD_PAIRS
    pairs = []
    with open(instances) as handle:
        for onnx, vnnlib, *_ in csv.reader(handle):
            net = onnx.removeprefix("ACASXU_run2a_").removesuffix("_batch_2000.onnx")
            if net.startswith("1_"):
                pairs.append((vnnlib.removesuffix(".vnnlib"), net))
    return pairs


def counterexample_valid(prop: VNNLibDNF, evaluate: ONNXFloat64, inputs) -> bool | None:
    if not inputs:
        return None
    return prop.contains(inputs, evaluate(np.array(inputs)))


def run_properties(nets_dir: str, cellcert: CellCert, pairs, timeout: float) -> list:
    progress(f"== ACAS Xu properties: {len(pairs)} pairs, {timeout:g} s per query and tool")
    networks, evaluators, rows = {}, {}, []
    for name, net in pairs:
        onnx = os.path.join(nets_dir, "acasxu", f"ACASXU_run2a_{net}_batch_2000.onnx")
        vnnlib = os.path.join(nets_dir, "acasxu", f"{name}.vnnlib")
        if net not in networks:
            networks[net], evaluators[net] = MarabouNetwork(onnx), ONNXFloat64(onnx)
        prop = VNNLibDNF(vnnlib)
        ours = cellcert.verify(onnx, vnnlib, timeout)
        ours["counterexampleValid"] = counterexample_valid(prop, evaluators[net], ours.get("inputs"))
        theirs = networks[net].property_query(vnnlib, timeout).to_json()
        theirs["counterexampleValid"] = counterexample_valid(prop, evaluators[net], theirs.get("inputs"))
        decided = {"sat", "unsat"}
        if ours["verdict"] in decided and theirs["verdict"] in decided:
            agreement = "agree" if ours["verdict"] == theirs["verdict"] else "DISAGREE"
        else:
            agreement = "inconclusive"
        rows.append({"property": name, "net": net, "cellcert": ours, "marabou": theirs, "agreement": agreement})
        progress(f"  {name} on {net}: cellcert {ours['verdict']} ({ours['seconds']:.1f} s), "
                 f"marabou {theirs['verdict']} ({theirs['seconds']:.1f} s): {agreement}")
    return rows


# --------------------------------------------------------------------------- preflight and main

def preflight(nets_dir: str) -> list:
    """Marabou on VNN-COMP's own test instances, whose answers are known: sat and unsat."""
    folder = os.path.join(nets_dir, "small", "vnncomp-test")
    rows = []
    for onnx, expected in (("test_sat.onnx", "sat"), ("test_unsat.onnx", "unsat")):
        answer = MarabouNetwork(os.path.join(folder, onnx)).property_query(os.path.join(folder, "test_prop.vnnlib"), 60)
        rows.append({"instance": f"{onnx} + test_prop.vnnlib", "expected": expected, "marabou": answer.verdict,
                     "seconds": round(answer.seconds, 3)})
        progress(f"  preflight {onnx}: expected {expected}, Marabou {answer.verdict}")
    return rows


def progress(message: str):
    print(message, file=sys.stderr, flush=True)


def environment(arguments, cellcert_path: str) -> dict:
    from importlib.metadata import version

    def git(*command):
        try:
            return subprocess.run(["git", "-C", REPO, *command], capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    return {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "mode": "quick" if arguments.quick else "full",
        "cellcert": os.path.relpath(cellcert_path, REPO),
        "gitCommit": git("rev-parse", "--short", "HEAD"),
        "gitDirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "maraboupy": version("maraboupy"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadAverageAtStart": os.getloadavg()[0],
        "arguments": vars(arguments),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="a few inputs, short timeouts, three property pairs: minutes instead of hours")
    parser.add_argument("--cellcert", default=os.path.join(REPO, ".build", "release", "cellcert"))
    parser.add_argument("--nets", default=os.path.join(os.path.dirname(REPO), "shared", "nets"),
                        help="the shared networks folder (default: ../shared/nets beside the repository)")
    parser.add_argument("--results", default=os.path.join(HERE, "results"))
    parser.add_argument("--sections", default="small,acas,mnist,properties",
                        help="comma-separated subset of: small, acas, mnist, properties")
    parser.add_argument("--methods", default="search,milp", help="cellcert --method values to check")
    parser.add_argument("--acas-nets", default="1_1,1_2,1_3")
    parser.add_argument("--acas-inputs", type=int, help="inputs per ACAS Xu net (default 20; quick 2)")
    parser.add_argument("--mnist-inputs", type=int, help="MNIST test images (default 5; quick 1)")
    parser.add_argument("--small-inputs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2021, help="seed of the random ACAS Xu and fc1 inputs")
    parser.add_argument("--acas-timeout", type=float, help="cellcert seconds per ACAS Xu input (default 120; quick 10)")
    parser.add_argument("--mnist-timeout", type=float, help="cellcert seconds per MNIST image (default 300; quick 20)")
    parser.add_argument("--small-timeout", type=float, default=30)
    parser.add_argument("--marabou-timeout", type=float, help="Marabou seconds per robustness query (default 120; quick 30)")
    parser.add_argument("--property-timeout", type=float,
                        help="seconds per property query, for each tool (default 120; quick 30)")
    parser.add_argument("--fresh", action="store_true", help="ignore cached cellcert certify runs")
    arguments = parser.parse_args()

    quick = arguments.quick
    pick = lambda value, full, fast: value if value is not None else (fast if quick else full)  # noqa: E731
    acas_inputs = pick(arguments.acas_inputs, 20, 2)
    mnist_inputs = pick(arguments.mnist_inputs, 5, 1)
    acas_timeout = pick(arguments.acas_timeout, 120, 10)
    mnist_timeout = pick(arguments.mnist_timeout, 300, 20)
    marabou_timeout = pick(arguments.marabou_timeout, 120, 30)
    property_timeout = pick(arguments.property_timeout, 120, 30)
    sections = set(arguments.sections.split(","))
    methods = arguments.methods.split(",")
    nets = os.path.abspath(arguments.nets)
    if not os.path.isdir(nets):
        raise SystemExit(f"shared networks folder not found: {nets}")

    results = os.path.abspath(arguments.results)
    inputs_dir = os.path.join(results, "inputs")
    os.makedirs(inputs_dir, exist_ok=True)
    cellcert = CellCert(os.path.abspath(arguments.cellcert), os.path.join(results, "cache"), not arguments.fresh)

    started = time.perf_counter()
    document = {"environment": environment(arguments, cellcert.executable), "preflight": preflight(nets),
                "robustness": [], "properties": []}
    suites = []
    if "small" in sections:
        suites.append(small_suite(nets, arguments.small_inputs, arguments.seed, arguments.small_timeout, inputs_dir))
    if "acas" in sections:
        suites += [acas_suite(nets, net, acas_inputs, arguments.seed, acas_timeout, inputs_dir)
                   for net in arguments.acas_nets.split(",")]
    if "mnist" in sections:
        suites.append(mnist_suite(nets, mnist_inputs, mnist_timeout))
    for suite in suites:
        document["robustness"].append(run_robustness(suite, cellcert, methods, marabou_timeout))
    if "properties" in sections:
        document["properties"] = run_properties(nets, cellcert, property_pairs(nets, quick), property_timeout)
    document["environment"]["totalSeconds"] = time.perf_counter() - started

    stamp = "quick" if quick else "full"
    json_path = os.path.join(results, f"crosscheck-{stamp}.json")
    markdown_path = os.path.join(results, f"crosscheck-{stamp}.md")
    with open(json_path, "w") as handle:
        json.dump(document, handle, indent=1)
    markdown = render_markdown(document)
    with open(markdown_path, "w") as handle:
        handle.write(markdown)
    print(markdown)
    progress(f"written: {os.path.relpath(markdown_path, REPO)}, {os.path.relpath(json_path, REPO)}")


if __name__ == "__main__":
    main()
