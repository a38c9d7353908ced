/// Rows pushed through the operators of a graph network, with the rounding
/// bounds of `next(through:activeUnits:activation:)` generalised to any
/// structured linear map (Docs/floating-point.md, "Graph networks").
extension AffineRows {
    /// The rows of `L φ + b` for an affine operator: `Â' = L Â`, `ĉ' = L ĉ + b`.
    ///
    /// With `k = maximumFanIn` (every output entry sums at most `k` products):
    /// `‖Â'_i − A'_i‖_q ≤ Σ_j |L_ij| (γ_k ‖Â_j‖_q + ‖Â_j − A_j‖_q)` and
    /// `|ĉ'_i − c'_i| ≤ γ_{k+1} (Σ_j |L_ij| |ĉ_j| + |b_i|) + Σ_j |L_ij| |ĉ_j − c_j|`,
    /// every `Σ_j |L_ij| v_j` evaluated as one application of `|L|` to the stacked
    /// per-row vectors, and the result raised by `1 + 2γ_{k+2}` for the rounding
    /// of that evaluation itself.
    func through(_ op: AffineOperator) -> AffineRows {
        let bounds = Self.bounds(through: op, lengths: lengths, columns: normals.columns, normalError: normalError,
                                 offsets: offsets, offsetError: offsetError)
        return AffineRows(normals: op.map.apply(to: normals), offsets: bounds.offsets, inputScale: inputScale,
                          normalError: bounds.normalError, offsetError: bounds.offsetError)
    }

    /// The offsets of `L φ + b` and the error bounds of ``through(_:)``, from what
    /// they depend on: the computed rows' lengths (`columns` entries each), their
    /// error bounds, offsets and offset errors.
    private static func bounds(through op: AffineOperator, lengths: RowLengths, columns: Int,
                               normalError: [ErrorMeasure: [Double]], offsets: [Double], offsetError: [Double])
        -> (offsets: [Double], normalError: [ErrorMeasure: [Double]], offsetError: [Double])
    {
        let map = op.map
        let count = offsets.count
        let k = map.maximumFanIn
        let c = op.apply(to: Matrix(rows: count, columns: 1, storage: offsets), addingBias: true).storage
        let measures = ErrorMeasure.allCases
        let (magnitudeColumn, errorColumn) = (measures.count, measures.count + 1)
        let gammaK = k == 0 ? 0 : RoundingModel.safetyFactor * RoundingModel.gamma(k)
        let inflation = RoundingModel.normInflation(length: columns)
        var perRow = Matrix(rows: count, columns: measures.count + 2)
        for (column, m) in measures.enumerated() {
            let computed = lengths[m]
            let previous = normalError[m]!
            for j in 0..<count { perRow[j, column] = gammaK * (computed[j] * inflation) + previous[j] }
        }
        for j in 0..<count {
            perRow[j, magnitudeColumn] = abs(offsets[j])
            perRow[j, errorColumn] = offsetError[j]
        }
        let propagated = map.magnitude.apply(to: perRow)
        let growth = 1 + RoundingModel.safetyFactor * RoundingModel.gamma(k + 2)
        let n = map.outputCount
        var nextNormalError: [ErrorMeasure: [Double]] = [:]
        for (column, m) in measures.enumerated() {
            nextNormalError[m] = (0..<n).map { propagated[$0, column] * growth }
        }
        let gammaC = RoundingModel.safetyFactor * RoundingModel.gamma(k + 1)
        let nextOffsetError = (0..<n).map { i in
            growth * (gammaC * (propagated[i, magnitudeColumn] + abs(op.bias?[i] ?? 0)) + propagated[i, errorColumn])
        }
        return (c, nextNormalError, nextOffsetError)
    }

    /// The rows of the chain `op_k ∘ … ∘ op_1` applied to the raw input (the
    /// identity rows, exact), equal in value and bounds to pushing the `d × d`
    /// identity through ``through(_:)`` op by op, but computed `chunk` input
    /// columns at a time: no `d × d` matrix is ever held, only the chain's last
    /// rows. Image networks start with such chains (a layout copy, the per-channel
    /// normalisation, the first convolution), whose `d × d` intermediates would
    /// otherwise be the largest blocks of the whole cell.
    ///
    /// Each intermediate row's lengths are summed across the chunks in one running
    /// sum per row and measure, as ``RowLengths`` sums a whole row: the same
    /// `d`-term sums, so the same inflation bounds them.
    static func composedFromInput(_ ops: [AffineOperator], dimension d: Int, chunk: Int = 128) -> AffineRows {
        precondition(!ops.isEmpty && chunk > 0, "a chain of at least one operator, chunks of at least one column")
        let intermediates = ops.dropLast().map { RunningRowLengths(rows: $0.map.outputCount) }
        let last = ops[ops.count - 1].map.outputCount
        var normals = Matrix(rows: last, columns: d)
        for start in stride(from: 0, to: d, by: chunk) {
            let width = min(chunk, d - start)
            var x = Matrix(rows: d, columns: width)
            for j in 0..<width { x[start + j, j] = 1 }
            for (level, op) in ops.enumerated() {
                x = op.map.apply(to: x)
                if level < intermediates.count { intermediates[level].add(x) }
            }
            for i in 0..<last {
                for j in 0..<width { normals[i, start + j] = x[i, j] }
            }
        }
        let ones = [Double](repeating: 1, count: d)
        // The identity's rows: every length 1, exactly known.
        var lengths = RowLengths(l2: ones, linf: ones, l1: ones, scaledL1: ones)
        var offsets = [Double](repeating: 0, count: d)
        var normalError = Dictionary(uniqueKeysWithValues: ErrorMeasure.allCases.map { ($0, [Double](repeating: 0, count: d)) })
        var offsetError = [Double](repeating: 0, count: d)
        for (level, op) in ops.enumerated() {
            (offsets, normalError, offsetError) = bounds(through: op, lengths: lengths, columns: d, normalError: normalError,
                                                         offsets: offsets, offsetError: offsetError)
            if level < intermediates.count { lengths = intermediates[level].lengths }
        }
        return AffineRows(normals: normals, offsets: offsets, inputScale: ones, normalError: normalError, offsetError: offsetError)
    }

    /// The rows of `Σ_t φ^(t)`, a residual sum of operands of equal size: a sum of
    /// `T` terms per entry is within `γ_{T−1} Σ_t |·|` of the exact one.
    static func sum(_ operands: [AffineRows]) -> AffineRows {
        precondition(operands.count >= 2 && Set(operands.map(\.count)).count == 1, "a sum needs operands of one size")
        let (n, d) = (operands[0].count, operands[0].normals.columns)
        var a = operands[0].normals
        var c = operands[0].offsets
        for other in operands.dropFirst() {
            a.storage.withUnsafeMutableBufferPointer { target in
                other.normals.storage.withUnsafeBufferPointer { source in
                    for k in 0..<(n * d) { target[k] += source[k] }
                }
            }
            for i in 0..<n { c[i] += other.offsets[i] }
        }
        let gamma = RoundingModel.safetyFactor * RoundingModel.gamma(operands.count - 1)
        let growth = 1 + RoundingModel.safetyFactor * RoundingModel.gamma(operands.count + 1)
        var normalError: [ErrorMeasure: [Double]] = [:]
        for m in ErrorMeasure.allCases {
            var total = [Double](repeating: 0, count: n)
            for operand in operands {
                let lengths = operand.inflatedLengths(m)
                let errors = operand.normalError[m]!
                for i in 0..<n { total[i] += gamma * lengths[i] + errors[i] }
            }
            normalError[m] = total.map { $0 * growth }
        }
        var offsetError = [Double](repeating: 0, count: n)
        for operand in operands {
            for i in 0..<n { offsetError[i] += gamma * abs(operand.offsets[i]) + operand.offsetError[i] }
        }
        return AffineRows(normals: a, offsets: c, inputScale: operands[0].inputScale, normalError: normalError,
                          offsetError: offsetError.map { $0 * growth })
    }

    /// Rows copied by index (`nil`: a zero row, exactly known): ReLUs that are off,
    /// max-pool winners. Copies round nothing.
    func gathering(_ source: [Int?]) -> AffineRows {
        let a = IndexMap(source: source, inputCount: count).apply(to: normals)
        var normalError: [ErrorMeasure: [Double]] = [:]
        for m in ErrorMeasure.allCases {
            let e = self.normalError[m]!
            normalError[m] = source.map { $0.map { e[$0] } ?? 0 }
        }
        return AffineRows(normals: a, offsets: source.map { $0.map { offsets[$0] } ?? 0 }, inputScale: inputScale,
                          normalError: normalError, offsetError: source.map { $0.map { offsetError[$0] } ?? 0 },
                          lengths: lengths.gathering(source))
    }
}

/// Row lengths of a matrix given a block of columns at a time: one running sum
/// (or maximum) per row and measure, in column order, as ``RowLengths`` computes
/// them from whole rows, with unit column weights.
private final class RunningRowLengths {
    private var squares: [Double]
    private var largest: [Double]
    private var sums: [Double]

    init(rows: Int) {
        squares = [Double](repeating: 0, count: rows)
        largest = squares
        sums = squares
    }

    /// Adds the next columns of every row.
    func add(_ block: Matrix) {
        precondition(block.rows == sums.count, "a block of \(block.rows) rows for \(sums.count) rows")
        for i in 0..<block.rows {
            var (s, m, a) = (squares[i], largest[i], sums[i])
            for j in 0..<block.columns {
                let v = block[i, j]
                s += v * v
                m = max(m, abs(v))
                a += abs(v)
            }
            (squares[i], largest[i], sums[i]) = (s, m, a)
        }
    }

    /// The lengths of the rows seen so far (scaled ℓ1 with unit weights is ℓ1).
    var lengths: RowLengths {
        RowLengths(l2: squares.map { $0.squareRoot() }, linf: largest, l1: sums, scaledL1: sums)
    }
}
