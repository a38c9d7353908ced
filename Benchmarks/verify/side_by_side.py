#!/usr/bin/env python3
"""Issue 16, target 3: `cellcert verify` and Marabou side by side on ACAS Xu, on this machine.

Runs a declared, deterministic subset of the 186 VNN-COMP 2021 ACAS Xu instances
(every K-th line of acasxu_instances.csv, starting at line OFFSET, 0-based) with both
tools, one run at a time, each with the competition's timeout capped at --max-timeout
seconds, and prints both totals and their ratio on that same subset.

  cellcert: `cellcert verify MODEL PROPERTY --timeout T`, timed from process start to exit.
  Marabou:  maraboupy 2.x (pip install maraboupy), the property read by Marabou's own
            VNN-LIB parser (Benchmarks/marabou/marabou_query.py), timed from reading the
            network to the answer, in a forked child killed 30 s past its timeout.

An unanswered run (timeout, unknown, error) counts its full time. Wrong = sat where
expected_results.csv says unsat or the reverse. Writes RESULTS/side-by-side.csv and
RESULTS/side-by-side.md. Exit status 1 if either tool answers wrongly.
"""
import argparse
import csv
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "marabou"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cellcert", default=".build/release/cellcert")
    parser.add_argument("--nets", default="../shared/nets/acasxu")
    parser.add_argument("--results", default="Benchmarks/verify/results")
    parser.add_argument("--every", type=int, default=6, help="take every K-th instance (default 6: 31 of 186)")
    parser.add_argument("--offset", type=int, default=0, help="first instance taken (0-based line of the instances file)")
    parser.add_argument("--max-timeout", type=float, default=30.0, help="cap on every timeout, seconds (default 30)")
    args = parser.parse_args()

    from marabou_query import MarabouNetwork  # imported late: --help works without maraboupy

    instances = []
    with open(os.path.join(args.nets, "acasxu_instances.csv"), newline="") as f:
        for row in csv.reader(f):
            if len(row) == 3:
                instances.append((row[0].strip(), row[1].strip(), float(row[2])))
    expected = {}
    with open(os.path.join(args.nets, "expected_results.csv"), newline="") as f:
        for r in csv.DictReader(f):
            expected[(r["onnx"], r["vnnlib"])] = r["expected"]
    subset = [(i, *instance) for i, instance in enumerate(instances) if i >= args.offset and (i - args.offset) % args.every == 0]
    declaration = (f"every {args.every}-th instance of acasxu_instances.csv from line {args.offset} (0-based): "
                   f"{len(subset)} of {len(instances)}, timeouts min(competition, {args.max_timeout:g} s)")
    print(declaration, flush=True)

    rows = []
    for index, onnx, vnnlib, limit in subset:
        limit = min(limit, args.max_timeout)
        model, prop = os.path.join(args.nets, onnx), os.path.join(args.nets, vnnlib)
        want = expected[(onnx, vnnlib)]

        start = time.monotonic()
        try:
            done = subprocess.run([args.cellcert, "verify", model, prop, "--timeout", f"{limit}"],
                                  capture_output=True, text=True, timeout=limit + 10)
            lines = done.stdout.splitlines()
            ours = lines[0].strip() if done.returncode == 0 and lines else "error"
        except subprocess.TimeoutExpired:
            ours = "timeout"
        our_seconds = time.monotonic() - start

        start = time.monotonic()
        try:
            theirs = MarabouNetwork(model).property_query(prop, limit).verdict
        except Exception as error:  # a reader failure is Marabou's answer for this instance
            theirs = f"error ({type(error).__name__})"
        their_seconds = time.monotonic() - start

        rows.append(dict(index=index, onnx=onnx, vnnlib=vnnlib, timeout=limit, expected=want,
                         cellcert=ours, cellcert_seconds=our_seconds, marabou=theirs, marabou_seconds=their_seconds))
        print(f"[{index}] {onnx} {vnnlib} (expected {want}, timeout {limit:g} s): "
              f"cellcert {ours} {our_seconds:.2f} s, Marabou {theirs} {their_seconds:.2f} s", flush=True)

    os.makedirs(args.results, exist_ok=True)
    with open(os.path.join(args.results, "side-by-side.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["index"])
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (f"{v:.3f}" if isinstance(v, float) else v) for k, v in r.items()})
    summary = summarize(rows, declaration)
    with open(os.path.join(args.results, "side-by-side.md"), "w") as f:
        f.write(summary)
    print(summary)
    wrong = any(is_wrong(r["cellcert"], r["expected"]) or is_wrong(r["marabou"], r["expected"]) for r in rows)
    return 1 if wrong else 0


def is_wrong(answer, expected):
    return answer in ("sat", "unsat") and answer != expected


def summarize(rows, declaration):
    if not rows:
        return "no instances run\n"
    lines = ["# cellcert verify and Marabou side by side on ACAS Xu (this machine)", "", f"Subset: {declaration}.", "",
             "| | cellcert | Marabou |", "|---|---|---|"]
    answered = {t: sum(r[t] == r["expected"] for r in rows) for t in ("cellcert", "marabou")}
    wrong = {t: sum(is_wrong(r[t], r["expected"]) for r in rows) for t in ("cellcert", "marabou")}
    total = {t: sum(r[f"{t}_seconds"] for r in rows) for t in ("cellcert", "marabou")}
    lines += [f"| answered correctly | {answered['cellcert']} | {answered['marabou']} |",
              f"| wrong | {wrong['cellcert']} | {wrong['marabou']} |",
              f"| total seconds | {total['cellcert']:.1f} | {total['marabou']:.1f} |", "",
              f"Ratio of totals cellcert / Marabou: {total['cellcert'] / total['marabou']:.3f}"
              f" (Marabou / cellcert: {total['marabou'] / total['cellcert']:.1f}).", "",
              "Unanswered runs count their full time (capped timeout).", ""]
    missed = [r for r in rows if r["cellcert"] != r["expected"] or r["marabou"] != r["expected"]]
    if missed:
        lines += ["| instance | expected | cellcert | s | Marabou | s |", "|---|---|---|---|---|---|"]
        lines += [f"| {r['onnx']} {r['vnnlib']} | {r['expected']} | {r['cellcert']} | {r['cellcert_seconds']:.1f} "
                  f"| {r['marabou']} | {r['marabou_seconds']:.1f} |" for r in missed]
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
