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
        let map = op.map
        let k = map.maximumFanIn
        let a = map.apply(to: normals)
        let c = op.apply(to: Matrix(rows: count, columns: 1, storage: offsets), addingBias: true).storage
        let measures = ErrorMeasure.allCases
        let (magnitudeColumn, errorColumn) = (measures.count, measures.count + 1)
        let gammaK = k == 0 ? 0 : RoundingModel.safetyFactor * RoundingModel.gamma(k)
        var perRow = Matrix(rows: count, columns: measures.count + 2)
        for (column, m) in measures.enumerated() {
            let lengths = inflatedLengths(m)
            let previous = normalError[m]!
            for j in 0..<count { perRow[j, column] = gammaK * lengths[j] + previous[j] }
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
        return AffineRows(normals: a, offsets: c, inputScale: inputScale, normalError: nextNormalError, offsetError: nextOffsetError)
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
