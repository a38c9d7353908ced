"""CellCert's native JSON networks as numpy arrays, and their export to ONNX.

Shared by make_random_network.py (--onnx) and run_benchmarks.py: the Python
baselines read the very network CellCert loads (cellcert-bench `export` writes
any model CellCert reads as JSON), and onnxruntime runs an ONNX graph built from
the same weights.
"""
import json
from dataclasses import dataclass
from typing import List, Optional

import numpy as np


@dataclass
class Network:
    """A ReLU network as CellCert sees it (Docs/theory.md §1): optional input
    normalisation (x - mean) / scale, affine layers with ReLU between them, an
    optional output transform raw * scale + mean, and a decision head."""

    weights: List[np.ndarray]   # layer l: (n_l, n_{l-1})
    biases: List[np.ndarray]
    decision: str               # argmax, argmin or threshold
    input_mean: Optional[np.ndarray] = None
    input_scale: Optional[np.ndarray] = None
    output_mean: Optional[float] = None
    output_scale: Optional[float] = None
    domain_lower: Optional[np.ndarray] = None
    domain_upper: Optional[np.ndarray] = None

    @property
    def sizes(self):
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]

    @property
    def input_dimension(self):
        return self.weights[0].shape[1]

    def decide(self, outputs):
        """Classes of a batch of output rows (ties go to the lowest index, as in CellCert)."""
        if self.decision == "argmax":
            return np.argmax(outputs, axis=1)
        if self.decision == "argmin":
            return np.argmin(outputs, axis=1)
        return (outputs[:, 0] > 0).astype(np.int64)


def network_from_dict(doc):
    """The network of a parsed cellcert-network JSON document (ReLU hidden layers only)."""
    if doc.get("format") != "cellcert-network":
        raise ValueError("not a cellcert-network JSON document")
    layers = doc["layers"]
    for layer in layers[:-1]:
        if layer.get("activation", "relu") != "relu":
            raise ValueError(f"the baselines handle ReLU networks only, got {layer['activation']}")
    net = Network(weights=[np.asarray(l["weights"], dtype=np.float64) for l in layers],
                  biases=[np.asarray(l["bias"], dtype=np.float64) for l in layers],
                  decision=doc["decision"])
    if "inputTransform" in doc:
        net.input_mean = np.asarray(doc["inputTransform"]["mean"], dtype=np.float64)
        net.input_scale = np.asarray(doc["inputTransform"]["scale"], dtype=np.float64)
    if "outputTransform" in doc:
        net.output_mean = float(doc["outputTransform"]["mean"])
        net.output_scale = float(doc["outputTransform"]["scale"])
    if "domain" in doc:
        net.domain_lower = np.asarray(doc["domain"]["lower"], dtype=np.float64)
        net.domain_upper = np.asarray(doc["domain"]["upper"], dtype=np.float64)
    return net


def read_network(path):
    with open(path) as f:
        return network_from_dict(json.load(f))


def onnx_model(net, dtype=np.float64):
    """An ONNX graph computing the network's outputs for a batch X of shape (batch, d):
    Sub/Div for the input normalisation, MatMul + Add (+ Relu) per layer, Mul/Add
    for the output transform. Opset 17, IR version 10."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    element = {np.float64: TensorProto.DOUBLE, np.float32: TensorProto.FLOAT}[dtype]
    initializers = []

    def constant(name, value):
        initializers.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name=name))
        return name

    nodes = []
    current = "X"
    if net.input_mean is not None:
        nodes.append(helper.make_node("Sub", [current, constant("input_mean", net.input_mean)], ["centred"]))
        nodes.append(helper.make_node("Div", ["centred", constant("input_scale", net.input_scale)], ["normalised"]))
        current = "normalised"
    last = len(net.weights) - 1
    for l, (w, b) in enumerate(zip(net.weights, net.biases)):
        product, affine = f"product{l}", f"affine{l}"
        nodes.append(helper.make_node("MatMul", [current, constant(f"weights{l}", w.T)], [product]))
        nodes.append(helper.make_node("Add", [product, constant(f"bias{l}", b)], [affine]))
        current = affine
        if l < last:
            nodes.append(helper.make_node("Relu", [current], [f"relu{l}"]))
            current = f"relu{l}"
    if net.output_scale is not None:
        nodes.append(helper.make_node("Mul", [current, constant("output_scale", [net.output_scale])], ["scaled"]))
        nodes.append(helper.make_node("Add", ["scaled", constant("output_mean", [net.output_mean])], ["Y"]))
    else:
        nodes.append(helper.make_node("Identity", [current], ["Y"]))
    graph = helper.make_graph(
        nodes, "cellcert_network",
        [helper.make_tensor_value_info("X", element, ["batch", net.input_dimension])],
        [helper.make_tensor_value_info("Y", element, ["batch", net.weights[-1].shape[0]])],
        initializer=initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 10
    onnx.checker.check_model(model)
    return model


def write_onnx(net, path, dtype=np.float64):
    import onnx
    onnx.save(onnx_model(net, dtype), path)
