#!/usr/bin/env python3
"""Write a random He-initialised ReLU network in CellCert's native JSON format.

Usage: make_random_network.py OUT.json --sizes 784 256 256 10 [--decision argmax] [--seed 0] [--domain 0 1]
                              [--onnx OUT.onnx [--onnx-type float64|float32]]

Used by the timing runs in Benchmarks/README.md and by run_benchmarks.py
(MNIST-sized and larger networks without needing the ONNX importer). numpy
only; --onnx also writes the same network as an ONNX graph (needs the onnx
package) for the onnxruntime baseline.
"""
import argparse
import json

import numpy as np


def random_network(sizes, decision="argmax", seed=0, domain=None):
    """The cellcert-network JSON document: weights N(0, 2/fan_in), biases N(0, 0.1²),
    drawn layer by layer from numpy's default_rng(seed)."""
    rng = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        weights = rng.normal(0, np.sqrt(2 / fan_in), size=(fan_out, fan_in))
        layer = {"weights": weights.tolist(), "bias": rng.normal(0, 0.1, size=fan_out).tolist()}
        layers.append(layer)
    for layer in layers[:-1]:
        layer["activation"] = "relu"
    network = {"format": "cellcert-network", "version": 1, "decision": decision, "layers": layers}
    if domain:
        d = sizes[0]
        network["domain"] = {"lower": [domain[0]] * d, "upper": [domain[1]] * d}
    return network


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--sizes", type=int, nargs="+", required=True)
    parser.add_argument("--decision", default="argmax", choices=["threshold", "argmax", "argmin"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--domain", type=float, nargs=2, metavar=("LOW", "HIGH"))
    parser.add_argument("--onnx", metavar="OUT.onnx", help="also write the network as ONNX")
    parser.add_argument("--onnx-type", default="float64", choices=["float64", "float32"])
    args = parser.parse_args()
    network = random_network(args.sizes, args.decision, args.seed, args.domain)
    with open(args.out, "w") as f:
        json.dump(network, f)
    if args.onnx:
        from network_io import network_from_dict, write_onnx
        write_onnx(network_from_dict(network), args.onnx, np.dtype(args.onnx_type).type)


if __name__ == "__main__":
    main()
