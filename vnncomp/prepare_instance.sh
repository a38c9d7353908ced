#!/usr/bin/env bash
# VNN-COMP tool interface, step 1: prepare_instance.sh VERSION CATEGORY ONNX VNNLIB
# cellcert reads the model and the property on every run, so there is nothing to
# prepare; this checks the arguments and that the executable is built, and kills
# no processes (cellcert leaves none behind). Exit 0 = ready.
set -euo pipefail
if [ "$#" -ne 4 ]; then
    echo "usage: $0 VERSION CATEGORY ONNX VNNLIB" >&2
    exit 1
fi
version=$1 onnx=$3 vnnlib=$4
if [ "$version" != "v1" ]; then
    echo "$0: expected interface version v1, got $version" >&2
    exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
cellcert=${CELLCERT:-$here/../.build/release/cellcert}
[ -x "$cellcert" ] || { echo "$0: $cellcert is missing; run 'make build' first" >&2; exit 1; }
[ -r "$onnx" ] || { echo "$0: cannot read $onnx" >&2; exit 1; }
[ -r "$vnnlib" ] || { echo "$0: cannot read $vnnlib" >&2; exit 1; }
exit 0
