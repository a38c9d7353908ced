#!/usr/bin/env python3
"""Writes Fixtures/instances/: a tiny VNN-COMP instance list for `cellcert verify --instances`.

Local robustness queries: for an input x of class c and a radius eps, the unsafe set is
"some input with |X_i - x_i| <= eps (within the model's domain) where some other class's
output is at least class c's". Small radii come out unsat, large ones sat, so the list
mixes both answers; every instance is answered in well under a second in a debug build,
so the kill tests can interrupt and resume the list many times.

- Fixtures/example-net.nnet (4-16-16-3) around the 10 inputs of Fixtures/example-inputs.csv
  (whose labels are the network's classes), radii 0.02, 0.3 and 2 in raw input units;
- Fixtures/trained/digits.onnx around two test images, radius 4 (raw 0-16 pixel units): sat.

The models are named relative to the CSV's folder (../example-net.nnet), as VNN-COMP lists
name theirs (onnx/…).

    python3 Fixtures/scripts/make_instance_fixtures.py
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "instances")
TIMEOUT = 60


def vnnlib(x, label, eps, classes, lower, upper, comment):
    lines = [f"; {comment}"]
    lines += [f"(declare-const X_{i} Real)" for i in range(len(x))]
    lines += [f"(declare-const Y_{j} Real)" for j in range(classes)]
    for i, v in enumerate(x):
        lines.append(f"(assert (>= X_{i} {max(lower[i], v - eps)!r}))")
        lines.append(f"(assert (<= X_{i} {min(upper[i], v + eps)!r}))")
    others = " ".join(f"(and (>= Y_{j} Y_{label}))" for j in range(classes) if j != label)
    lines.append(f"(assert (or {others}))")
    return "\n".join(lines) + "\n"


def rows(path):
    with open(path) as f:
        return [list(map(float, line.split(","))) for line in f if line.strip()]


def main():
    os.makedirs(os.path.join(OUT, "vnnlib"), exist_ok=True)
    csv = []
    pi = 3.141592653589793
    lower, upper = [0.0, -pi, 0.0, 100.0], [10.0, pi, 1.0, 200.0]
    for n, row in enumerate(rows(os.path.join(ROOT, "example-inputs.csv"))):
        label, x = int(row[0]), row[1:]
        for eps in [0.02, 0.3, 2.0]:
            name = f"example_{n}_eps_{eps}.vnnlib"
            comment = f"example-net.nnet: input {n} of example-inputs.csv (class {label}), l-inf radius {eps}"
            with open(os.path.join(OUT, "vnnlib", name), "w") as f:
                f.write(vnnlib(x, label, eps, 3, lower, upper, comment))
            csv.append(f"../example-net.nnet,vnnlib/{name},{TIMEOUT}")
    for n, row in enumerate(rows(os.path.join(ROOT, "trained", "digits_test.csv"))[:2]):
        label, x = int(row[0]), row[1:]
        name = f"digits_{n}_eps_4.vnnlib"
        comment = f"digits.onnx: test image {n} (label {label}), l-inf radius 4 in raw 0-16 units"
        with open(os.path.join(OUT, "vnnlib", name), "w") as f:
            f.write(vnnlib(x, label, 4.0, 10, [0.0] * 64, [16.0] * 64, comment))
        csv.append(f"../trained/digits.onnx,vnnlib/{name},{TIMEOUT}")
    with open(os.path.join(OUT, "instances.csv"), "w") as f:
        f.write("\n".join(csv) + "\n")


if __name__ == "__main__":
    main()
