#!/usr/bin/env bash
# Issue 14 §3: render `cellcert table`'s figures and HTML page the way a reader sees them,
# for a person to look at (not part of `make test`):
#   - the SVG figures rasterised by rsvg-convert (PNG) and converted to PDF by `--plot FILE.pdf`;
#   - the HTML page screenshotted by headless Chromium (Debian's `chromium`).
# Usage: Fixtures/scripts/check_report_page.sh [CELLCERT] [OUTDIR]
# Uses the MNIST network and images of ../shared/nets when present, else the bundled example.
set -euo pipefail
cellcert=${1:-.build/release/cellcert}
out=${2:-/tmp/cellcert-report-check}
mkdir -p "$out"
for tool in rsvg-convert chromium; do
    command -v "$tool" >/dev/null || { echo "missing $tool (make deps-plot; apt-get install chromium)" >&2; exit 1; }
done
nets=../shared/nets
if [ -f "$nets/mnist/mnist-net_256x2.onnx" ]; then
    args=("$nets/mnist/mnist-net_256x2.onnx" --inputs "$nets/data/mnist_test.csv" --label-column first --scale 255
          --limit 20 --norm linf --domain 0,1 --boundary --timeout 3 --epsilon 0.005 --epsilon 0.01 --epsilon 0.02 --samples 2000)
else
    args=(Fixtures/example-net.json --inputs Fixtures/example-inputs.csv --label-column first
          --domain 0:10,-3:3,0:1,100:250 --boundary --norm linf --norm l2 --epsilon 0.05 --epsilon 0.2 --samples 500)
fi
"$cellcert" table "${args[@]}" --output "$out/table.txt" \
    --plot "$out/figures.svg" --plot "$out/figures.pdf" --plot "$out/figures.tex" --html "$out/report.html"
"$cellcert" table "${args[@]}" --format latex --output "$out/table.tex" --plot-size 480x240 --plot "$out/small.svg"
rsvg-convert -o "$out/figures.png" "$out/figures.svg"
rsvg-convert -o "$out/small.png" "$out/small.svg"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,2400 \
    --screenshot="$out/report.png" "file://$(cd "$out" && pwd)/report.html" 2>/dev/null
ls -l "$out"
echo "look at $out/figures.png, $out/small.png and $out/report.png"
