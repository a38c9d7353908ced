/// Interval bound propagation with outward rounding: boxes that provably
/// contain every output of the exact network over a box of inputs
/// (Docs/graph-networks.md, "verify").
extension GraphNetwork {
    /// For every column `j` of `lower`/`upper` (`d × b`, a box per column),
    /// a box `[lo_j, hi_j]` (`K × b`) that contains the exact outputs `o(y)` of
    /// every `y` in the input box.
    ///
    /// Affine operators map the centre `c` and radius `r` of a box:
    /// `c' = fl(L c + b)`, `r' ≥ |L| r + γ_{k+1}(|L| |c| + |b|)` (the second
    /// term bounds the rounding of `c'`; both products come from one application
    /// of `|L|`, raised by `1 + 4γ_{k+2}` for their own rounding). ReLU, max pool
    /// and sums work on the bounds; every conversion between the two forms is
    /// rounded outward (`nextDown`/`nextUp`).
    func intervalOutputs(lower: Matrix, upper: Matrix) -> (lower: Matrix, upper: Matrix) {
        precondition(lower.rows == inputDimension && upper.rows == inputDimension && lower.columns == upper.columns,
                     "boxes of \(lower.rows) and \(upper.rows) rows for \(inputDimension) inputs")
        let b = lower.columns
        var bounds: [(lower: Matrix, upper: Matrix)?] = [(lower, upper)]
        var pendingReaders = graph.readerCounts
        for node in graph.nodes.dropFirst() {
            let operands = node.operands.map { bounds[$0]! }
            let (lo, hi) = Self.intervalBounds(of: node.operation, operands: operands, columns: b)
            bounds.append((lo, hi))
            for j in node.operands {
                pendingReaders[j] -= 1
                if pendingReaders[j] == 0 { bounds[j] = nil }
            }
        }
        return bounds[graph.nodes.count - 1]!
    }

    /// The interval bounds of one node, `operands` being its operands' bounds
    /// (`b` boxes as columns), rounded outward as ``intervalOutputs(lower:upper:)`` describes.
    static func intervalBounds(of operation: GraphOperator, operands: [(lower: Matrix, upper: Matrix)], columns b: Int)
        -> (lower: Matrix, upper: Matrix) {
        var lo: Matrix, hi: Matrix
        switch operation {
        case .input:
            preconditionFailure("only node 0 is the input")
        case .affine(let op):
            let (centre, radius) = Self.centreAndRadius(operands[0].lower, operands[0].upper)
            let n = op.map.outputCount
            let k = op.map.maximumFanIn
            // Columns 0..<b: the radii; b..<2b: |c|, both through |L| at once.
            var stacked = Matrix(rows: radius.rows, columns: 2 * b)
            for i in 0..<radius.rows {
                for s in 0..<b {
                    stacked.storage[i * 2 * b + s] = radius.storage[i * b + s]
                    stacked.storage[i * 2 * b + b + s] = abs(centre.storage[i * b + s])
                }
            }
            let spread = op.map.magnitude.apply(to: stacked)
            let mapped = op.apply(to: centre, addingBias: true)
            let gammaC = RoundingModel.safetyFactor * RoundingModel.gamma(k + 1)
            let growth = 1 + 2 * RoundingModel.safetyFactor * RoundingModel.gamma(k + 2)
            lo = Matrix(rows: n, columns: b)
            hi = Matrix(rows: n, columns: b)
            for i in 0..<n {
                let bias = abs(op.bias?[i] ?? 0)
                for s in 0..<b {
                    let r = growth * (spread.storage[i * 2 * b + s] + gammaC * (spread.storage[i * 2 * b + b + s] + bias))
                    let c = mapped.storage[i * b + s]
                    lo.storage[i * b + s] = (c - r).nextDown
                    hi.storage[i * b + s] = (c + r).nextUp
                }
            }
        case .sum:
            // Σ of T bounds, each sum rounded outward term by term.
            lo = operands[0].lower
            hi = operands[0].upper
            for other in operands.dropFirst() {
                for k in lo.storage.indices {
                    lo.storage[k] = (lo.storage[k] + other.lower.storage[k]).nextDown
                    hi.storage[k] = (hi.storage[k] + other.upper.storage[k]).nextUp
                }
            }
        case .relu:
            lo = operands[0].lower
            hi = operands[0].upper
            for k in lo.storage.indices {
                lo.storage[k] = max(lo.storage[k], 0)
                hi.storage[k] = max(hi.storage[k], 0)
            }
        case .maxPool(let pool):
            lo = Matrix(rows: pool.output.count, columns: b)
            hi = Matrix(rows: pool.output.count, columns: b)
            for i in 0..<pool.output.count {
                let window = pool.window(of: i)
                for s in 0..<b {
                    var (l, h) = (-Double.infinity, -Double.infinity)
                    for j in window {
                        l = max(l, operands[0].lower.storage[j * b + s])
                        h = max(h, operands[0].upper.storage[j * b + s])
                    }
                    lo.storage[i * b + s] = l
                    hi.storage[i * b + s] = h
                }
            }
        }
        return (lo, hi)
    }

    /// `(c, r)` with `[lower, upper] ⊆ [c − r, c + r]` entrywise, rounded outward.
    private static func centreAndRadius(_ lower: Matrix, _ upper: Matrix) -> (Matrix, Matrix) {
        var centre = lower, radius = lower
        for k in lower.storage.indices {
            let (l, h) = (lower.storage[k], upper.storage[k])
            let c = l / 2 + h / 2
            centre.storage[k] = c
            radius.storage[k] = max((h - c).nextUp, (c - l).nextUp, 0)
        }
        return (centre, radius)
    }
}
