#!/usr/bin/env python3
"""`cellcert table` on CIFAR-10 CNNs beside a torch baseline computing the same radii.

Usage: python3 Benchmarks/cnn/cifar_table.py NETS_DIR [--cellcert PATH] [--images N] [--threads T]

For oval21/cifar_base_kw.onnx and cifar10_resnet/resnet_2b.onnx, on the first
N images of ERAN's cifar10_test.csv (label, then 32x32x3 pixels 0-255, HWC):

  cellcert   `cellcert table MODEL --inputs cifar10_test.csv --label-column first
             --scale 255 --layout hwc --mean ... --std ... --format csv`, under
             /usr/bin/time -v (wall time, peak resident memory);
  torch      the same cells' radii in float64 (Benchmarks/cnn/radii_reference.py's
             evaluator, with the same normalisation in front), forward-mode
             Jacobians of every ReLU input and output comparison, same machine,
             same thread count.

Prints seconds per image for both, their ratio, cellcert's peak memory beside
the largest layer block (rows x d x 8 bytes), the accuracy, and the largest
relative difference between the two tools' L2 radii. The normalisations are
the ones the models' VNN-COMP properties reveal (Docs/graph-networks.md).
"""
import argparse, csv, io, os, re, subprocess, sys, time
import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(__file__))
from radii_reference import Evaluator, cell_rows  # noqa: E402

MODELS = {
    "oval21/cifar_base_kw.onnx": ((0.485, 0.456, 0.406), (0.225, 0.225, 0.225)),
    "cifar10_resnet/resnet_2b.onnx": ((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
}


def torch_radii(model_path, mean, std, images):
    ev = Evaluator(onnx.load(model_path))
    m = torch.tensor(mean).repeat_interleave(1024)
    s = torch.tensor(std).repeat_interleave(1024)
    out, start = [], time.perf_counter()
    for pixels in images:
        # pixels: HWC 0..255 -> CHW in [0, 1], the unit cellcert's radii use.
        u = torch.tensor(pixels.reshape(32, 32, 3).transpose(2, 0, 1).reshape(-1) / 255.0)
        f = lambda y: cell_rows(ev, (y - m) / s)
        ev.run((u - m) / s, record=True)
        values = f(u).detach()
        push = torch.func.vmap(lambda v: torch.func.jvp(f, (u,), (v,))[1])
        eye = torch.eye(3072)
        jac = torch.cat([push(eye[i:i + 256]) for i in range(0, 3072, 256)]).T
        keep = jac.abs().amax(dim=1) > 0
        v, a = values[keep].abs(), jac[keep]
        out.append(float((v / a.norm(dim=1)).min()))
    return out, (time.perf_counter() - start) / len(images)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("nets")
    p.add_argument("--cellcert", default=".build/release/cellcert")
    p.add_argument("--images", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    data = os.path.join(args.nets, "data", "cifar10_test.csv")
    rows = [list(map(float, line.split(","))) for line in open(data) if line.strip()][:args.images]
    images = [np.array(r[1:]) for r in rows]
    subset = "/tmp/cellcert-cifar-subset.csv"
    with open(subset, "w") as f:
        for r in rows:
            f.write(",".join(str(int(v)) for v in r) + "\n")
    for model, (mean, std) in MODELS.items():
        path = os.path.join(args.nets, "cnn", model)
        cmd = ["/usr/bin/time", "-v", args.cellcert, "table", path, "--inputs", subset, "--label-column", "first",
               "--scale", "255", "--layout", "hwc", "--mean", ",".join(map(str, mean)),
               "--std", ",".join(map(str, std)), "--norm", "l2", "--format", "csv", "--threads", str(args.threads)]
        start = time.perf_counter()
        run = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if run.returncode != 0:
            print(model, "cellcert failed:", run.stderr.strip().splitlines()[-3:])
            continue
        peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
        table = list(csv.DictReader(io.StringIO(run.stdout)))
        ours = [float(r["radius_l2"]) for r in table]
        correct = sum(1 for r in table if r.get("correct") in ("yes", "true", "1"))
        theirs, torch_seconds = torch_radii(path, mean, std, images)
        rel = max(abs(a - b) / b for a, b in zip(ours, theirs) if b > 0)
        ours_seconds = wall / len(images)
        largest_block = 8 * 16 * 16 * 3072 * 8  # the first convolution's rows x d x 8 bytes
        print(f"{model}: {len(images)} images, accuracy {correct}/{len(table)}; cellcert {ours_seconds:.3f} s/image "
              f"(wall, {args.threads} threads), torch {torch_seconds:.3f} s/image, ratio {torch_seconds / ours_seconds:.2f}x; "
              f"peak memory {peak_kb / 1024:.0f} MiB vs largest layer block {largest_block / 2**20:.0f} MiB; "
              f"largest relative L2-radius difference {rel:.2e}")


if __name__ == "__main__":
    main()
