"""Evaluate a feed-forward ONNX network in float64 with NumPy.

The cross-check must decide, independently of both verifiers, which class a
point (our witness, Marabou's satisfying assignment, a counterexample) falls
in. onnxruntime would evaluate the float32 graph in float32, whose rounding
(~1e-7 relative) is larger than the margin our witnesses step past the
boundary; cellcert evaluates the same float32 weights in float64. So this
module interprets the graph itself in float64, for the few operators of the
networks used here (MatMul, Gemm, Add, Sub, Relu, Flatten, Reshape, Identity,
Constant). Any other operator raises: an evaluator that guessed would make the
checks meaningless.
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import numpy_helper


class ONNXFloat64:
    """A loaded ONNX graph, evaluated in float64."""

    def __init__(self, path: str):
        model = onnx.load(path)
        graph = model.graph
        self.path = path
        self.constants = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in graph.initializer}
        # Graph inputs that are also initializers (older exporters list them) are weights, not inputs.
        runtime_inputs = [i for i in graph.input if i.name not in self.constants]
        if len(runtime_inputs) != 1:
            raise ValueError(f"{path}: expected one runtime input, found {[i.name for i in runtime_inputs]}")
        self.input_name = runtime_inputs[0].name
        self.input_shape = [max(d.dim_value, 1) for d in runtime_inputs[0].type.tensor_type.shape.dim]
        if len(graph.output) != 1:
            raise ValueError(f"{path}: expected one output, found {len(graph.output)}")
        self.output_name = graph.output[0].name
        self.nodes = list(graph.node)

    def __call__(self, x) -> np.ndarray:
        """The network's outputs at the flat input `x`, as a flat float64 vector."""
        values = dict(self.constants)
        values[self.input_name] = np.asarray(x, dtype=np.float64).reshape(self.input_shape)
        for node in self.nodes:
            args = [values[name] if name else None for name in node.input]
            values[node.output[0]] = self._apply(node, args)
        return values[self.output_name].reshape(-1)

    @staticmethod
    def _apply(node, args):
        attributes = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        op = node.op_type
        if op == "MatMul":
            return np.matmul(args[0], args[1])
        if op == "Gemm":
            a = args[0].T if attributes.get("transA", 0) else args[0]
            b = args[1].T if attributes.get("transB", 0) else args[1]
            y = attributes.get("alpha", 1.0) * (a @ b)
            if len(args) > 2 and args[2] is not None:
                y = y + attributes.get("beta", 1.0) * args[2]
            return y
        if op == "Add":
            return args[0] + args[1]
        if op == "Sub":
            return args[0] - args[1]
        if op == "Relu":
            return np.maximum(args[0], 0.0)
        if op == "Identity":
            return args[0]
        if op == "Flatten":
            axis = attributes.get("axis", 1)
            shape = args[0].shape
            return args[0].reshape(int(np.prod(shape[:axis], dtype=np.int64)), -1)
        if op == "Reshape":
            target = [int(v) for v in args[1]]
            target = [args[0].shape[i] if v == 0 else v for i, v in enumerate(target)]
            return args[0].reshape(target)
        if op == "Constant":
            return numpy_helper.to_array(attributes["value"]).astype(np.float64)
        raise ValueError(f"operator {op} is not supported by the float64 evaluator")


def decide(outputs, decision: str) -> int:
    """The class of `outputs`: argmin or argmax, ties to the lowest index (as cellcert)."""
    outputs = np.asarray(outputs)
    return int(np.argmin(outputs) if decision == "argmin" else np.argmax(outputs))
