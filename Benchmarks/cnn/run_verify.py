#!/usr/bin/env python3
"""`cellcert verify` on the VNN-COMP CNN instances, with their own time limits.

Usage: python3 Benchmarks/cnn/run_verify.py NETS_DIR [--cellcert PATH] [--cap SECONDS] [--out FILE.csv]

Reads every cnn/*/instances_local.csv (onnx, vnnlib, timeout, expected answer),
runs `cellcert verify MODEL PROPERTY --timeout T` (T = the instance's timeout,
at most --cap), and writes a CSV (benchmark, onnx, vnnlib, expected, result,
seconds) and a summary: per benchmark the counts of each answer and the times
of the answered instances; overall answered, agreeing with the expected answer,
and disagreeing. An answer that disagrees is printed with the instance, to be
explained, never hidden.
"""
import argparse, csv, glob, os, subprocess, sys, time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("nets")
    p.add_argument("--cellcert", default=".build/release/cellcert")
    p.add_argument("--cap", type=float, default=None, help="upper limit on each instance's time limit")
    p.add_argument("--out", default="Benchmarks/results/cnn-verify.csv")
    args = p.parse_args()
    rows = []
    for listing in sorted(glob.glob(os.path.join(args.nets, "cnn", "*", "instances_local.csv"))):
        folder = os.path.dirname(listing)
        for line in open(listing):
            if line.startswith("#") or not line.strip():
                continue
            onnx, vnnlib, limit, expected = line.strip().split(",")[:4]
            limit = float(limit) if args.cap is None else min(float(limit), args.cap)
            start = time.perf_counter()
            run = subprocess.run([args.cellcert, "verify", os.path.join(folder, onnx), os.path.join(folder, vnnlib),
                                  "--timeout", str(limit)], capture_output=True, text=True, timeout=limit + 120)
            seconds = time.perf_counter() - start
            result = run.stdout.split("\n")[0].strip() if run.returncode == 0 else "error"
            rows.append((os.path.basename(folder), onnx, vnnlib, expected, result, round(seconds, 3)))
            print(f"{os.path.basename(folder):16} {vnnlib[:60]:60} expected {expected:6} got {result:8} {seconds:7.2f} s", flush=True)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["benchmark", "onnx", "vnnlib", "expected", "result", "seconds"])
        w.writerows(rows)
    print(f"\n{'benchmark':16} {'n':>2} {'sat':>3} {'unsat':>5} {'unknown':>7} {'timeout':>7} {'other':>5}  seconds of answered")
    for bench in sorted({r[0] for r in rows}):
        mine = [r for r in rows if r[0] == bench]
        count = lambda answer: sum(r[4] == answer for r in mine)
        other = len(mine) - sum(count(a) for a in ("sat", "unsat", "unknown", "timeout"))
        seconds = " ".join(f"{r[5]:.2f}" for r in mine if r[4] in ("sat", "unsat"))
        print(f"{bench:16} {len(mine):2} {count('sat'):3} {count('unsat'):5} {count('unknown'):7} {count('timeout'):7} {other:5}  {seconds}")
    answered = [r for r in rows if r[4] in ("sat", "unsat")]
    agree = [r for r in answered if r[4] == r[3]]
    disagree = [r for r in answered if r[4] != r[3]]
    times = sorted(r[5] for r in answered)
    print(f"\n{len(rows)} instances: {len(answered)} answered ({sum(r[4] == 'sat' for r in answered)} sat, "
          f"{sum(r[4] == 'unsat' for r in answered)} unsat), {len(agree)} agree with the expected answer, "
          f"{len(disagree)} disagree; median time of answered {times[len(times) // 2] if times else float('nan'):.2f} s")
    for r in disagree:
        print(f"DISAGREES: {r[0]}/{r[2]}: expected {r[3]}, cellcert {r[4]}")


if __name__ == "__main__":
    main()
