#!/usr/bin/env python3
"""onnxruntime outputs of the VNN-COMP CNNs on deterministic pseudo-random inputs.

Writes Tests/CellCertTests/Golden/cnn-onnxruntime.json, which
CNNModelTests compares CellCert's forward pass with. The networks themselves
are not copied into the repository: the test reads them from the shared
networks folder and skips without it.

Input k (0-based) of sample s is ((k + 1) * 2654435761 + (s + 1) * 40503) mod 2^32 / 2^32,
a value in [0, 1) that the Swift test recomputes exactly.

Usage: python3 Fixtures/scripts/make_cnn_goldens.py NETS_DIR   (NETS_DIR = the folder holding cnn/)
Needs numpy, onnx and onnxruntime (pip install onnxruntime onnx numpy).
"""
import json, os, sys
import numpy as np
import onnx
import onnxruntime as ort

MODELS = [
    "verivital/Convnet_avgpool.onnx",
    "verivital/Convnet_maxpool.onnx",
    "oval21/cifar_base_kw.onnx",
    "cifar10_resnet/resnet_2b.onnx",
    "marabou-cifar10/cifar10_small.onnx",
    "sri_resnet_a/resnet_3b2_bn_mixup_adv_4.0_bs128_lr-1.onnx",
    "collins_rul_cnn/NN_rul_small_window_20.onnx",
    "cgan/cGAN_imgSz32_nCh_1.onnx",
]
SAMPLES = 10


def sample(count, s):
    k = np.arange(count, dtype=np.uint64)
    return (((k + 1) * 2654435761 + (s + 1) * 40503) % (1 << 32)).astype(np.float64) / float(1 << 32)


def main():
    root = os.path.join(sys.argv[1], "cnn")
    out = {"samples": SAMPLES, "models": {}}
    for rel in MODELS:
        path = os.path.join(root, rel)
        model = onnx.load(path)
        inits = {i.name for i in model.graph.initializer}
        inp = [i for i in model.graph.input if i.name not in inits][0]
        shape = [d.dim_value if d.dim_value > 0 else 1 for d in inp.type.tensor_type.shape.dim]
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        count = int(np.prod(shape))
        outputs = []
        for s in range(SAMPLES):
            x = sample(count, s).astype(np.float32).reshape(shape)
            y = session.run(None, {inp.name: x})[0]
            outputs.append([float(v) for v in y.reshape(-1)])
        out["models"][rel] = {"input_shape": shape, "outputs": outputs}
    target = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "CellCertTests", "Golden", "cnn-onnxruntime.json")
    with open(target, "w") as f:
        json.dump(out, f, indent=1)
    print("wrote", os.path.normpath(target))


if __name__ == "__main__":
    main()
