"""The baselines a user would otherwise write, one function per kernel.

Each computes what the matching cellcert-bench kernel computes, on a
network_io.Network and float64 inputs:
  numpy_radii      cell rows W_{l+1,S} A_{l,S} (active columns only) with numpy/OpenBLAS, radii in three norms
  torch_radii      the same rows from torch.autograd.functional.jacobian of every layer's pre-activations
  highs_facets     one scipy linprog(method="highs") per face hyperplane, from scratch (2 processes)
  ort_monte_carlo  class-change counting with onnxruntime's batched forward pass
"""
import time

import numpy as np

# The dual norm applied to a hyperplane's normal: distance in ‖·‖_p = |φ(x)| / ‖A‖_q.
DUAL = {"l2": "l2", "linf": "l1", "l1": "linf"}


def _first_layer(net):
    """Rows and offsets of the first layer in raw input coordinates:
    W((x - m)/s) + b = (W diag(1/s)) x + (b - W (m/s))."""
    w, b = net.weights[0], net.biases[0]
    if net.input_mean is None:
        return w, b
    return w / net.input_scale, b - w @ (net.input_mean / net.input_scale)


def _normalised_input(net, x):
    return x if net.input_mean is None else (x - net.input_mean) / net.input_scale


def _output_rows(net, a, c, outputs):
    """The output faces: the predicted class k and, for argmax/argmin, the
    comparisons against every rival j (o_k - o_j resp. o_j - o_k), for threshold
    the output itself with orientation ±1. Returns (rows, offsets, orientations, k)."""
    if net.output_scale is not None:
        a, c = a * net.output_scale, c * net.output_scale + net.output_mean
    k = int(net.decide(outputs[None, :])[0])
    if net.decision == "threshold":
        return a, c, np.array([1.0 if k == 1 else -1.0]), k
    rivals = [j for j in range(a.shape[0]) if j != k]
    if net.decision == "argmax":
        rows, offsets = a[k] - a[rivals], c[k] - c[rivals]
    else:
        rows, offsets = a[rivals] - a[k], c[rivals] - c[k]
    return rows, offsets, np.ones(len(rivals)), k


def cell_blocks(net, x):
    """The cell of x as blocks (rows A, offsets c, orientations σ), hidden layers
    first, then the output faces: the same rows, in the same order, as CellCert's
    Network.cell(at:). Products touch the active units only."""
    h = _normalised_input(net, x)
    a, c = _first_layer(net)
    blocks = []
    last = len(net.weights) - 1
    z = net.weights[0] @ h + net.biases[0]
    for l in range(last):
        active = z > 0
        blocks.append((a, c, np.where(active, 1.0, -1.0)))
        w = net.weights[l + 1][:, active]
        a, c = w @ a[active], w @ c[active] + net.biases[l + 1]
        h = np.maximum(z, 0)
        z = net.weights[l + 1] @ h + net.biases[l + 1]
    outputs = z if net.output_scale is None else z * net.output_scale + net.output_mean
    rows, offsets, signs, k = _output_rows(net, a, c, outputs)
    blocks.append((rows, offsets, signs))
    return blocks, k


def _block_radii(rows, values, radii):
    """Updates radii[norm] with min_u |φ_u| / ‖A_u‖_dual over one block (zero rows carry no face)."""
    magnitudes = np.abs(rows)
    lengths = {"l2": np.sqrt(np.einsum("ij,ij->i", rows, rows)),
               "l1": magnitudes.sum(axis=1), "linf": magnitudes.max(axis=1)}
    face = lengths["linf"] > 0
    if not face.any():
        return
    value = np.abs(values[face])
    for norm, dual in DUAL.items():
        radii[norm] = min(radii[norm], float(np.min(value / lengths[dual][face])))


def numpy_radii(net, x):
    """(a) Radii in the three norms: explicit rows per block, φ_u(x) = A_u x + c_u."""
    blocks, _ = cell_blocks(net, x)
    radii = {norm: np.inf for norm in DUAL}
    for rows, offsets, _ in blocks:
        _block_radii(rows, rows @ x + offsets, radii)
    return radii


def cell_rows(net, x):
    """The stacked rows, offsets and orientations of the cell of x (for the facet baseline)."""
    blocks, _ = cell_blocks(net, x)
    return (np.vstack([b[0] for b in blocks]), np.concatenate([b[1] for b in blocks]),
            np.concatenate([b[2] for b in blocks]))


class TorchNetwork:
    """The network as float64 torch tensors; radii from autograd Jacobians."""

    def __init__(self, net):
        import torch
        self.torch = torch
        self.net = net
        t = lambda v: torch.from_numpy(np.asarray(v, dtype=np.float64))
        self.weights = [t(w) for w in net.weights]
        self.biases = [t(b) for b in net.biases]
        self.mean = None if net.input_mean is None else t(net.input_mean)
        self.scale = None if net.input_scale is None else t(net.input_scale)
        self.jacrev = torch.func.jacrev(self.pre_activations)

    def pre_activations(self, x):
        """Every layer's pre-activations (the last one after the output transform), as a tuple."""
        torch = self.torch
        h = x if self.mean is None else (x - self.mean) / self.scale
        result = []
        last = len(self.weights) - 1
        for l, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = w @ h + b
            if l < last:
                result.append(z)
                h = torch.relu(z)
            else:
                if self.net.output_scale is not None:
                    z = z * self.net.output_scale + self.net.output_mean
                result.append(z)
        return tuple(result)

    def radii(self, x, method="jacobian"):
        """(b) Radii in the three norms: the rows are the Jacobians of the hidden
        pre-activations (and of the output comparisons) with respect to the input.

        method "jacobian": torch.autograd.functional.jacobian with its defaults
        (one backward pass per output; on this machine 2.6× faster than its
        vmap-vectorised mode on 784-256-256-10). method "jacrev": torch.func.jacrev,
        reverse mode batched with vmap, for information (what an expert might write)."""
        torch = self.torch
        xt = torch.from_numpy(x)
        with torch.no_grad():
            values = self.pre_activations(xt)
        if method == "jacobian":
            jacobians = torch.autograd.functional.jacobian(self.pre_activations, xt)
        else:
            jacobians = self.jacrev(xt)
        radii = {norm: np.inf for norm in DUAL}
        rows_values = list(zip(jacobians[:-1], values[:-1]))
        outputs, jo = values[-1], jacobians[-1]
        k = int(self.net.decide(outputs.numpy()[None, :])[0])
        if self.net.decision == "threshold":
            rows_values.append((jo, outputs))
        else:
            rivals = [j for j in range(outputs.shape[0]) if j != k]
            sign = 1.0 if self.net.decision == "argmax" else -1.0
            rows_values.append((sign * (jo[k] - jo[rivals]), sign * (outputs[k] - outputs[rivals])))
        for rows, phi in rows_values:
            lengths = {"l2": torch.linalg.vector_norm(rows, 2, dim=1),
                       "l1": rows.abs().sum(dim=1), "linf": rows.abs().amax(dim=1)}
            face = lengths["linf"] > 0
            if not bool(face.any()):
                continue
            for norm, dual in DUAL.items():
                radii[norm] = min(radii[norm], float((phi[face].abs() / lengths[dual][face]).min()))
        return radii


def coincidence_groups(normals, offsets, tolerance=1e-12):
    """For inward unit constraints n·y + b ≥ 0, the index of the first constraint
    each one coincides with (normals and offsets equal within `tolerance`), or
    its own index. Sorted by a generic projection, neighbours compared in a window,
    as CellCert's facet search does."""
    d = normals.shape[1]
    probe = 1.0 + ((np.arange(d) * 7919) % 101) / 101.0
    keys = normals @ probe + offsets
    order = np.argsort(keys, kind="stable")
    group = np.arange(len(offsets))
    for position, i in enumerate(order):
        back = position - 1
        while back >= 0 and keys[i] - keys[order[back]] <= tolerance * (d + 1) * 4:
            j = order[back]
            if group[j] == j and abs(offsets[i] - offsets[j]) <= tolerance \
                    and np.max(np.abs(normals[i] - normals[j])) <= tolerance:
                group[i] = j
                break
            back -= 1
    return group


_LP = {}


def _share_lp(a_ub, b_ub, objectives):
    """Worker initializer: the constraint matrix, right-hand sides and objectives, once per process."""
    _LP.update(a_ub=a_ub, b_ub=b_ub, objectives=objectives)


def _relaxed_row_minimum(position):
    """The relaxed-row LP of unique row `position`, solved from scratch: (status, minimum of n·y)."""
    from scipy.optimize import linprog

    b_ub = _LP["b_ub"].copy()
    b_ub[position] += 1
    result = linprog(_LP["objectives"][position], A_ub=_LP["a_ub"], b_ub=b_ub, bounds=(None, None), method="highs")
    return result.status, result.fun


def highs_facets(rows, offsets, signs, violation_tolerance=1e-9, workers=2):
    """(c) The facet rows of the cell {σ_u(A_u y + c_u) ≥ 0}: rows normalised to
    unit ℓ2 normals, coincident ones merged, then for each remaining row u one
    scipy linprog(method="highs") from scratch: minimise n_u·y + b_u subject to
    every other constraint and the relaxed n_u·y + b_u ≥ -1; u is a facet iff the
    minimum is < -violation_tolerance. The LPs are independent: they are spread
    over `workers` processes (CellCert uses both cores too).
    Returns (facet rows, row -> representative row, LPs solved, unknown rows)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    lengths = np.linalg.norm(rows, axis=1)
    faces = np.flatnonzero(lengths > 0)
    normals = signs[faces, None] * rows[faces] / lengths[faces, None]
    shifts = signs[faces] * offsets[faces] / lengths[faces]
    group = coincidence_groups(normals, shifts)
    unique = np.flatnonzero(group == np.arange(len(faces)))
    arguments = (-normals[unique], shifts[unique], normals[unique])
    positions = range(len(unique))
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_share_lp, initargs=arguments) as pool:
            minima = list(pool.map(_relaxed_row_minimum, positions, chunksize=4))
    else:
        _share_lp(*arguments)
        minima = [_relaxed_row_minimum(p) for p in positions]
    facets, unknown = [], []
    for position, (status, minimum) in enumerate(minima):
        row = int(faces[unique[position]])
        if status != 0:
            unknown.append(row)
        elif minimum + shifts[unique[position]] < -violation_tolerance:
            facets.append(row)
    row_group = {int(faces[i]): int(faces[group[i]]) for i in range(len(faces))}
    return facets, row_group, len(unique), unknown


def ort_monte_carlo(session, net, x, epsilon, samples, batch, seed, dtype=np.float64, reference=None):
    """(d) Class changes among `samples` points x + ε s, s uniform on the sphere
    (normalised Gaussians from numpy), forward passes through onnxruntime in
    batches of `batch`. Returns (changed, seconds in session.run)."""
    rng = np.random.default_rng(seed)
    d = x.shape[0]
    if reference is None:
        reference = int(net.decide(session.run(None, {"X": x[None, :].astype(dtype)})[0])[0])
    changed, forward = 0, 0.0
    for start in range(0, samples, batch):
        size = min(batch, samples - start)
        directions = rng.standard_normal((size, d))
        directions /= np.linalg.norm(directions, axis=1, keepdims=True)
        points = (x + epsilon * directions).astype(dtype, copy=False)
        t0 = time.perf_counter()
        outputs = session.run(None, {"X": points})[0]
        forward += time.perf_counter() - t0
        changed += int(np.count_nonzero(net.decide(outputs) != reference))
    return changed, forward
