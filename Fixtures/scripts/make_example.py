#!/usr/bin/env python3
"""The small example network of Fixtures/ (for `make run` and the format tests).

A synthetic 3-class problem in d = 4 raw input coordinates, a 4-16-16-3 ReLU
network with an argmax head, trained by full-batch gradient descent with
momentum on the softmax cross-entropy -- all seeded, numpy only, no data files.

Raw inputs live in the box [0, 10] x [-pi, pi] x [0, 1] x [100, 200]; the
network normalises them with x' = (x - mean) / range (mean = box centre,
range = half-width), so the files exercise the input transform and the domain.

Writes, next to this script's parent folder:
  example-net.json    CellCert's native JSON format (decision, transform, domain)
  example-net.nnet    the same network in sisl's .nnet format
                      (with a `// cellcert-decision: argmax` comment)
  example-inputs.csv  10 held-out inputs, label first, raw units

Usage: python3 Fixtures/scripts/make_example.py
"""
import json
import pathlib

import numpy as np

FIXTURES = pathlib.Path(__file__).resolve().parents[1]
SEED = 7
SIZES = [4, 16, 16, 3]
LOWER = np.array([0.0, -np.pi, 0.0, 100.0])
UPPER = np.array([10.0, np.pi, 1.0, 200.0])
MEAN = (LOWER + UPPER) / 2
RANGE = (UPPER - LOWER) / 2


def label(z):
    """The class of normalised points z in [-1, 1]^4: argmax of three smooth scores."""
    scores = np.stack([
        np.sin(2.5 * z[:, 0]) + z[:, 1],
        3.0 * z[:, 2] * z[:, 3] + 0.3,
        0.9 - 1.5 * (z[:, 0] ** 2 + z[:, 3] ** 2),
    ], axis=1)
    return np.argmax(scores, axis=1)


def forward(params, z):
    hs = [z]
    for k, (w, b) in enumerate(params):
        a = hs[-1] @ w.T + b
        hs.append(np.maximum(a, 0.0) if k < len(params) - 1 else a)
    return hs


def train(z, y, steps=3000, rate=0.05, momentum=0.9):
    rng = np.random.default_rng(SEED)
    params = [(rng.normal(0, np.sqrt(2.0 / m), (n, m)), np.zeros(n)) for m, n in zip(SIZES, SIZES[1:])]
    velocity = [(np.zeros_like(w), np.zeros_like(b)) for w, b in params]
    onehot = np.eye(SIZES[-1])[y]
    for _ in range(steps):
        hs = forward(params, z)
        logits = hs[-1] - hs[-1].max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        delta = (p - onehot) / len(z)
        grads = []
        for k in reversed(range(len(params))):
            w, _ = params[k]
            grads.append((delta.T @ hs[k], delta.sum(axis=0)))
            if k > 0:
                delta = (delta @ w) * (hs[k] > 0)
        grads.reverse()
        for k, ((w, b), (gw, gb), (vw, vb)) in enumerate(zip(params, grads, velocity)):
            vw = momentum * vw - rate * gw
            vb = momentum * vb - rate * gb
            velocity[k] = (vw, vb)
            params[k] = (w + vw, b + vb)
    return params


def accuracy(params, z, y):
    return float(np.mean(np.argmax(forward(params, z)[-1], axis=1) == y))


def write_json(params, path):
    def row(values):
        return "[" + ", ".join(repr(float(v)) for v in values) + "]"
    lines = [
        "{",
        '  "format": "cellcert-network",',
        '  "version": 1,',
        '  "decision": "argmax",',
        '  "comment": "example 4-16-16-3 network from Fixtures/scripts/make_example.py",',
        f'  "inputTransform": {{\n    "mean": {row(MEAN)},\n    "scale": {row(RANGE)}\n  }},',
        f'  "domain": {{\n    "lower": {row(LOWER)},\n    "upper": {row(UPPER)}\n  }},',
        '  "layers": [',
    ]
    for k, (w, b) in enumerate(params):
        entry = "    {\n      \"weights\": [\n" + ",\n".join("        " + row(r) for r in w) + "\n      ],\n"
        entry += f'      "bias": {row(b)}'
        if k < len(params) - 1:
            entry += ',\n      "activation": "relu"'
        entry += "\n    }" + ("," if k < len(params) - 1 else "")
        lines.append(entry)
    lines += ["  ]", "}"]
    path.write_text("\n".join(lines) + "\n")
    json.loads(path.read_text())  # well-formed


def write_nnet(params, path):
    def line(values):
        return "".join(repr(float(v)) + "," for v in values) + "\n"
    out = "// Example 4-16-16-3 ReLU network from Fixtures/scripts/make_example.py\n"
    out += "// cellcert-decision: argmax\n"
    out += f"{len(params)},{SIZES[0]},{SIZES[-1]},{max(SIZES)},\n"
    out += "".join(f"{s}," for s in SIZES) + "\n"
    out += "0,\n"
    out += line(LOWER) + line(UPPER)
    out += line(list(MEAN) + [0.0]) + line(list(RANGE) + [1.0])
    for w, b in params:
        out += "".join(line(r) for r in w)
        out += "".join(line([v]) for v in b)
    path.write_text(out)


def main():
    rng = np.random.default_rng(SEED)
    z = rng.uniform(-1, 1, (800, 4))
    y = label(z)
    train_z, train_y, test_z, test_y = z[:600], y[:600], z[600:], y[600:]
    params = train(train_z, train_y)
    print(f"class counts {np.bincount(y)}; accuracy train {accuracy(params, train_z, train_y):.3f}, "
          f"test {accuracy(params, test_z, test_y):.3f}")
    write_json(params, FIXTURES / "example-net.json")
    write_nnet(params, FIXTURES / "example-net.nnet")
    raw = MEAN + RANGE * test_z[:10]
    with open(FIXTURES / "example-inputs.csv", "w") as f:
        for label_k, x in zip(test_y[:10], raw):
            f.write(",".join([str(int(label_k))] + [repr(float(v)) for v in x]) + "\n")
    predicted = np.argmax(forward(params, test_z[:10])[-1], axis=1)
    print(f"example inputs: labels {[int(v) for v in test_y[:10]]}, predicted {[int(v) for v in predicted]}")


if __name__ == "__main__":
    main()
