#!/usr/bin/env python3
"""Independent float64 cell radii of ONNX CNNs, with torch autograd.

For each model, at the centre of its first property's input box, this script
evaluates the ONNX graph with its own torch implementation of every operator
(Conv, ConvTranspose, MaxPool, AveragePool, BatchNormalization, Pad,
Transpose, Reshape/Flatten, Gemm, MatMul, Add, Relu, Dropout, Constant), with
the activation pattern fixed at the centre: ReLUs as masks, every max-pool
window as its winner (ties: the first). The cell's rows are then every ReLU
pre-activation, every `winner - other` difference of every max-pool window and
the output comparisons; their Jacobians come from forward-mode autograd
(torch.func.jvp, batched with vmap), and the
radius in norm p is min_u |phi_u(x)| / ||A_u||_q over the rows with a non-zero
gradient (q the dual norm).

Usage: python3 Benchmarks/cnn/radii_reference.py NETS_DIR [--out FILE] [--time]
Writes JSON: per model the vnnlib file, the centre's class, the row count and
the three radii; --time also reports seconds per cell (the torch baseline of
the CNN benchmark). Needs torch (CPU), onnx, numpy.
"""
import argparse, json, os, re, sys, time
import numpy as np
import onnx
from onnx import helper, numpy_helper
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

MODELS = [
    ("verivital", "Convnet_avgpool.onnx"),
    ("verivital", "Convnet_maxpool.onnx"),
    ("oval21", "cifar_base_kw.onnx"),
    ("cifar10_resnet", "resnet_2b.onnx"),
    ("marabou-cifar10", "cifar10_small.onnx"),
    ("sri_resnet_a", "resnet_3b2_bn_mixup_adv_4.0_bs128_lr-1.onnx"),
    ("collins_rul_cnn", "NN_rul_small_window_20.onnx"),
    ("cgan", "cGAN_imgSz32_nCh_1.onnx"),
]


def first_property(folder, model):
    with open(os.path.join(folder, "instances_local.csv")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            onnx_name, vnnlib = line.split(",")[:2]
            if onnx_name == model:
                return vnnlib
    raise SystemExit(f"no property for {model} in {folder}")


def input_box(path, count):
    lo = np.full(count, -np.inf)
    hi = np.full(count, np.inf)
    text = open(path).read()
    for op, i, v in re.findall(r"\(\s*(<=|>=)\s+X_(\d+)\s+([-+0-9.eE]+)\s*\)", text):
        i = int(i)
        if op == "<=":
            hi[i] = min(hi[i], float(v))
        else:
            lo[i] = max(lo[i], float(v))
    assert np.all(np.isfinite(lo)) and np.all(np.isfinite(hi)), "unbounded input"
    return lo, hi


class Evaluator:
    """The ONNX graph in torch float64, with the pattern fixed at the first call's point."""

    def __init__(self, model):
        g = model.graph
        self.graph = g
        self.consts = {t.name: torch.tensor(numpy_helper.to_array(t).astype(np.float64)) for t in g.initializer}
        self.int_consts = {t.name: numpy_helper.to_array(t) for t in g.initializer}
        inits = set(self.consts)
        self.input = [i for i in g.input if i.name not in inits][0]
        self.shape = [d.dim_value if d.dim_value > 0 else 1 for d in self.input.type.tensor_type.shape.dim]
        self.masks = None

    def run(self, x, record, relu_norms=None):
        """Evaluates at x (flat); returns (rows list, outputs). With record, fixes masks/winners.

        With relu_norms (one flat tensor of row norms per ReLU, in order), evaluates
        instead the bound of Benchmarks/cnn/row_pruning.py: x holds the norms of
        the input's rows (ones), every linear map acts by its absolute values
        without offsets, each ReLU outputs the given norms of its active rows, and
        the rows list holds, per face block, bounds on its rows' norms.
        """
        magnitude = relu_norms is not None
        env = {self.input.name: x.reshape(self.shape)}
        env.update({k: v.abs() for k, v in self.consts.items()} if magnitude else self.consts)
        rows = []
        relu_k = pool_k = 0
        if record:
            self.masks, self.winners, self.row_kinds = [], [], []
        for n in self.graph.node:
            a = {at.name: helper.get_attribute_value(at) for at in n.attribute}
            ins = [env[i] if i in env else None for i in n.input]
            op = n.op_type
            if op == "Constant":
                t = numpy_helper.to_array(a["value"])
                env[n.output[0]] = (torch.tensor(t.astype(np.float64)).abs() if magnitude else torch.tensor(t.astype(np.float64))) \
                    if t.dtype.kind == "f" else t
                continue
            if op == "Conv":
                pads = a.get("pads", [0, 0, 0, 0])
                x0 = F.pad(ins[0], (pads[1], pads[3], pads[0], pads[2]))
                y = F.conv2d(x0, ins[1], ins[2] if len(ins) > 2 and not magnitude else None, stride=a.get("strides", [1, 1]),
                             dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))
            elif op == "ConvTranspose":
                pads = a.get("pads", [0, 0, 0, 0])
                assert pads[0] == pads[2] and pads[1] == pads[3]
                y = F.conv_transpose2d(ins[0], ins[1], ins[2] if len(ins) > 2 and not magnitude else None, stride=a.get("strides", [1, 1]),
                                       padding=(pads[0], pads[1]), output_padding=a.get("output_padding", [0, 0]),
                                       dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))
            elif op == "Relu":
                z = ins[0]
                rows.append(z.reshape(-1))
                if record:
                    self.masks.append((z > 0).detach().to(torch.float64))
                    self.row_kinds.append("relu")
                y = (relu_norms[relu_k].reshape(z.shape) if magnitude else z) * self.masks[relu_k]
                relu_k += 1
            elif op == "MaxPool":
                k = a["kernel_shape"]; s = a.get("strides", [1, 1]); pads = a.get("pads", [0, 0, 0, 0])
                assert pads == [0, 0, 0, 0]
                z = ins[0]
                c = z.shape[1]
                cols = F.unfold(z, kernel_size=k, stride=s)  # [1, c*kh*kw, L]
                cols = cols.reshape(c, k[0] * k[1], -1)       # window entries in row-major kernel order
                if record:
                    self.winners.append(torch.argmax(cols.detach(), dim=1))  # first maximum
                    self.row_kinds.append("pool")
                w = self.winners[pool_k]
                best = torch.gather(cols, 1, w.unsqueeze(1))  # [c, 1, L]
                diffs = best + cols if magnitude else best - cols  # [c, K, L], zero at the winner
                keep = torch.ones_like(cols, dtype=torch.bool).scatter(1, w.unsqueeze(1), False)
                # rows in our order: per output entry (c, p), window positions j != winner
                rows.append(diffs.permute(0, 2, 1)[keep.permute(0, 2, 1)])
                oh = (z.shape[2] - k[0]) // s[0] + 1
                y = best.reshape(1, c, oh, -1)
                pool_k += 1
            elif op == "AveragePool":
                pads = a.get("pads", [0, 0, 0, 0])
                assert pads[0] == pads[2] and pads[1] == pads[3]
                y = F.avg_pool2d(ins[0], a["kernel_shape"], a.get("strides", [1, 1]), padding=(pads[0], pads[1]),
                                 ceil_mode=bool(a.get("ceil_mode", 0)), count_include_pad=bool(a.get("count_include_pad", 0)))
            elif op == "BatchNormalization":
                eps = float(np.float32(a.get("epsilon", 1e-5)))
                if magnitude:
                    scale = self.consts[n.input[1]] / torch.sqrt(self.consts[n.input[4]] + eps)
                    y = ins[0] * scale.abs().reshape(1, -1, 1, 1)
                else:
                    y = F.batch_norm(ins[0], ins[3], ins[4], ins[1], ins[2], training=False, eps=eps)
            elif op == "Pad":
                assert not any(a.get("pads", [0])), "non-zero Pad"
                y = ins[0]
            elif op == "Transpose":
                y = ins[0].permute(*a["perm"])
            elif op in ("Reshape",):
                spec = [int(v) for v in (self.int_consts.get(n.input[1]) if n.input[1] in self.int_consts else env[n.input[1]])]
                spec = [ins[0].shape[i] if v == 0 else v for i, v in enumerate(spec)]
                y = ins[0].reshape(spec)
            elif op == "Flatten":
                ax = a.get("axis", 1)
                y = ins[0].reshape(int(np.prod(ins[0].shape[:ax])), -1)
            elif op == "Gemm":
                A, B = ins[0], ins[1]
                if a.get("transA", 0): A = A.T
                if a.get("transB", 0): B = B.T
                y = abs(a.get("alpha", 1.0)) * (A @ B)
                if len(ins) > 2 and not magnitude: y = y + a.get("beta", 1.0) * ins[2]
            elif op == "MatMul":
                y = ins[0] @ ins[1]
            elif op == "Add":
                if magnitude and (n.input[0] in self.consts or n.input[1] in self.consts):
                    y = ins[1] if n.input[0] in self.consts else ins[0]  # an offset: no rows
                else:
                    y = ins[0] + ins[1]
            elif op in ("Dropout", "Identity"):
                y = ins[0]
            else:
                raise SystemExit(f"operator {op} not in the reference")
            env[n.output[0]] = y
        out = env[self.graph.output[0].name].reshape(-1)
        return rows, out


def cell_rows(ev, x):
    rows, out = ev.run(x, record=False)
    k = out.numel()
    if k == 1:
        comparisons = out  # threshold head
    else:
        c = int(torch.argmax(out.detach()))
        comparisons = torch.stack([out[c] - out[j] for j in range(k) if j != c])
    return torch.cat([r.reshape(-1) for r in rows] + [comparisons.reshape(-1)])


def cell_jacobian(model_path, x):
    """(evaluator with the pattern of x, face blocks, outputs, row values, rows' Jacobian) at x."""
    ev = Evaluator(onnx.load(model_path))
    xt = torch.tensor(x)
    blocks, out = ev.run(xt, record=True)
    values = cell_rows(ev, xt).detach()
    # Forward mode, 256 input directions at a time: jvp along each basis vector.
    f = lambda y: cell_rows(ev, y)
    push = torch.func.vmap(lambda v: torch.func.jvp(f, (xt,), (v,))[1])
    eye = torch.eye(xt.numel())
    jac = torch.cat([push(eye[i:i + 256]) for i in range(0, xt.numel(), 256)]).T
    return ev, blocks, out, values, jac


def radii(model_path, x):
    _, _, out, values, jac = cell_jacobian(model_path, x)
    keep = jac.abs().amax(dim=1) > 0
    v, a = values[keep].abs(), jac[keep]
    result = {
        "l2": float((v / a.norm(dim=1)).min()),
        "linf": float((v / a.abs().sum(dim=1)).min()),
        "l1": float((v / a.abs().amax(dim=1)).min()),
    }
    k = out.numel()
    cls = (1 if float(out[0]) > 0 else 0) if k == 1 else int(torch.argmax(out))
    return result, cls, int(values.numel()), int(keep.sum())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("nets")
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "CellCertTests", "Golden",
                                                 "cnn-radii-torch.json"))
    p.add_argument("--time", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(2)
    result = {}
    for folder, model in MODELS:
        base = os.path.join(args.nets, "cnn", folder)
        vnnlib = first_property(base, model)
        m = onnx.load(os.path.join(base, model))
        inits = {t.name for t in m.graph.initializer}
        inp = [i for i in m.graph.input if i.name not in inits][0]
        count = int(np.prod([d.dim_value if d.dim_value > 0 else 1 for d in inp.type.tensor_type.shape.dim]))
        lo, hi = input_box(os.path.join(base, vnnlib), count)
        centre = (lo + hi) / 2
        start = time.perf_counter()
        r, cls, rows, faces = radii(os.path.join(base, model), centre)
        seconds = time.perf_counter() - start
        result[f"{folder}/{model}"] = {"vnnlib": vnnlib, "class": cls, "rows": rows, "faces": faces, "radii": r,
                                        **({"seconds": seconds} if args.time else {})}
        print(f"{folder}/{model}: class {cls}, rows {rows}, faces {faces}, radii {r}, {seconds:.2f} s", file=sys.stderr)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
