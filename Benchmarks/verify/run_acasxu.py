#!/usr/bin/env python3
"""Issue 16's benchmark: `cellcert verify` on the 186 ACAS Xu instances of VNN-COMP 2021.

Runs every instance of acasxu_instances.csv with the competition's timeout, one at a
time (the verifier itself uses both cores), times each run from process start to exit
(as nnenum-2core.csv times nnenum, Python start-up included), and writes

  RESULTS/acasxu-results.csv   VNN-COMP style: benchmark,onnx,vnnlib,prepare_seconds,result,run_seconds
  RESULTS/acasxu-summary.md    counts, wrong answers, median and total time, beside nnenum (2 cores,
                               this machine) and the nnenum/Marabou columns of expected_results.csv

Wrong = an answer that contradicts expected_results.csv (sat for unsat or unsat for sat);
timeout/unknown are unanswered, never wrong. Exit status 1 if any answer is wrong.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import time


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cellcert", default=".build/release/cellcert")
    parser.add_argument("--nets", default="../shared/nets/acasxu")
    parser.add_argument("--results", default="Benchmarks/verify/results")
    parser.add_argument("--filter", default="", help="only instances whose 'onnx,vnnlib' contains this text")
    parser.add_argument("--timeout-scale", type=float, default=1.0, help="multiply the competition timeouts")
    parser.add_argument("--max-timeout", type=float, default=None, help="cap every timeout (a quick survey)")
    args = parser.parse_args()

    nets = args.nets
    instances = []
    with open(os.path.join(nets, "acasxu_instances.csv"), newline="") as f:
        for row in csv.reader(f):
            if len(row) == 3:
                instances.append((row[0].strip(), row[1].strip(), float(row[2])))
    expected = {(r["onnx"], r["vnnlib"]): r for r in read_csv(os.path.join(nets, "expected_results.csv"))}
    nnenum = {(r["onnx"], r["vnnlib"]): r for r in read_csv(os.path.join(nets, "nnenum-2core.csv"))}
    os.makedirs(args.results, exist_ok=True)

    rows = []
    for onnx, vnnlib, limit in instances:
        if args.filter and args.filter not in f"{onnx},{vnnlib}":
            continue
        limit *= args.timeout_scale
        if args.max_timeout is not None:
            limit = min(limit, args.max_timeout)
        command = [args.cellcert, "verify", os.path.join(nets, onnx), os.path.join(nets, vnnlib), "--timeout", f"{limit}"]
        start = time.monotonic()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=limit + 10)
            seconds = time.monotonic() - start
            lines = done.stdout.splitlines()
            result = lines[0].strip() if done.returncode == 0 and lines else "error"
        except subprocess.TimeoutExpired:
            seconds = time.monotonic() - start
            result = "timeout"
        want = expected[(onnx, vnnlib)]["expected"]
        wrong = result in ("sat", "unsat") and result != want
        reference = nnenum.get((onnx, vnnlib), {})
        rows.append(dict(onnx=onnx, vnnlib=vnnlib, result=result, seconds=seconds, expected=want, wrong=wrong,
                         nnenum_result=reference.get("nnenum_result", ""),
                         nnenum_seconds=float(reference.get("seconds", "nan")),
                         marabou_seconds=float(expected[(onnx, vnnlib)].get("marabou_seconds") or "nan")))
        mark = "WRONG" if wrong else ("" if result == want else "unanswered")
        print(f"{onnx} {vnnlib}: {result} in {seconds:.2f} s (expected {want}; nnenum {rows[-1]['nnenum_seconds']:.2f} s) {mark}",
              flush=True)

    with open(os.path.join(args.results, "acasxu-results.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["benchmark", "onnx", "vnnlib", "prepare_seconds", "result", "run_seconds"])
        for r in rows:
            # cellcert needs no preparation: the model is read by each run (its time is in run_seconds).
            writer.writerow(["acasxu", r["onnx"], r["vnnlib"], "0.0", r["result"], f"{r['seconds']:.3f}"])

    summary = summarize(rows)
    with open(os.path.join(args.results, "acasxu-summary.md"), "w") as f:
        f.write(summary)
    print(summary)
    return 1 if any(r["wrong"] for r in rows) else 0


def summarize(rows):
    if not rows:
        return "no instances run\n"
    ours = [r["seconds"] for r in rows]
    theirs = [r["nnenum_seconds"] for r in rows]
    marabou = [r["marabou_seconds"] for r in rows if r["marabou_seconds"] == r["marabou_seconds"]]
    answered = sum(r["result"] == r["expected"] for r in rows)
    wrong = sum(r["wrong"] for r in rows)
    nnenum_answered = sum(r["nnenum_result"] == r["expected"] for r in rows)
    ratios = [r["seconds"] / r["nnenum_seconds"] for r in rows if r["nnenum_seconds"] > 0]
    slower = [r for r in rows if r["seconds"] > r["nnenum_seconds"] + 1]
    lines = [
        "# cellcert verify on ACAS Xu (VNN-COMP 2021)", "",
        f"{len(rows)} instances, competition timeouts, one at a time on this machine.", "",
        "| | cellcert | nnenum (2 cores, this machine) |",
        "|---|---|---|",
        f"| answered correctly | {answered} | {nnenum_answered} |",
        f"| wrong | {wrong} | 0 |",
        f"| median seconds | {statistics.median(ours):.2f} | {statistics.median(theirs):.2f} |",
        f"| total seconds | {sum(ours):.1f} | {sum(theirs):.1f} |",
        "",
        f"Per-instance time ratio cellcert / nnenum: median {statistics.median(ratios):.2f}, "
        f"min {min(ratios):.2f}, max {max(ratios):.2f}.",
        f"Marabou (expected_results.csv, competition machine): total {sum(marabou):.1f} s over {len(marabou)} instances.",
        f"Instances slower than nnenum + 1 s: {len(slower)}.", "",
    ]
    if slower:
        lines += ["| onnx | vnnlib | cellcert | s | nnenum s |", "|---|---|---|---|---|"]
        lines += [f"| {r['onnx']} | {r['vnnlib']} | {r['result']} | {r['seconds']:.2f} | {r['nnenum_seconds']:.2f} |"
                  for r in sorted(slower, key=lambda r: -r["seconds"])]
        lines.append("")
    unanswered = [r for r in rows if r["result"] != r["expected"]]
    if unanswered:
        lines += ["Not answered or wrong:", ""]
        lines += [f"- {r['onnx']} {r['vnnlib']}: {r['result']} (expected {r['expected']}, {r['seconds']:.1f} s)" for r in unanswered]
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
