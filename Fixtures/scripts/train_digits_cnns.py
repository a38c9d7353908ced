#!/usr/bin/env python3
"""Two small trained CNN fixtures on scikit-learn's digits (8x8 images), with CPU torch.

Requirements (PyPI / pip's local wheel folder; written with these versions):
    torch 2.13.0+cpu, scikit-learn 1.9, onnx 1.23, onnxruntime 1.x, numpy 2
Usage:
    python3 Fixtures/scripts/train_digits_cnns.py

Data: load_digits (bundled with scikit-learn), the same stratified 75/25 split
(random_state 0) as train_sklearn_fixtures.py, whose test split is
Fixtures/trained/digits_test.csv (label, then 64 raw pixels 0..16). Both models
take RAW pixels as a [1, 1, 8, 8] tensor and divide by 16 themselves.

  digits_cnn_pool.onnx      Div(16) -> Conv(1->8, 3x3, pad 1) -> Relu
                            -> BatchNormalization -> MaxPool(2x2) -> Conv(8->8, 3x3, pad 1) -> Relu
                            -> Flatten -> Gemm(128->10)
  digits_cnn_residual.onnx  Div(16) -> Conv(1->6, 3x3, pad 1) -> Relu
                            -> [Conv(6->6, 3x3, pad 1) -> Relu -> Conv(6->6, 3x3, pad 1)]
                            + skip -> Relu -> AveragePool(2x2) -> Flatten -> Gemm(96->10)

Everything is seeded (torch.manual_seed(0), deterministic CPU kernels). The
BatchNormalization is exported in inference mode with its running statistics.
Writes Fixtures/trained/digits_cnn_pool.onnx, digits_cnn_residual.onnx and
digits_cnn_golden.json: onnxruntime's outputs and predictions on the first
20 test images, and each model's test accuracy.
"""
import json, os
import numpy as np
import onnxruntime as ort
import torch
import torch.nn as nn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "trained")


class Pool(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        x = x / 16
        # BatchNorm after the ReLU: the exporter cannot fold it into the convolution, so the file keeps it.
        x = self.pool(self.bn(torch.relu(self.conv1(x))))
        x = torch.relu(self.conv2(x))
        return self.fc(torch.flatten(x, 1))


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3, padding=1)
        self.conv2 = nn.Conv2d(6, 6, 3, padding=1)
        self.conv3 = nn.Conv2d(6, 6, 3, padding=1)
        self.pool = nn.AvgPool2d(2)
        self.fc = nn.Linear(96, 10)

    def forward(self, x):
        x = x / 16
        h = torch.relu(self.conv1(x))
        h = torch.relu(h + self.conv3(torch.relu(self.conv2(h))))
        return self.fc(torch.flatten(self.pool(h), 1))


def train(model, x, y, epochs=60):
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    g = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        perm = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
    model.eval()
    return model


def main():
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    digits = load_digits()
    xtr, xte, ytr, yte = train_test_split(digits.data, digits.target, test_size=0.25, stratify=digits.target, random_state=0)
    to_x = lambda a: torch.tensor(a, dtype=torch.float32).reshape(-1, 1, 8, 8)
    golden = {"images": [[int(yte[i])] + [float(v) for v in xte[i]] for i in range(20)], "models": {}}
    for name, cls in [("digits_cnn_pool", Pool), ("digits_cnn_residual", Residual)]:
        torch.manual_seed(0)
        model = train(cls(), to_x(xtr), torch.tensor(ytr))
        path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(model, to_x(xte[:1]), path, input_names=["pixels"], output_names=["logits"],
                          opset_version=13, dynamo=False)
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        logits = np.concatenate([session.run(None, {"pixels": to_x(xte[i:i + 1]).numpy()})[0] for i in range(len(xte))])
        accuracy = float((logits.argmax(1) == yte).mean())
        golden["models"][name] = {
            "test_accuracy": accuracy,
            "outputs": [[float(v) for v in row] for row in logits[:20]],
            "predicted": [int(v) for v in logits[:20].argmax(1)],
        }
        print(f"{name}: test accuracy {accuracy:.4f}")
    with open(os.path.join(OUT, "digits_cnn_golden.json"), "w") as f:
        json.dump(golden, f, indent=1)


if __name__ == "__main__":
    main()
