#!/usr/bin/env python3
"""Write a random He-initialised ReLU network in CellCert's native JSON format.

Usage: make_random_network.py OUT.json --sizes 784 256 256 10 [--decision argmax] [--seed 0] [--domain 0 1]

Used by the timing runs in Benchmarks/README.md (MNIST-sized networks without
needing the ONNX importer). numpy only.
"""
import argparse
import json

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--sizes", type=int, nargs="+", required=True)
    parser.add_argument("--decision", default="argmax", choices=["threshold", "argmax", "argmin"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--domain", type=float, nargs=2, metavar=("LOW", "HIGH"))
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    layers = []
    for fan_in, fan_out in zip(args.sizes[:-1], args.sizes[1:]):
        weights = rng.normal(0, np.sqrt(2 / fan_in), size=(fan_out, fan_in))
        layer = {"weights": weights.tolist(), "bias": rng.normal(0, 0.1, size=fan_out).tolist()}
        layers.append(layer)
    for layer in layers[:-1]:
        layer["activation"] = "relu"
    network = {"format": "cellcert-network", "version": 1, "decision": args.decision, "layers": layers}
    if args.domain:
        d = args.sizes[0]
        network["domain"] = {"lower": [args.domain[0]] * d, "upper": [args.domain[1]] * d}
    with open(args.out, "w") as f:
        json.dump(network, f)


if __name__ == "__main__":
    main()
