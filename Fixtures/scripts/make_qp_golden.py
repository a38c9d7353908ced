#!/usr/bin/env python3
"""Golden values for QuadraticProgrammingTests: Tests/QuadraticProgrammingTests/Golden/qp_golden.json.

Run from the repository root (the output is committed; the tests never run Python):

    python3 -m venv /tmp/qp-golden-venv
    /tmp/qp-golden-venv/bin/pip install numpy==2.4.6 scipy==1.17.1 clarabel==0.11.1
    /tmp/qp-golden-venv/bin/python Fixtures/scripts/make_qp_golden.py

Deterministic: one numpy Generator with a fixed seed, problem data rounded to 6
decimals (so the JSON holds short, exactly re-readable numbers), and the
degenerate cases built from small integers and dyadic fractions (exact in binary).

The reference solver is independent of CellCert's Goldfarb-Idnani method:
- Clarabel 0.11.1 (a primal-dual interior-point conic solver) solves every problem
  and classifies it (Solved / PrimalInfeasible);
- its approximate optimum is then polished: the constraints with a clearly positive
  Clarabel multiplier and the equalities form an active set, and the KKT system
  [G -N; N^T 0] [y; lambda] = [-a; beta] is solved by numpy least squares (the
  multipliers are then refitted with lambda >= 0 by scipy's lsq_linear, BVLS); the polished
  point is kept only if it satisfies every constraint (1e-9, scaled), its
  multipliers are >= -1e-9 and the stationarity residual is below 1e-9 (scaled),
  and if it is within 1e-5 of Clarabel's own point. This gives references accurate
  to ~1e-14 rather than the interior-point tolerance.
- for the degenerate cases with an analytically known optimum the polished point
  must also equal that optimum to 1e-12;
- infeasibility is confirmed a second way, by scipy.optimize.linprog (HiGHS) on the
  constraints alone (status 2 = infeasible).
The script stops with an error if any of these checks fails.
"""
import json
import os
import sys

import clarabel
import numpy as np
from scipy import optimize, sparse

SEED = 20240611
OUTPUT = os.path.join("Tests", "QuadraticProgrammingTests", "Golden", "qp_golden.json")
rng = np.random.default_rng(SEED)


def rounded(values):
    return np.round(np.asarray(values, dtype=float), 6)


class Problem:
    """min 1/2 y^T G y + a^T y  s.t.  E y = f,  C y >= b,  lower <= y <= upper (None = no bound)."""

    def __init__(self, name, kind, G, a, E=None, f=None, C=None, b=None, lower=None, upper=None,
                 known_point=None, expect_infeasible=False):
        n = len(a)
        self.name, self.kind = name, kind
        self.G = np.asarray(G, dtype=float)
        self.a = np.asarray(a, dtype=float)
        self.E = np.zeros((0, n)) if E is None else np.asarray(E, dtype=float).reshape(-1, n)
        self.f = np.zeros(0) if f is None else np.asarray(f, dtype=float)
        self.C = np.zeros((0, n)) if C is None else np.asarray(C, dtype=float).reshape(-1, n)
        self.b = np.zeros(0) if b is None else np.asarray(b, dtype=float)
        self.lower = lower
        self.upper = upper
        self.known_point = known_point
        self.expect_infeasible = expect_infeasible

    @property
    def n(self):
        return len(self.a)

    def bound_rows(self):
        """Bounds as rows r.y >= beta: (rows, betas)."""
        rows, betas = [], []
        for k in range(self.n):
            if self.lower is not None and self.lower[k] is not None:
                row = np.zeros(self.n); row[k] = 1.0
                rows.append(row); betas.append(self.lower[k])
            if self.upper is not None and self.upper[k] is not None:
                row = np.zeros(self.n); row[k] = -1.0
                rows.append(row); betas.append(-self.upper[k])
        return np.array(rows).reshape(-1, self.n), np.array(betas, dtype=float)

    def all_inequalities(self):
        rows, betas = self.bound_rows()
        return np.vstack([self.C, rows]), np.concatenate([self.b, betas])

    def to_json(self, status, point=None, objective=None):
        identity = np.array_equal(self.G, np.eye(self.n))
        entry = {
            "name": self.name,
            "kind": self.kind,
            "dimension": self.n,
            "identityHessian": bool(identity),
            "hessian": [] if identity else self.G.flatten().tolist(),
            "linear": self.a.tolist(),
            "equalities": [{"coefficients": r.tolist(), "bound": float(v)} for r, v in zip(self.E, self.f)],
            "inequalities": [{"coefficients": r.tolist(), "bound": float(v)} for r, v in zip(self.C, self.b)],
            "lowerBounds": [] if self.lower is None else [None if v is None else float(v) for v in self.lower],
            "upperBounds": [] if self.upper is None else [None if v is None else float(v) for v in self.upper],
            "expected": {"status": status},
        }
        if status == "optimal":
            entry["expected"]["point"] = [float(v) for v in point]
            entry["expected"]["objective"] = float(objective)
        return entry


def clarabel_solve(p):
    """Clarabel on A x + s = rhs, s in {0}^meq x R+^m: equalities E y + s = f, inequalities -C y + s = -b."""
    A_ineq, b_ineq = p.all_inequalities()
    A = np.vstack([p.E, -A_ineq])
    rhs = np.concatenate([p.f, -b_ineq])
    cones = []
    if len(p.f):
        cones.append(clarabel.ZeroConeT(len(p.f)))
    if len(b_ineq):
        cones.append(clarabel.NonnegativeConeT(len(b_ineq)))
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.tol_gap_abs = 1e-11
    settings.tol_gap_rel = 1e-11
    settings.tol_feas = 1e-11
    settings.max_iter = 400
    solver = clarabel.DefaultSolver(sparse.triu(sparse.csc_matrix(p.G)).tocsc(), p.a,
                                    sparse.csc_matrix(A), rhs, cones, settings)
    return solver.solve()


def linprog_infeasible(p):
    A_ineq, b_ineq = p.all_inequalities()
    result = optimize.linprog(np.zeros(p.n),
                              A_ub=-A_ineq if len(b_ineq) else None, b_ub=-b_ineq if len(b_ineq) else None,
                              A_eq=p.E if len(p.f) else None, b_eq=p.f if len(p.f) else None,
                              bounds=[(None, None)] * p.n, method="highs")
    return result.status == 2


def polish(p, clarabel_x, clarabel_z):
    """Solve the KKT system on Clarabel's strongly active set; verify every KKT condition."""
    A_ineq, b_ineq = p.all_inequalities()
    meq = len(p.f)
    duals = np.asarray(clarabel_z)[meq:]
    strong = duals > 1e-7 * max(1.0, np.max(np.abs(duals), initial=0.0))
    N = np.vstack([p.E, A_ineq[strong]])
    beta = np.concatenate([p.f, b_ineq[strong]])
    q = len(beta)
    kkt = np.block([[p.G, -N.T], [N, np.zeros((q, q))]])
    solution, *_ = np.linalg.lstsq(kkt, np.concatenate([-p.a, beta]), rcond=None)
    y = solution[:p.n]
    # y is unique; the multipliers are not when the active normals are dependent (degenerate
    # cases), so take them from a least-squares fit with lambda >= 0 on the inequalities.
    lower_limits = np.concatenate([np.full(meq, -np.inf), np.zeros(q - meq)])
    lam = optimize.lsq_linear(N.T, p.G @ y + p.a, bounds=(lower_limits, np.inf), method="bvls", tol=1e-15).x if q else np.zeros(0)
    scale = max(1.0, np.max(np.abs(y)))
    # Primal feasibility of every constraint, equalities included.
    slack = A_ineq @ y - b_ineq
    limits = 1e-9 * np.maximum(np.linalg.norm(A_ineq, axis=1) * scale, np.abs(b_ineq))
    assert np.all(slack >= -limits), f"{p.name}: polished point violates a row by {np.min(slack + limits)}"
    eq_residual = np.abs(p.E @ y - p.f)
    assert np.all(eq_residual <= 1e-9 * np.maximum(np.linalg.norm(p.E, axis=1) * scale, np.abs(p.f))), p.name
    # Dual feasibility (inequality multipliers) and stationarity.
    assert np.all(lam[meq:] >= -1e-9 * max(1.0, np.max(np.abs(lam), initial=0.0))), f"{p.name}: negative multiplier"
    residual = p.G @ y + p.a - N.T @ lam
    magnitude = np.max(np.abs(p.G @ y)) + np.max(np.abs(p.a)) + np.sum(np.abs(lam) * np.max(np.abs(N), axis=1, initial=0))
    assert np.max(np.abs(residual)) <= 1e-9 * max(magnitude, 1e-300), f"{p.name}: stationarity {np.max(np.abs(residual))}"
    assert np.max(np.abs(y - clarabel_x)) <= 1e-5, f"{p.name}: polish moved {np.max(np.abs(y - clarabel_x))} from Clarabel"
    return y


def reference(p):
    result = clarabel_solve(p)
    status = str(result.status)
    if p.expect_infeasible:
        assert status.endswith("PrimalInfeasible"), f"{p.name}: Clarabel says {status}"
        assert linprog_infeasible(p), f"{p.name}: HiGHS finds the constraints feasible"
        return p.to_json("infeasible")
    assert status.endswith("Solved") and not status.endswith("AlmostSolved"), f"{p.name}: Clarabel says {status}"
    assert not linprog_infeasible(p), f"{p.name}: HiGHS finds the constraints infeasible"
    y = polish(p, np.asarray(result.x), np.asarray(result.z))
    if p.known_point is not None:
        assert np.max(np.abs(y - p.known_point)) <= 1e-12, f"{p.name}: not the known optimum"
    objective = 0.5 * y @ p.G @ y + p.a @ y
    return p.to_json("optimal", y, objective)


# ---- problem families -------------------------------------------------------

def random_rows(n, m, interior):
    """m rows c.y >= b that `interior` satisfies with slack between 0.1 and 1 (in distance)."""
    C = rounded(rng.normal(size=(m, n)))
    slack = rng.uniform(0.1, 1.0, size=m) * np.linalg.norm(C, axis=1)
    return C, rounded(C @ interior - slack)


def projection(n, m, with_equality, with_box, spread=3.0, equality_count=1):
    interior = rng.uniform(-0.5, 0.5, size=n)
    C, b = random_rows(n, m, interior)
    E = f = lower = upper = None
    if with_equality:
        E = rounded(rng.normal(size=(equality_count, n)))
        f = rounded(E @ interior)
    if with_box:
        lower = list(rounded(rng.uniform(-1.5, -0.6, size=n)))
        upper = list(rounded(rng.uniform(0.6, 1.5, size=n)))
        # Leave a few variables unbounded on one side to exercise `nil` bounds.
        for k in range(0, n, 4):
            lower[k] = None
        for k in range(1, n, 5):
            upper[k] = None
    outside = rounded(interior + spread * rng.normal(size=n) / np.sqrt(n) * 2)
    equalities = "" if not with_equality else " equality" if equality_count == 1 else f" {equality_count} equalities"
    name = f"projection n={n} m={m}" + equalities + (" box" if with_box else "")
    return Problem(name, "projection", np.eye(n), -outside, E, f, C, b, lower, upper)


def spd_matrix(n):
    B = rounded(rng.normal(size=(n, n)))
    # Rounding keeps it symmetric, and the 0.1 I margin keeps it positive definite.
    return rounded(B @ B.T / n + 0.1 * np.eye(n))


def general(n, m, with_equality, with_box, equality_count=1):
    interior = rng.uniform(-0.5, 0.5, size=n)
    C, b = random_rows(n, m, interior)
    E = f = lower = upper = None
    if with_equality:
        E = rounded(rng.normal(size=(equality_count, n)))
        f = rounded(E @ interior)
    if with_box:
        lower = [-1.0] * n
        upper = [1.0] * n
    G = spd_matrix(n)
    a = rounded(4 * rng.normal(size=n))
    equalities = "" if not with_equality else " equality" if equality_count == 1 else f" {equality_count} equalities"
    name = f"general SPD n={n} m={m}" + equalities + (" box" if with_box else "")
    return Problem(name, "general", G, a, E, f, C, b, lower, upper)


def known_projection(name, optimum, active_rows, multipliers, other_rows=(), other_slacks=(),
                     E=None, lower=None, upper=None, extra_gradient=None):
    """G = I and a = -(y* - sum lambda_j c_j): y* is optimal exactly (rows through y*, lambda >= 0)."""
    y = np.asarray(optimum, dtype=float)
    rows = [np.asarray(r, dtype=float) for r in active_rows]
    outside = y - sum(l * r for l, r in zip(multipliers, rows)) if rows else y.copy()
    if extra_gradient is not None:
        outside = outside - extra_gradient
    all_rows = rows + [np.asarray(r, dtype=float) for r in other_rows]
    bounds = [r @ y for r in rows] + [np.asarray(r, dtype=float) @ y - s for r, s in zip(other_rows, other_slacks)]
    f = None if E is None else np.asarray(E, dtype=float) @ y
    return Problem(name, "degenerate", np.eye(len(y)), -outside, E, f, np.array(all_rows), np.array(bounds),
                   lower, upper, known_point=y)


def degenerate_cases():
    cases = []
    y = np.array([0.5, -0.25, 1.0, 0.125, -0.75])
    active = [[1, 2, 0, -1, 0], [0, 1, -1, 0, 2], [1, 0, 0, 1, 1]]
    inactive = [[1, 1, 1, 1, 1], [-1, 0, 2, 0, 0], [0, 0, 1, -1, 1], [2, -1, 0, 0, 1]]
    # Every active row twice, one of them also scaled by 3 (same half-space).
    rows = active + active + [[3 * v for v in active[0]]]
    cases.append(known_projection("duplicate active rows", y, rows, [0.5, 1.0, 0.25, 0.5, 0.0, 0.25, 0.125],
                                  inactive, [1.0, 0.5, 2.0, 0.25]))
    # Rows through y* with zero multiplier (weakly active), next to strongly active ones.
    y6 = np.array([0.25, 0.5, -0.5, 1.0, 0.0, -0.125])
    strong = [[1, 0, 1, 0, -1, 0], [0, 1, 0, 1, 0, -1]]
    weak = [[1, 1, 0, 0, 0, 0], [0, 0, 1, 0, 1, 1], [-1, 0, 0, 2, 0, 0]]
    cases.append(known_projection("active rows with zero multiplier", y6, strong + weak,
                                  [0.75, 0.5, 0, 0, 0], [[1, 1, 1, 1, 1, 1]], [0.5]))
    # A degenerate vertex: five rows through y* in R^3, three of them carrying the multipliers.
    y3 = np.array([1.0, 0.5, -0.5])
    vertex = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1]]
    cases.append(known_projection("degenerate vertex", y3, vertex, [1.0, 0.5, 0.25, 0, 0]))
    # Redundant equality plus inequalities: e.y = f twice (once scaled), e.y >= f, -e.y >= -f.
    y4 = np.array([0.5, 0.25, -1.0, 2.0])
    e = np.array([1.0, -1.0, 2.0, 0.5])
    p = known_projection("redundant equality and inequality", y4, [e, -e], [0.0, 0.0],
                         [[1, 1, 1, 1]], [1.0], E=np.array([e, 2 * e]), extra_gradient=1.5 * e)
    cases.append(p)
    # Fixed variables (l = u) and a corner of the box, no rows.
    # The last variable lands exactly on its upper bound with zero multiplier.
    y5 = np.array([1.0, -0.5, 0.25, 1.0])
    cases.append(Problem("fixed variables and box corner", "degenerate", np.eye(4), -np.array([3.0, -4.0, 0.25, 1.0]),
                         lower=[-1.0, -0.5, 0.25, -1.0], upper=[1.0, 1.0, 0.25, 1.0], known_point=y5))
    # An equality that is also a bound: y_0 = 0.5 with 0.5 <= y_0 <= 2.
    cases.append(Problem("equality on a bound", "degenerate", np.eye(3), -np.array([-1.0, 0.5, 3.0]),
                         E=np.array([[1.0, 0.0, 0.0]]), f=np.array([0.5]),
                         lower=[0.5, None, None], upper=[2.0, None, 2.0],
                         known_point=np.array([0.5, 0.5, 2.0])))
    return cases


def infeasible_cases():
    cases = []
    cases.append(Problem("opposite half-spaces", "infeasible", np.eye(3), np.zeros(3),
                         C=np.array([[1.0, 2.0, -1.0], [-1.0, -2.0, 1.0]]), b=np.array([1.0, 0.0]),
                         expect_infeasible=True))
    # Random rows plus a Farkas combination of them pushed 1 beyond: sum w_j c_j.y >= sum w_j b_j contradicts.
    n, m = 10, 30
    C = rounded(rng.normal(size=(m, n)))
    b = rounded(rng.normal(size=m))
    weights = np.array([0.5, 1.0, 0.25, 2.0])
    combination = -(weights @ C[:4])
    C = np.vstack([C, combination])
    b = np.concatenate([b, [-(weights @ b[:4]) + 1.0]])
    cases.append(Problem("Farkas combination n=10", "infeasible", np.eye(n), rounded(rng.normal(size=n)),
                         C=C, b=b, expect_infeasible=True))
    cases.append(Problem("equality outside the box", "infeasible", np.eye(5), -np.ones(5),
                         E=np.ones((1, 5)), f=np.array([10.0]), lower=[0.0] * 5, upper=[1.0] * 5,
                         expect_infeasible=True))
    cases.append(Problem("inconsistent equalities", "infeasible", np.eye(4), np.zeros(4),
                         E=np.array([[1.0, 0, 1, 0], [0, 1, 0, 1], [1, 1, 1, 1]]), f=np.array([1.0, 2.0, 4.0]),
                         expect_infeasible=True))
    cases.append(Problem("equality against inequality", "infeasible", np.eye(3), np.zeros(3),
                         E=np.array([[1.0, 1.0, 0.0]]), f=np.array([0.0]),
                         C=np.array([[1.0, 1.0, 0.0]]), b=np.array([1.0]), expect_infeasible=True))
    G = spd_matrix(6)
    cases.append(Problem("general SPD with empty box slice", "infeasible", G, rounded(rng.normal(size=6)),
                         C=np.array([[1.0, 1, 1, 1, 1, 1]]), b=np.array([7.0]),
                         lower=[-1.0] * 6, upper=[1.0] * 6, expect_infeasible=True))
    return cases


def main():
    problems = []
    sizes = [(2, 5), (3, 8), (5, 12), (10, 30), (50, 120), (200, 300)]
    for n, m in sizes:
        problems.append(projection(n, m, with_equality=False, with_box=False))
        problems.append(projection(n, m, with_equality=True, with_box=True))
    problems.append(projection(10, 30, with_equality=True, with_box=False))
    problems.append(projection(50, 120, with_equality=False, with_box=True, spread=6.0))
    problems.append(general(3, 6, False, False))
    problems.append(general(5, 12, True, False))
    problems.append(general(10, 25, False, True))
    problems.append(general(30, 60, True, True))
    # Several independent equalities (their multipliers change as later ones enter).
    problems.append(projection(20, 40, with_equality=True, with_box=True, equality_count=3))
    problems.append(general(8, 16, True, False, equality_count=2))
    problems += degenerate_cases()
    problems += infeasible_cases()

    entries = [reference(p) for p in problems]
    document = {
        "generator": "Fixtures/scripts/make_qp_golden.py",
        "seed": SEED,
        "referenceSolver": f"clarabel {clarabel.__version__} + KKT polish (numpy {np.__version__}); "
                           f"infeasibility confirmed by scipy {__import__('scipy').__version__} linprog/HiGHS",
        "problems": entries,
    }
    with open(OUTPUT, "w") as handle:
        json.dump(document, handle, separators=(",", ":"))
        handle.write("\n")
    for entry in entries:
        summary = entry["expected"]["status"]
        if summary == "optimal":
            summary += f" objective={entry['expected']['objective']:.12g}"
        print(f"{entry['name']:<45} {summary}")
    print(f"wrote {len(entries)} problems to {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
