#!/usr/bin/env bash
# VNN-COMP tool interface, step 2: run_instance.sh VERSION CATEGORY ONNX VNNLIB RESULTS TIMEOUT
# Writes RESULTS in the competition's format: the first line is sat, unsat, timeout
# or unknown; after sat, the counterexample ((X_0 v) ... (Y_0 v) ...), every value
# re-checked by cellcert with a rounding margin. A crash or a bad input writes "error".
set -uo pipefail
if [ "$#" -ne 6 ]; then
    echo "usage: $0 VERSION CATEGORY ONNX VNNLIB RESULTS TIMEOUT" >&2
    exit 1
fi
version=$1 onnx=$3 vnnlib=$4 results=$5 limit=$6
if [ "$version" != "v1" ]; then
    echo "$0: expected interface version v1, got $version" >&2
    exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
cellcert=${CELLCERT:-$here/../.build/release/cellcert}
# cellcert stops itself at the limit; the outer timeout only guards against a hang.
if ! timeout "$(awk -v t="$limit" 'BEGIN { print t + 10 }')" "$cellcert" verify "$onnx" "$vnnlib" \
        --timeout "$limit" --output "$results"; then
    echo "error" > "$results"
fi
exit 0
