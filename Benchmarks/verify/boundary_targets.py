#!/usr/bin/env python3
"""Issue 16, target 2: how often `--boundary` finds the exact distance R_p(x).

ACAS Xu: inputs drawn uniformly at random from each .nnet's own domain box
(seeded NumPy generator, never picked by hand) on five nets spread over the 45,
`R_p` inside that domain, `--timeout 60` per input. MNIST: test images of
`mnist_test.csv` on `mnist-net_256x2.onnx` in [0, 1], `--timeout 120`. ℓ∞ and ℓ1
with each `--method` asked for; ℓ2 (search only) beside them.

Every run is `cellcert table … --boundary --format csv` on a CSV of the inputs;
the script counts rows whose `R_status` is `exact` and quotes the median and
largest `R_ms`, and the largest relative gap `(upper − lower) / upper` among
the exact rows (how exact they are: the search's witness may sit a rounding
step beyond `R`, the proofs close to a tolerance of about 10⁻⁵). The targets: ≥ 90 % exact on ACAS Xu, ≥ 8 of 10 on MNIST.

A full run (100 ACAS Xu inputs and 10 images, three norms) can take hours at
the limits; `--per-net`, `--images`, `--norms` declare a subset, which the
summary states.

    python3 Benchmarks/verify/boundary_targets.py --cellcert .build/release/cellcert \\
        --nets ../shared/nets --per-net 2 --images 4 --norms linf,l1
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ACAS_NETS = ["1_1", "2_3", "3_5", "4_7", "5_9"]


def nnet_domain(path):
    """The input box (raw units) from a .nnet header: min and max lines."""
    with open(path) as f:
        lines = [line for line in f if not line.startswith("//")]
    sizes = [int(v) for v in lines[1].split(",") if v.strip()]
    lower = [float(v) for v in lines[3].split(",") if v.strip()][: sizes[0]]
    upper = [float(v) for v in lines[4].split(",") if v.strip()][: sizes[0]]
    return lower, upper


def run_table(cellcert, model, inputs_csv, norm, method, timeout, domain, threads, extra):
    command = [cellcert, "table", model, "--inputs", inputs_csv, "--boundary", "--norm", norm,
               "--timeout", str(timeout), "--format", "csv", "--threads", str(threads)] + extra
    if method:
        command += ["--method", method]
    if domain:
        command += ["--domain", domain]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"boundary_targets: {' '.join(command)} failed: {done.stderr.strip()}")
    rows = list(csv.DictReader(line for line in done.stdout.splitlines() if line and not line.startswith("#")))
    return rows, wall


def summarise(label, rows, wall):
    statuses = [row["R_status"] for row in rows]
    exact = statuses.count("exact")
    times = [float(row["R_ms"]) / 1000 for row in rows if row.get("R_ms")]
    median = statistics.median(times) if times else float("nan")
    worst = max(times) if times else float("nan")
    # How exact "exact" is: the largest (upper − lower) / upper among the exact rows.
    gaps = [(float(row["R_upper"]) - float(row["R_lower"])) / float(row["R_upper"])
            for row in rows if row["R_status"] == "exact" and row.get("R_upper") and float(row["R_upper"]) > 0]
    gap = f"{max(gaps):.1e}" if gaps else "–"
    return (f"| {label} | {len(rows)} | {exact} | {100 * exact / max(1, len(rows)):.0f} % "
            f"| {statuses.count('bounded')} | {statuses.count('unknown')} | {median:.2f} | {worst:.2f} | {wall:.0f} | {gap} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cellcert", required=True)
    parser.add_argument("--nets", required=True, help="the folder with acasxu/, mnist/ and data/")
    parser.add_argument("--per-net", type=int, default=20, help="random domain inputs per ACAS Xu net (20)")
    parser.add_argument("--images", type=int, default=10, help="MNIST test images (10)")
    parser.add_argument("--norms", default="linf,l1,l2")
    parser.add_argument("--methods", default="search", help="methods for linf/l1: search, milp or both (l2: search)")
    parser.add_argument("--acas-timeout", type=float, default=60)
    parser.add_argument("--mnist-timeout", type=float, default=120)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--skip-acas", action="store_true")
    parser.add_argument("--skip-mnist", action="store_true")
    parser.add_argument("--summary", help="also write the summary (Markdown) here")
    args = parser.parse_args()

    norms = args.norms.split(",")
    methods = args.methods.split(",")
    lines = ["| set | inputs | exact | share | bounded | unknown | median s | max s | wall s | largest exact gap |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as scratch:
        if not args.skip_acas:
            generator = np.random.default_rng(args.seed)
            sets = []
            for net in ACAS_NETS:
                model = os.path.join(args.nets, "acasxu", f"ACASXU_experimental_v2a_{net}.nnet")
                lower, upper = nnet_domain(model)
                points = generator.uniform(lower, upper, size=(20, len(lower)))[: args.per_net]
                path = os.path.join(scratch, f"acas_{net}.csv")
                np.savetxt(path, points, delimiter=",", fmt="%.17g")
                sets.append((net, model, path))
            for norm in norms:
                for method in (["search"] if norm == "l2" else methods):
                    all_rows, total_wall = [], 0
                    for net, model, path in sets:
                        rows, wall = run_table(args.cellcert, model, path, norm, method, args.acas_timeout, None,
                                               args.threads, ["--label-column", "none"])
                        all_rows += rows
                        total_wall += wall
                    lines.append(summarise(f"ACAS Xu {'/'.join(ACAS_NETS)}, {norm}, {method}", all_rows, total_wall))
                    print(lines[-1], flush=True)
        if not args.skip_mnist:
            model = os.path.join(args.nets, "mnist", "mnist-net_256x2.onnx")
            path = os.path.join(scratch, "mnist.csv")
            with open(os.path.join(args.nets, "data", "mnist_test.csv")) as source, open(path, "w") as target:
                for _, line in zip(range(args.images), source):
                    target.write(line)
            for norm in norms:
                for method in (["search"] if norm == "l2" else methods):
                    rows, wall = run_table(args.cellcert, model, path, norm, method, args.mnist_timeout, "0,1",
                                           args.threads, ["--label-column", "first", "--scale", "255"])
                    lines.append(summarise(f"MNIST 256x2, {norm}, {method}", rows, wall))
                    print(lines[-1], flush=True)
    subset = (f"ACAS Xu: {args.per_net} of 20 inputs per net (seed {args.seed}), timeout {args.acas_timeout:g} s; "
              f"MNIST: {args.images} of 10 images, timeout {args.mnist_timeout:g} s; {args.threads} threads")
    print("\n" + subset + "\n\n" + "\n".join(lines))
    if args.summary:
        with open(args.summary, "w") as f:
            f.write(subset + "\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
