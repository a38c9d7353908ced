#!/usr/bin/env python3
"""How many cell rows need not be formed, on the CIFAR-10 models.

The certified radius in norm p is min_u |phi_u(x)| / ||A_u||_q. Every face
value phi_u(x) comes free from the forward pass, and a row's dual norm has a
cheap upper bound from the layer below: a row of a node that is an affine image
L of the rows a_j of the last ReLU (or max pool) before it has
||sum_j L_uj a_j||_q <= (|L| n)_u, n_j = ||a_j||_q; a max-pool row
winner - other is at most n_winner + n_other, an output comparison o_c - o_j at
most m_c + m_j. So |phi_u(x)| / bound_u is a lower bound on the row's distance,
and a row whose lower bound exceeds the cell's radius cannot bind.

For each model and each of the first --centres property box centres this
script counts, per norm, the face rows whose lower bound exceeds the radius
("cannot bind"), and among them the rows no later layer reads (inactive ReLU
pre-activations, max-pool differences, output comparisons): only those could
be left unformed, since an active ReLU's row is needed to form the rows after
it. It checks every bound against the true norm (torch autograd Jacobians,
float64, as in radii_reference.py).

Usage: python3 Benchmarks/cnn/row_pruning.py NETS_DIR [--centres 3] [--out FILE]
"""
import argparse, json, os, sys
import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(__file__))
from radii_reference import cell_jacobian, input_box  # noqa: E402

MODELS = [("oval21", "cifar_base_kw.onnx"), ("cifar10_resnet", "resnet_2b.onnx")]
NORMS = {"l2": 2.0, "linf": 1.0, "l1": float("inf")}  # radius norm -> dual norm of the rows


def properties(folder, model, count):
    found = []
    with open(os.path.join(folder, "instances_local.csv")) as f:
        for line in f:
            if line.strip() and not line.startswith("#") and line.split(",")[0] == model:
                found.append(line.split(",")[1])
    return found[:count]


def measure(model_path, x):
    ev, blocks, out, values, jac = cell_jacobian(model_path, x)
    xt = torch.tensor(x)
    # Which rows no later layer reads: inactive ReLU pre-activations, max-pool rows, comparisons.
    leaf, relu_blocks, start, k = [], [], 0, 0
    for kind, block in zip(ev.row_kinds, blocks):
        size = block.numel()
        if kind == "relu":
            leaf.append(ev.masks[k].reshape(-1) == 0)
            relu_blocks.append((start, size))
            k += 1
        else:
            leaf.append(torch.ones(size, dtype=torch.bool))
        start += size
    leaf.append(torch.ones(values.numel() - start, dtype=torch.bool))
    leaf = torch.cat(leaf)
    c = int(torch.argmax(out.detach())) if out.numel() > 1 else None
    result = {"rows": int(values.numel())}
    for name, q in NORMS.items():
        norms = jac.norm(p=q, dim=1)
        relu_norms = [norms[a:a + n] for a, n in relu_blocks]
        bound_blocks, bound_out = ev.run(torch.ones(xt.numel()), record=False, relu_norms=relu_norms)
        if c is None:
            comparison_bounds = bound_out.reshape(-1)
        else:
            comparison_bounds = torch.stack([bound_out[c] + bound_out[j] for j in range(out.numel()) if j != c])
        bounds = torch.cat([b.reshape(-1) for b in bound_blocks] + [comparison_bounds.reshape(-1)]).detach()
        assert bool((bounds >= norms * (1 - 1e-9)).all()), f"a bound below the true norm ({name})"
        live = norms > 0
        radius = float((values.abs()[live] / norms[live]).min())
        lower = values.abs() / bounds
        cannot_bind = lower > radius
        result[name] = {"radius": radius, "cannot_bind": int(cannot_bind.sum()),
                        "cannot_bind_unread": int((cannot_bind & leaf).sum()), "unread": int(leaf.sum())}
    return result


def main():
    p = argparse.ArgumentParser()
    p.add_argument("nets")
    p.add_argument("--centres", type=int, default=3)
    p.add_argument("--out", default=None)
    args = p.parse_args()
    torch.set_num_threads(2)
    report = {}
    for folder, model in MODELS:
        base = os.path.join(args.nets, "cnn", folder)
        m = onnx.load(os.path.join(base, model))
        inits = {t.name for t in m.graph.initializer}
        inp = [i for i in m.graph.input if i.name not in inits][0]
        count = int(np.prod([d.dim_value if d.dim_value > 0 else 1 for d in inp.type.tensor_type.shape.dim]))
        for vnnlib in properties(base, model, args.centres):
            lo, hi = input_box(os.path.join(base, vnnlib), count)
            r = measure(os.path.join(base, model), (lo + hi) / 2)
            report[f"{folder}/{model} {vnnlib}"] = r
            line = ", ".join(f"{n}: {r[n]['cannot_bind']} cannot bind, {r[n]['cannot_bind_unread']} of them unread"
                             for n in NORMS)
            print(f"{folder}/{model} {vnnlib}: {r['rows']} rows ({r['linf']['unread']} unread); {line}", file=sys.stderr)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
