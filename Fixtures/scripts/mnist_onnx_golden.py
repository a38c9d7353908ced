#!/usr/bin/env python3
"""Golden MNIST predictions of mnist-net_256x2.onnx, computed independently of CellCert.

Runs <root>/../shared/nets/mnist/mnist-net_256x2.onnx with onnxruntime (float32,
the network's own runtime) on the 100 images of ../shared/nets/data/mnist_test.csv
(no header; label, then 784 pixels 0-255; input = pixels / 255 in float32, shape
[1, 784, 1]) and writes Tests/CellCertTests/Golden/mnist_onnx_golden.json with:
  accuracy        fraction of the 100 images whose argmax equals the label
  labels          the 100 labels
  predictions     the 100 argmax classes (ties: lowest index, as numpy's argmax)
  logits          the 10 outputs of the first 10 images
and the sha256 of the model and data files.

Usage (onnxruntime and numpy from PyPI, e.g. in a venv):
    python3 -m venv /tmp/ort && /tmp/ort/bin/pip install onnxruntime numpy
    /tmp/ort/bin/python Fixtures/scripts/mnist_onnx_golden.py
"""
import hashlib
import json
import pathlib

import numpy as np
import onnxruntime

ROOT = pathlib.Path(__file__).resolve().parents[2]
NETS = ROOT.parent / "shared" / "nets"
MODEL = NETS / "mnist" / "mnist-net_256x2.onnx"
DATA = NETS / "data" / "mnist_test.csv"
OUT = ROOT / "Tests" / "CellCertTests" / "Golden" / "mnist_onnx_golden.json"
LOGIT_IMAGES = 10


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main():
    rows = [line.split(",") for line in DATA.read_text().splitlines() if line.strip()]
    labels = [int(r[0]) for r in rows]
    pixels = np.array([[float(v) for v in r[1:]] for r in rows], dtype=np.float64) / 255.0
    assert pixels.shape == (100, 784), pixels.shape

    session = onnxruntime.InferenceSession(str(MODEL), providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    logits = []
    for image in pixels:
        x = image.astype(np.float32).reshape(1, 784, 1)
        (out,) = session.run(None, {input_name: x})
        logits.append(out.reshape(-1).astype(np.float64))
    predictions = [int(np.argmax(z)) for z in logits]
    accuracy = sum(p == y for p, y in zip(predictions, labels)) / len(labels)

    golden = {
        "model": "mnist/mnist-net_256x2.onnx",
        "model_sha256": sha256(MODEL),
        "data": "data/mnist_test.csv",
        "data_sha256": sha256(DATA),
        "runtime": f"onnxruntime {onnxruntime.__version__} (CPU, float32)",
        "accuracy": accuracy,
        "labels": labels,
        "predictions": predictions,
        "logits": [[float(v) for v in z] for z in logits[:LOGIT_IMAGES]],
    }
    # One line per key (and per logit row) keeps the file short and diffable.
    lines = []
    for key, value in golden.items():
        if key == "logits":
            rows = ",\n  ".join(json.dumps(z) for z in value)
            lines.append(f' "{key}": [\n  {rows}\n ]')
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value)}")
    OUT.write_text("{\n" + ",\n".join(lines) + "\n}\n")
    print(f"accuracy {accuracy:.2f} on {len(labels)} images; wrote {OUT}")


if __name__ == "__main__":
    main()
