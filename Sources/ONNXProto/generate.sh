#!/usr/bin/env bash
# Regenerates onnx.pb.swift (the Swift types of ONNX's protobuf schema) from
# onnx.proto, both in this folder. See README.md.
#
# Usage:
#   Sources/ONNXProto/generate.sh                 # regenerate from the committed onnx.proto
#   Sources/ONNXProto/generate.sh --fetch 1.23.2  # first replace onnx.proto by the one in
#                                                 # PyPI's onnx==1.23.2 wheel, then regenerate
#
# Needs: protoc (Debian: protobuf-compiler), git, swift; pip for --fetch.
# protoc-gen-swift is taken from $PROTOC_GEN_SWIFT if set, otherwise built once
# from apple/swift-protobuf at the version Package.swift pins, in $CACHE_DIR.
set -euo pipefail

SWIFT_PROTOBUF_VERSION=1.39.0
HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE_DIR="${CACHE_DIR:-${TMPDIR:-/tmp}/cellcert-protoc-gen-swift-$SWIFT_PROTOBUF_VERSION}"

if [[ "${1:-}" == "--fetch" ]]; then
    version="${2:?usage: generate.sh --fetch ONNX_VERSION}"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$work" "onnx==$version"
    wheel="$(ls "$work"/onnx-*.whl)"
    python3 - "$wheel" "$HERE/onnx.proto" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    data = z.read("onnx/onnx.proto")
open(sys.argv[2], "wb").write(data)
PY
    echo "onnx.proto taken from $(basename "$wheel")"
fi

plugin="${PROTOC_GEN_SWIFT:-}"
if [[ -z "$plugin" ]]; then
    plugin="$CACHE_DIR/.build/release/protoc-gen-swift"
    if [[ ! -x "$plugin" ]]; then
        rm -rf "$CACHE_DIR"
        git clone --quiet https://github.com/apple/swift-protobuf "$CACHE_DIR"
        git -C "$CACHE_DIR" checkout --quiet "$SWIFT_PROTOBUF_VERSION"
        (cd "$CACHE_DIR" && swift build -c release --product protoc-gen-swift)
    fi
fi

protoc --plugin=protoc-gen-swift="$plugin" \
    --swift_opt=Visibility=Public \
    --swift_out="$HERE" \
    --proto_path="$HERE" \
    "$HERE/onnx.proto"
echo "wrote $HERE/onnx.pb.swift with $("$plugin" --version) and $(protoc --version)"
