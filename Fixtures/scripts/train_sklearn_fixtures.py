#!/usr/bin/env python3
"""Trained ReLU network fixtures from scikit-learn's bundled data sets.

Requirements (PyPI; written with these versions):
    numpy 2.4, scikit-learn 1.9, onnx 1.23
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install scikit-learn onnx numpy
Usage:
    /tmp/venv/bin/python Fixtures/scripts/train_sklearn_fixtures.py

Only data that ships inside scikit-learn is used (no downloads):

  breast_cancer  load_breast_cancer, d = 30, 2 classes. Features are
                 standardised with the mean and (population) std of the training
                 split; the standardisation is stored as the network's input
                 transform, so every file takes RAW feature values.
                 MLPClassifier((16, 16), relu): sklearn's binary MLP has ONE
                 output unit (logistic on the logit); the exported network
                 returns that logit and uses the `threshold` head: class 1 iff
                 logit > 0 (= predict_proba > 0.5; checked against predict).
  digits         load_digits, d = 64 pixels in 0..16, 10 classes. Training uses
                 pixels / 16; the division is stored as the input transform
                 (mean 0, scale 16), so every file takes RAW pixels 0..16.
                 Domain box [0, 16]^64 (JSON and .nnet). MLPClassifier((32, 32),
                 relu) -> 10 logits (softmax dropped), `argmax` head.

Both use a stratified 75/25 train/test split (random_state 0) and
MLPClassifier(random_state=0); everything is seeded.

Writes to Fixtures/trained/, for <name> in breast_cancer, digits:
  <name>.json         CellCert native JSON, float64 weights (exactly sklearn's)
  <name>.nnet         sisl .nnet, float64 weights, `// cellcert-decision: ...`
  <name>.onnx         ONNX (opset 13, ir_version 7): Sub(mean) -> Div(scale) on
                      the input [batch, d], then Gemm(transB=1)/Relu layers;
                      float32 weights, as real exporters write them
  <name>_golden.json  20 test-split inputs (raw units), labels, and outputs of an
                      independent numpy forward pass of the exported weights:
                        outputs / predicted            float64 weights (JSON, .nnet)
                        onnx_outputs / onnx_predicted  the float32-rounded weights
                                                       of the .onnx file, evaluated
                                                       in float64 (as CellCert does)
                      plus the test accuracy of the exported network
  <name>_test.csv     the first 50 test-split inputs, label first, raw units:
                        cellcert certify Fixtures/trained/<name>.json \\
                            --inputs Fixtures/trained/<name>_test.csv --label-column first

The numpy outputs are checked against sklearn's predict_proba/predict, and the
.onnx graph against onnx's reference evaluator (float32). Rerunning the script
on the same machine and library versions reproduces every file byte for byte
(the ONNX model is serialised deterministically: no maps, fixed producer and
version fields); another BLAS could change the trained weights in the last bits.
"""
import json
import pathlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

OUT = pathlib.Path(__file__).resolve().parents[1] / "trained"
SEED = 0
GOLDEN_COUNT = 20
CSV_COUNT = 50
BIG = 1.7976931348623157e308  # .nnet's "no domain" bound


class Exported:
    """A trained network as plain float64 arrays: x' = (x - mean) / scale, then layers."""

    def __init__(self, name, decision, mean, scale, layers, domain, comment):
        self.name = name
        self.decision = decision
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.layers = [(np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)) for w, b in layers]
        self.domain = domain  # (lower, upper) or None
        self.comment = comment

    def float32_rounded(self):
        """The same network with every parameter rounded to float32 (what the .onnx file holds)."""
        r = lambda a: np.asarray(a, dtype=np.float32).astype(np.float64)
        return Exported(self.name, self.decision, r(self.mean), r(self.scale),
                        [(r(w), r(b)) for w, b in self.layers], self.domain, self.comment)

    def outputs(self, x):
        """Independent float64 forward pass (rows of x are raw inputs)."""
        h = (np.asarray(x, dtype=np.float64) - self.mean) / self.scale
        for k, (w, b) in enumerate(self.layers):
            h = h @ w.T + b
            if k < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        return h

    def classify(self, x):
        o = self.outputs(x)
        if self.decision == "threshold":
            return (o[:, 0] > 0).astype(int)
        return np.argmax(o, axis=1)

    @property
    def sizes(self):
        return [self.layers[0][0].shape[1]] + [w.shape[0] for w, _ in self.layers]


def num(v):
    """Shortest round-tripping decimal of a float64 (Python's repr), integers without '.0'."""
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def row(values):
    return "[" + ", ".join(num(v) for v in values) + "]"


def write_json(net, path):
    lines = [
        "{",
        '  "format": "cellcert-network",',
        '  "version": 1,',
        f'  "decision": "{net.decision}",',
        f'  "comment": {json.dumps(net.comment)},',
        f'  "inputTransform": {{\n    "mean": {row(net.mean)},\n    "scale": {row(net.scale)}\n  }},',
    ]
    if net.domain is not None:
        lines.append(f'  "domain": {{\n    "lower": {row(net.domain[0])},\n    "upper": {row(net.domain[1])}\n  }},')
    lines.append('  "layers": [')
    for k, (w, b) in enumerate(net.layers):
        last = k == len(net.layers) - 1
        entry = "    {\n      \"weights\": [\n" + ",\n".join("        " + row(r) for r in w) + "\n      ],\n"
        entry += f'      "bias": {row(b)}'
        if not last:
            entry += ',\n      "activation": "relu"'
        entry += "\n    }" + ("" if last else ",")
        lines.append(entry)
    lines += ["  ]", "}"]
    path.write_text("\n".join(lines) + "\n")
    json.loads(path.read_text())  # well-formed


def write_nnet(net, path):
    def line(values):
        return "".join(num(v) + "," for v in values) + "\n"
    d = net.sizes[0]
    lower, upper = net.domain if net.domain is not None else ([-BIG] * d, [BIG] * d)
    out = f"// {net.comment}\n"
    out += f"// cellcert-decision: {net.decision}\n"
    out += f"{len(net.layers)},{d},{net.sizes[-1]},{max(net.sizes)},\n"
    out += "".join(f"{s}," for s in net.sizes) + "\n"
    out += "0,\n"
    out += line(lower) + line(upper)
    out += line(list(net.mean) + [0.0]) + line(list(net.scale) + [1.0])
    for w, b in net.layers:
        out += "".join(line(r) for r in w)
        out += "".join(line([v]) for v in b)
    path.write_text(out)


def onnx_model(net):
    d, m = net.sizes[0], net.sizes[-1]
    f32 = lambda a, name: numpy_helper.from_array(np.asarray(a, dtype=np.float32), name)
    inits = [f32(net.mean, "input_mean"), f32(net.scale, "input_scale")]
    nodes = [helper.make_node("Sub", ["input", "input_mean"], ["centred"], name="normalise_sub"),
             helper.make_node("Div", ["centred", "input_scale"], ["normalised"], name="normalise_div")]
    h = "normalised"
    for k, (w, b) in enumerate(net.layers):
        inits += [f32(w, f"layer{k}.weight"), f32(b, f"layer{k}.bias")]
        last = k == len(net.layers) - 1
        z = "output" if last else f"gemm{k}"
        nodes.append(helper.make_node("Gemm", [h, f"layer{k}.weight", f"layer{k}.bias"], [z],
                                      name=f"gemm_{k}", transB=1))
        if not last:
            h = f"relu{k}"
            nodes.append(helper.make_node("Relu", [z], [h], name=f"relu_{k}"))
    graph = helper.make_graph(
        nodes, f"{net.name}_mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", d])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", m])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="cellcert train_sklearn_fixtures.py", producer_version="1")
    model.ir_version = 7
    model.doc_string = net.comment
    onnx.checker.check_model(model)
    return model


def export(name, x, y, hidden, max_iter, input_scale, decision, domain, description):
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=SEED, stratify=y)
    if input_scale is None:  # standardise with the training split's statistics
        mean, scale = x_train.mean(axis=0), x_train.std(axis=0)
    else:
        mean, scale = np.zeros(x.shape[1]), np.full(x.shape[1], float(input_scale))
    assert np.all(scale > 0)
    clf = MLPClassifier(hidden_layer_sizes=hidden, activation="relu", random_state=SEED, max_iter=max_iter)
    clf.fit((x_train - mean) / scale, y_train)
    assert list(clf.classes_) == list(range(len(clf.classes_)))
    layers = [(w.T, b) for w, b in zip(clf.coefs_, clf.intercepts_)]
    net = Exported(name, decision, mean, scale, layers, domain,
                   f"{description}; MLPClassifier{hidden} relu, from Fixtures/scripts/train_sklearn_fixtures.py")
    net32 = net.float32_rounded()

    # Our forward pass against sklearn's own (on the whole test split).
    z_test = (x_test - mean) / scale
    out = net.outputs(x_test)
    if decision == "threshold":
        assert clf.out_activation_ == "logistic" and out.shape[1] == 1
        assert np.allclose(1 / (1 + np.exp(-out[:, 0])), clf.predict_proba(z_test)[:, 1], rtol=1e-12, atol=1e-12)
    else:
        soft = np.exp(out - out.max(axis=1, keepdims=True))
        assert np.allclose(soft / soft.sum(axis=1, keepdims=True), clf.predict_proba(z_test), rtol=1e-12, atol=1e-12)
    predicted = net.classify(x_test)
    assert np.array_equal(predicted, clf.predict(z_test)), "class convention differs from sklearn's predict"
    accuracy = float(np.mean(predicted == y_test))
    accuracy32 = float(np.mean(net32.classify(x_test) == y_test))

    OUT.mkdir(parents=True, exist_ok=True)
    write_json(net, OUT / f"{name}.json")
    write_nnet(net, OUT / f"{name}.nnet")
    model = onnx_model(net)
    (OUT / f"{name}.onnx").write_bytes(model.SerializeToString(deterministic=True))

    # The .onnx file itself, run in float32 by onnx's reference evaluator.
    gx, gy = x_test[:GOLDEN_COUNT], y_test[:GOLDEN_COUNT]
    onnx_out = net32.outputs(gx)
    reference = ReferenceEvaluator(onnx.load(str(OUT / f"{name}.onnx")))
    ref = reference.run(None, {"input": gx.astype(np.float32)})[0].astype(np.float64)
    assert np.allclose(ref, onnx_out, rtol=1e-4, atol=1e-4), np.abs(ref - onnx_out).max()
    assert np.array_equal(net32.classify(gx), net.classify(gx)), "float32 weights change a golden class"

    golden = {
        "network": name,
        "decision": decision,
        "description": description,
        "testAccuracy": accuracy,
        "testAccuracyFloat32": accuracy32,
        "testCount": int(len(y_test)),
        "inputs": [[float(v) for v in r] for r in gx],
        "labels": [int(v) for v in gy],
        "outputs": [[float(v) for v in r] for r in net.outputs(gx)],
        "predicted": [int(v) for v in net.classify(gx)],
        "onnx_outputs": [[float(v) for v in r] for r in onnx_out],
        "onnx_predicted": [int(v) for v in net32.classify(gx)],
    }
    (OUT / f"{name}_golden.json").write_text(json.dumps(golden, indent=1) + "\n")
    with open(OUT / f"{name}_test.csv", "w") as f:
        for label, r in zip(y_test[:CSV_COUNT], x_test[:CSV_COUNT]):
            f.write(",".join([str(int(label))] + [num(v) for v in r]) + "\n")
    print(f"{name}: sizes {net.sizes}, {clf.n_iter_} iterations, train accuracy "
          f"{clf.score((x_train - mean) / scale, y_train):.4f}, test accuracy {accuracy:.4f} "
          f"(float32 {accuracy32:.4f}) on {len(y_test)}; golden labels {golden['labels']}, "
          f"predicted {golden['predicted']}")


def main():
    bc = load_breast_cancer()
    export("breast_cancer", bc.data.astype(np.float64), bc.target, (16, 16), 2000, None, "threshold", None,
           "breast cancer (sklearn load_breast_cancer), 30 raw features standardised with the "
           "training split's mean and std; one logit, class 1 (benign) iff logit > 0")
    digits = load_digits()
    d = digits.data.shape[1]
    export("digits", digits.data.astype(np.float64), digits.target, (32, 32), 2000, 16, "argmax",
           ([0.0] * d, [16.0] * d),
           "digits (sklearn load_digits), 64 raw pixels 0..16 divided by 16; 10 logits, argmax")


if __name__ == "__main__":
    main()
