"""A small VNN-LIB reader, used only to *check* counterexamples.

Both verifiers read the property files with their own parsers (cellcert's
`VNNLib`, Marabou's `VnnLibParser`). To judge a `sat` answer without trusting
either, this module reads the same file a third way and tests the reported
point against it.

A VNN-LIB file describes the unsafe set: the conjunction of its `assert`s.
Each assertion here is a Boolean combination (`and`, `or`) of comparisons
`(<= a b)`, `(>= a b)`, `(< a b)`, `(> a b)` whose sides are a variable `X_i`
/ `Y_k` or a number. The whole property is put in disjunctive normal form: a
list of conjunctions of comparisons, the point being unsafe iff it satisfies
every comparison of at least one conjunction. Strict and non-strict
comparisons are treated alike (checked up to a tolerance), as VNN-COMP does.
"""

from __future__ import annotations

import itertools
import re

_TOKEN = re.compile(r"\(|\)|[^\s()]+")


def _parse_sexpressions(text: str):
    text = "\n".join(line.split(";", 1)[0] for line in text.splitlines())
    stack = [[]]
    for token in _TOKEN.findall(text):
        if token == "(":
            stack.append([])
        elif token == ")":
            closed = stack.pop()
            stack[-1].append(closed)
        else:
            stack[-1].append(token)
    if len(stack) != 1:
        raise ValueError("unbalanced parentheses")
    return stack[0]


def _dnf(expression):
    """The DNF of one Boolean expression: a list of conjunctions (lists of comparisons)."""
    head = expression[0]
    if head == "and":
        parts = [_dnf(e) for e in expression[1:]]
        return [sum(choice, []) for choice in itertools.product(*parts)]
    if head == "or":
        return [conjunction for e in expression[1:] for conjunction in _dnf(e)]
    if head in ("<=", ">=", "<", ">") and len(expression) == 3:
        lhs, rhs = expression[1], expression[2]
        if isinstance(lhs, list) or isinstance(rhs, list):
            raise ValueError(f"only variables and numbers are supported as operands: {expression}")
        # Normalise to  lhs <= rhs.
        return [[(lhs, rhs) if head in ("<=", "<") else (rhs, lhs)]]
    raise ValueError(f"unsupported VNN-LIB expression: {expression}")


class VNNLibDNF:
    """The unsafe set of a VNN-LIB file as a disjunction of conjunctions of `a <= b`."""

    def __init__(self, path: str):
        with open(path) as handle:
            commands = _parse_sexpressions(handle.read())
        self.inputs = 0
        self.outputs = 0
        assertions = []
        for command in commands:
            if command[0] == "declare-const":
                name = command[1]
                if name.startswith("X_"):
                    self.inputs = max(self.inputs, int(name[2:]) + 1)
                elif name.startswith("Y_"):
                    self.outputs = max(self.outputs, int(name[2:]) + 1)
            elif command[0] == "assert":
                assertions.append(command[1])
        self.conjunctions = _dnf(["and", *assertions])

    def contains(self, x, y, tolerance: float = 1e-6) -> bool:
        """Whether input `x` with outputs `y` is unsafe, each comparison allowed `tolerance`."""

        def value(operand):
            if operand.startswith("X_"):
                return float(x[int(operand[2:])])
            if operand.startswith("Y_"):
                return float(y[int(operand[2:])])
            return float(operand)

        return any(all(value(a) <= value(b) + tolerance for a, b in conjunction)
                   for conjunction in self.conjunctions)
