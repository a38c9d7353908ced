#!/usr/bin/env python3
"""Golden outputs of the nine ACAS Xu .nnet networks, computed independently of CellCert.

For each ACASXU_experimental_v2a_1_{1..9}.nnet in <root>/../shared/nets/acasxu,
draws 5 raw inputs uniformly inside the file's [min, max] box (seeded), evaluates
the network in float64 with numpy -- normalise (x - mean) / range, ReLU on hidden
layers, linear output layer, de-normalise raw * range_out + mean_out (no clamping:
the inputs are inside the box) -- and writes
Tests/CellCertTests/Golden/acasxu_golden.json with the inputs, outputs and the
argmin class. The .nnet parser here is written from the format description in
../shared/nets/README.md and shares no code with Swift.

Usage: python3 Fixtures/scripts/make_golden_nnet.py   (numpy only)
"""
import hashlib
import json
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
NETS = ROOT.parent / "shared" / "nets" / "acasxu"
OUT = ROOT / "Tests" / "CellCertTests" / "Golden" / "acasxu_golden.json"
SEED = 20240601
SAMPLES = 5


def read_nnet(path):
    """Parses a .nnet file: returns (weights, biases, mins, maxs, means, ranges)."""
    rows = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        fields = [f.strip() for f in line.split(",")]
        if fields and fields[-1] == "":
            fields.pop()
        rows.append(fields)
    n_layers, n_in, n_out, _ = (int(v) for v in rows[0])
    sizes = [int(v) for v in rows[1]]
    assert len(sizes) == n_layers + 1 and sizes[0] == n_in and sizes[-1] == n_out
    # rows[2] is the unused flag line.
    mins, maxs, means, ranges = (np.array([float(v) for v in rows[k]]) for k in (3, 4, 5, 6))
    assert len(mins) == len(maxs) == n_in and len(means) == len(ranges) == n_in + 1
    weights, biases = [], []
    r = 7
    for k in range(1, n_layers + 1):
        w = np.array([[float(v) for v in rows[r + i]] for i in range(sizes[k])])
        r += sizes[k]
        b = np.array([float(rows[r + i][0]) for i in range(sizes[k])])
        r += sizes[k]
        assert w.shape == (sizes[k], sizes[k - 1])
        weights.append(w)
        biases.append(b)
    assert r == len(rows), "trailing data"
    return weights, biases, mins, maxs, means, ranges


def evaluate(net, x):
    weights, biases, _, _, means, ranges = net
    h = (x - means[:-1]) / ranges[:-1]
    for k, (w, b) in enumerate(zip(weights, biases)):
        z = w @ h + b
        h = np.maximum(z, 0.0) if k < len(weights) - 1 else z
    return h * ranges[-1] + means[-1]


def main():
    rng = np.random.default_rng(SEED)
    cases = []
    for index in range(1, 10):
        name = f"ACASXU_experimental_v2a_1_{index}.nnet"
        path = NETS / name
        net = read_nnet(path)
        mins, maxs = net[2], net[3]
        for _ in range(SAMPLES):
            x = mins + rng.random(len(mins)) * (maxs - mins)
            y = evaluate(net, x)
            cases.append({
                "network": name,
                "input": [float(v) for v in x],
                "output": [float(v) for v in y],
                "argmin": int(np.argmin(y)),
            })
    document = {
        "description": "ACAS Xu .nnet outputs from Fixtures/scripts/make_golden_nnet.py (numpy float64, "
                       "normalised inputs, ReLU hidden, linear output, de-normalised outputs, no clamping)",
        "seed": SEED,
        "sha256": {name: hashlib.sha256((NETS / name).read_bytes()).hexdigest()
                   for name in sorted({c["network"] for c in cases})},
        "cases": cases,
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
