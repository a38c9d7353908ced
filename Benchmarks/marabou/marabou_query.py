"""Marabou queries, each solved in a forked child process.

Marabou (maraboupy 2.x) is driven through its Python API:

* `Marabou.read_onnx(path)` builds a `MarabouNetworkONNX` whose `inputVars[0]`
  and `outputVars[0]` are arrays of variable indices (flattened here in C order,
  the order of the ONNX tensor).
* `setLowerBound(v, a)`, `setUpperBound(v, b)` bound a variable;
  `addInequality(vars, coeffs, c)` adds `Σ coeffs[i]·vars[i] ≤ c`. Marabou's
  inequalities are non-strict.
* `getInputQuery()` gives the `InputQuery`; `MarabouCore.loadProperty(ipq, f)`
  adds a property file (Marabou's own `VnnLibParser` for `.vnnlib`);
  `MarabouCore.solve(ipq, options, "")` returns `(exitCode, values, stats)`,
  exitCode one of `sat`, `unsat`, `TIMEOUT`, `ERROR`, `UNKNOWN`.

Why a child per query: the parsed network is mutated by adding bounds (and
the parser's own bounds, e.g. ReLU outputs ≥ 0, must survive), Marabou prints
from C++ straight to file descriptor 1, and a solver crash or a missed
timeout must not end the whole cross-check. Forking after the network is
read gives each query a pristine copy at no parsing cost, lets the child's
output be sent to /dev/null, and lets the parent kill it after a grace period.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
import warnings
from dataclasses import dataclass, field

warnings.filterwarnings("ignore", message=".*parser is unavailable.*")
from maraboupy import Marabou, MarabouCore  # noqa: E402

#: Seconds the parent waits past Marabou's own timeout before killing the child.
GRACE_SECONDS = 30.0


@dataclass
class Answer:
    """One Marabou answer: `sat`, `unsat`, `timeout`, `unknown` or `error`."""

    verdict: str
    seconds: float
    inputs: list | None = None
    outputs: list | None = None
    detail: str = ""

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "seconds": round(self.seconds, 3), "inputs": self.inputs,
                "outputs": self.outputs, "detail": self.detail or None}


def _normalise(exit_code: str) -> str:
    code = exit_code.strip().lower()
    return code if code in ("sat", "unsat", "timeout", "unknown", "error") else f"unknown ({exit_code})"


@dataclass
class MarabouNetwork:
    """A network read by Marabou once, queried many times."""

    path: str
    network: object = field(init=False)
    input_vars: list = field(init=False)
    output_vars: list = field(init=False)

    def __post_init__(self):
        self.network = Marabou.read_onnx(self.path)
        self.input_vars = [int(v) for v in self.network.inputVars[0].flatten()]
        self.output_vars = [int(v) for v in self.network.outputVars[0].flatten()]

    def box_query(self, lower, upper, inequalities, timeout: float) -> Answer:
        """Is there an input in the box `[lower, upper]` whose outputs satisfy every
        inequality `(coefficients over outputs, constant)`: `Σ c_k y_k ≤ constant`?"""

        def build(network):
            for v, a, b in zip(self.input_vars, lower, upper):
                network.setLowerBound(v, float(a))
                network.setUpperBound(v, float(b))
            for coefficients, constant in inequalities:
                terms = [(self.output_vars[k], float(c)) for k, c in enumerate(coefficients) if c != 0]
                network.addInequality([v for v, _ in terms], [c for _, c in terms], float(constant))
            query = network.getInputQuery()
            return query, self.input_vars, self.output_vars

        return self._solve_in_child(build, timeout)

    def property_query(self, vnnlib_path: str, timeout: float) -> Answer:
        """Is the unsafe set of the VNN-LIB file (read by Marabou's parser) reachable?"""

        def build(network):
            query = network.getInputQuery()
            MarabouCore.loadProperty(query, vnnlib_path)
            inputs = [query.inputVariableByIndex(i) for i in range(query.getNumInputVariables())]
            outputs = [query.outputVariableByIndex(i) for i in range(query.getNumOutputVariables())]
            return query, inputs, outputs

        return self._solve_in_child(build, timeout)

    def _solve_in_child(self, build, timeout: float) -> Answer:
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(self.network, build, timeout, sender), daemon=True)
        started = time.perf_counter()
        child.start()
        sender.close()
        answer = None
        if receiver.poll(timeout + GRACE_SECONDS):
            try:
                answer = receiver.recv()
            except EOFError:
                answer = None
        elapsed = time.perf_counter() - started
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
        if answer is None:
            if elapsed >= timeout + GRACE_SECONDS:
                return Answer("timeout", elapsed, detail="killed after Marabou's timeout plus grace")
            return Answer("error", elapsed, detail=f"Marabou child exited with code {child.exitcode}")
        return answer


def _child(network, build, timeout, sender):
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        query, input_vars, output_vars = build(network)
        options = Marabou.createOptions(verbosity=0, timeoutInSeconds=max(1, math.ceil(timeout)))
        started = time.perf_counter()
        exit_code, values, stats = MarabouCore.solve(query, options, "")
        seconds = time.perf_counter() - started
        verdict = _normalise(exit_code)
        if verdict != "timeout" and stats.hasTimedOut():
            verdict = "timeout"
        inputs = outputs = None
        if verdict == "sat":
            inputs = [float(values[v]) for v in input_vars]
            outputs = [float(values[v]) for v in output_vars]
        sender.send(Answer(verdict, seconds, inputs, outputs))
    except Exception as error:  # reported as the query's answer, never swallowed
        sender.send(Answer("error", 0.0, detail=f"{type(error).__name__}: {error}"))
    finally:
        sender.close()
