/// Affine functions `φ_i(x) = A_i·x + c_i` of the raw input, one per row,
/// together with rigorous bounds on how far the computed rows and offsets may
/// be from the exact ones (`RoundingModel`).
///
/// The cell builder pushes one `AffineRows` through the network layer by layer
/// (Docs/theory.md §2: `A_{l+1} = W_{l+1} D_l A_l`).
struct AffineRows: Sendable {
    /// Computed rows `Â` (`count × d`).
    private(set) var normals: Matrix
    /// Computed offsets `ĉ`.
    private(set) var offsets: [Double]
    /// `normalError[m][i]` bounds `Â_i − A_i` in the measure `m`.
    private(set) var normalError: [ErrorMeasure: [Double]]
    /// The column weights of `ErrorMeasure.scaledL1`: the input transform's scales, or ones.
    let inputScale: [Double]
    /// `offsetError[i] ≥ |ĉ_i − c_i|`.
    private(set) var offsetError: [Double]
    /// The computed lengths of the rows `Â_i` in every measure (uninflated), from one pass at construction.
    private(set) var lengths: RowLengths
    /// How the rows follow from the network's stored numbers, block by block in row
    /// order (``ExactCellRows`` recomputes them exactly from it); `nil` for rows
    /// given as bare numbers.
    let derivations: [RowDerivation]?

    var count: Int { offsets.count }

    /// Rows with zero error (exactly known).
    init(normals: Matrix, offsets: [Double], inputScale: [Double]) {
        let zeros = [Double](repeating: 0, count: offsets.count)
        self.init(normals: normals, offsets: offsets, inputScale: inputScale,
                  normalError: Dictionary(uniqueKeysWithValues: ErrorMeasure.allCases.map { ($0, zeros) }),
                  offsetError: zeros)
    }

    init(normals: Matrix, offsets: [Double], inputScale: [Double], normalError: [ErrorMeasure: [Double]], offsetError: [Double],
         derivation: RowDerivation? = nil) {
        self.init(normals: normals, offsets: offsets, inputScale: inputScale, normalError: normalError,
                  offsetError: offsetError, lengths: RowLengths(of: normals, weights: inputScale),
                  derivations: derivation.map { [$0] })
    }

    /// Rows whose lengths are already known (`lengths` must be those of `normals`).
    init(normals: Matrix, offsets: [Double], inputScale: [Double], normalError: [ErrorMeasure: [Double]],
         offsetError: [Double], lengths: RowLengths, derivations: [RowDerivation]? = nil) {
        precondition(derivations == nil || derivations!.reduce(0) { $0 + $1.rowCount } == offsets.count,
                     "derivations of \(derivations!.reduce(0) { $0 + $1.rowCount }) rows for \(offsets.count) rows")
        self.normals = normals
        self.offsets = offsets
        self.inputScale = inputScale
        self.normalError = normalError
        self.offsetError = offsetError
        self.lengths = lengths
        self.derivations = derivations
    }

    /// Sets the listed rows to the zero row, exactly known (ReLUs that are off),
    /// in place: `gathering(_:)` with the identity map, without a second copy
    /// of the rows when these are the only reference to them.
    mutating func zeroRows(_ indices: [Int]) {
        let d = normals.columns
        normals.storage.withUnsafeMutableBufferPointer { a in
            for i in indices { for k in 0..<d { a[i * d + k] = 0 } }
        }
        for i in indices {
            offsets[i] = 0
            offsetError[i] = 0
        }
        for m in ErrorMeasure.allCases {
            for i in indices { normalError[m]![i] = 0 }
        }
        lengths.zeroRows(indices)
    }

    /// The derivation of rows that form one block (the rows of one stage of the chain).
    private var blockDerivation: RowDerivation? {
        guard let blocks = derivations, blocks.count == 1 else { return nil }
        return blocks[0]
    }

    /// `|Â_i|` in `measure` for every row, inflated to bound the exact value of the computed row.
    func inflatedLengths(_ measure: ErrorMeasure) -> [Double] {
        let inflation = RoundingModel.normInflation(length: normals.columns)
        return lengths[measure].map { $0 * inflation }
    }

    /// The rows of the first layer in raw input coordinates:
    /// `W((x − m)/s) + b = (W diag(1/s)) x + (b − W (m/s))`.
    static func firstLayer(_ layer: DenseLayer, transform: InputTransform?) -> AffineRows {
        let derivation = RowDerivation(firstLayer: layer, inputTransform: transform)
        guard let t = transform, !t.isIdentity else {
            return AffineRows(normals: layer.weights, offsets: layer.bias,
                              inputScale: Array(repeating: 1, count: layer.inputCount)).derived(derivation)
        }
        let d = layer.inputCount
        var a = layer.weights
        for i in 0..<a.rows {
            for k in 0..<d { a[i, k] = layer.weights[i, k] / t.scale[k] }
        }
        let shift = (0..<d).map { t.mean[$0] / t.scale[$0] }
        let weightedShift = layer.weights.multiplied(by: shift)
        let magnitudeShift = layer.weights.magnitudes.multiplied(by: shift.map { abs($0) })
        let offsets = (0..<a.rows).map { layer.bias[$0] - weightedShift[$0] }
        let rows = AffineRows(normals: a, offsets: offsets, inputScale: t.scale)
        // Each entry of Â is one division: relative error ≤ γ_1.
        var normalError: [ErrorMeasure: [Double]] = [:]
        for m in ErrorMeasure.allCases {
            normalError[m] = rows.inflatedLengths(m).map { RoundingModel.safetyFactor * RoundingModel.gamma(1) * $0 }
        }
        // ĉ = b − Σ W t̂ with t̂ = fl(m/s): dot product and subtraction (γ_{d+1}) plus the error of t̂ (γ_1).
        let offsetError = (0..<a.rows).map { i in
            RoundingModel.safetyFactor * (RoundingModel.gamma(d + 1) * (abs(layer.bias[i]) + magnitudeShift[i])
                + RoundingModel.gamma(1) * magnitudeShift[i])
        }
        return AffineRows(normals: a, offsets: offsets, inputScale: t.scale, normalError: normalError, offsetError: offsetError,
                          lengths: rows.lengths, derivations: [derivation])
    }

    /// The same rows, derived by `derivation` (one block).
    private func derived(_ derivation: RowDerivation) -> AffineRows {
        AffineRows(normals: normals, offsets: offsets, inputScale: inputScale, normalError: normalError,
                   offsetError: offsetError, lengths: lengths, derivations: [derivation])
    }

    /// The next layer's rows, `W D A` and `W D c + b`, where `D` keeps the
    /// active units of this layer (`activeUnits`) and `activation` is applied
    /// on this layer's units.
    ///
    /// ReLU: on the cell `h = D z`, so `A' = W_S Â_S` and `c' = W_S ĉ_S + b` with
    /// `S` the active units (only those columns are multiplied).
    /// Heaviside: on the cell `h = 1_S`, constant, so `A' = 0` and `c' = W_S 1 + b`.
    ///
    /// Error propagation (first order, per row `i`, for each norm `q`):
    /// `‖Â'_i − A'_i‖_q ≤ Σ_{j∈S} |W_ij| (γ_|S| ‖Â_j‖_q + ‖Â_j − A_j‖_q)` and
    /// `|ĉ'_i − c'_i| ≤ γ_{|S|+1} (Σ_{j∈S} |W_ij||ĉ_j| + |b_i|) + Σ_{j∈S} |W_ij| |ĉ_j − c_j|`.
    ///
    /// Cost: one product `W_S Â_S` (`n × |S| × d`, the only one that grows with `d`),
    /// one `|W_S| E` with the per-unit error vectors (one per `ErrorMeasure`, two for
    /// the offsets) as the columns of `E`, and
    /// one matrix–vector product for the offsets; the bounds hold for any
    /// summation order, so for either `LinearAlgebraBackend`.
    func next(through layer: DenseLayer, activeUnits: [Int], activation: HiddenActivation) -> AffineRows {
        let s = activeUnits.count
        let d = normals.columns
        let n = layer.outputCount
        let wActive = layer.weights.selectingColumns(activeUnits)
        let wMagnitude = wActive.magnitudes
        let growth = 1 + RoundingModel.safetyFactor * RoundingModel.gamma(s + 2)
        let derivation = blockDerivation?.appending(.layer(layer, activeUnits: activeUnits, activation: activation))
        switch activation {
        case .heaviside:
            let ones = [Double](repeating: 1, count: s)
            let sums = wActive.multiplied(by: ones)
            let magnitudes = wMagnitude.multiplied(by: ones)
            let offsets = (0..<n).map { sums[$0] + layer.bias[$0] }
            let zeros = [Double](repeating: 0, count: n)
            let offsetError = (0..<n).map {
                growth * RoundingModel.safetyFactor * RoundingModel.gamma(s + 1) * (magnitudes[$0] + abs(layer.bias[$0]))
            }
            return AffineRows(normals: Matrix(rows: n, columns: d), offsets: offsets, inputScale: inputScale,
                              normalError: Dictionary(uniqueKeysWithValues: ErrorMeasure.allCases.map { ($0, zeros) }),
                              offsetError: offsetError, derivation: derivation)
        case .relu:
            let activeRows = AffineRows(
                normals: normals.selectingRows(activeUnits),
                offsets: activeUnits.map { self.offsets[$0] },
                inputScale: inputScale,
                normalError: self.normalError.mapValues { e in activeUnits.map { e[$0] } },
                offsetError: activeUnits.map { self.offsetError[$0] },
                lengths: lengths.selecting(activeUnits))
            let a = wActive.multiplied(by: activeRows.normals)
            let cProduct = wActive.multiplied(by: activeRows.offsets)
            let nextOffsets = (0..<n).map { cProduct[$0] + layer.bias[$0] }
            // Every bound below is |W_S| times a per-unit vector: stack the vectors as the
            // columns of one s × (measures + 2) matrix and propagate them with one product.
            let gammaS = RoundingModel.safetyFactor * RoundingModel.gamma(max(s, 1))
            let measures = ErrorMeasure.allCases
            let offsetMagnitudeColumn = measures.count
            let offsetErrorColumn = measures.count + 1
            var perUnit = Matrix(rows: s, columns: measures.count + 2)
            for (column, m) in measures.enumerated() {
                let lengths = activeRows.inflatedLengths(m)
                let previous = activeRows.normalError[m]!
                for j in 0..<s { perUnit[j, column] = gammaS * lengths[j] + previous[j] }
            }
            for j in 0..<s {
                perUnit[j, offsetMagnitudeColumn] = abs(activeRows.offsets[j])
                perUnit[j, offsetErrorColumn] = activeRows.offsetError[j]
            }
            let propagated = wMagnitude.multiplied(by: perUnit)
            var nextNormalError: [ErrorMeasure: [Double]] = [:]
            for (column, m) in measures.enumerated() {
                nextNormalError[m] = (0..<n).map { propagated[$0, column] * growth }
            }
            let gammaC = RoundingModel.safetyFactor * RoundingModel.gamma(s + 1)
            let nextOffsetError = (0..<n).map {
                growth * (gammaC * (propagated[$0, offsetMagnitudeColumn] + abs(layer.bias[$0])) + propagated[$0, offsetErrorColumn])
            }
            return AffineRows(normals: a, offsets: nextOffsets, inputScale: inputScale,
                              normalError: nextNormalError, offsetError: nextOffsetError, derivation: derivation)
        }
    }

    /// The rows `scale · A_i` and offsets `scale · c_i + mean` of an output transform.
    func transformed(by t: OutputTransform) -> AffineRows {
        var a = normals
        for k in a.storage.indices { a.storage[k] *= t.scale }
        let offsets = self.offsets.map { $0 * t.scale + t.mean }
        let scaled = AffineRows(normals: a, offsets: offsets, inputScale: inputScale)
        var normalError: [ErrorMeasure: [Double]] = [:]
        for m in ErrorMeasure.allCases {
            let lengths = scaled.inflatedLengths(m)
            normalError[m] = (0..<count).map {
                abs(t.scale) * self.normalError[m]![$0] + RoundingModel.safetyFactor * RoundingModel.gamma(1) * lengths[$0]
            }
        }
        let offsetError = (0..<count).map {
            abs(t.scale) * self.offsetError[$0]
                + RoundingModel.safetyFactor * RoundingModel.gamma(2) * (abs(self.offsets[$0] * t.scale) + abs(t.mean))
        }
        return AffineRows(normals: a, offsets: offsets, inputScale: inputScale, normalError: normalError, offsetError: offsetError,
                          lengths: scaled.lengths, derivations: blockDerivation.map { [$0.appending(.outputTransform(t))] })
    }

    /// The differences `row_i − row_j` for the listed pairs.
    func differences(_ pairs: [(Int, Int)]) -> AffineRows {
        let d = normals.columns
        var a = Matrix(rows: pairs.count, columns: d)
        for (r, (i, j)) in pairs.enumerated() {
            for k in 0..<d { a[r, k] = normals[i, k] - normals[j, k] }
        }
        let offsets = pairs.map { self.offsets[$0.0] - self.offsets[$0.1] }
        let diff = AffineRows(normals: a, offsets: offsets, inputScale: inputScale)
        var normalError: [ErrorMeasure: [Double]] = [:]
        for m in ErrorMeasure.allCases {
            let lengths = diff.inflatedLengths(m)
            let e = self.normalError[m]!
            normalError[m] = pairs.enumerated().map { r, p in
                e[p.0] + e[p.1] + RoundingModel.safetyFactor * RoundingModel.gamma(1) * lengths[r]
            }
        }
        let offsetError = pairs.enumerated().map { r, p in
            self.offsetError[p.0] + self.offsetError[p.1] + RoundingModel.safetyFactor * RoundingModel.gamma(1) * abs(offsets[r])
        }
        return AffineRows(normals: a, offsets: offsets, inputScale: inputScale, normalError: normalError, offsetError: offsetError,
                          lengths: diff.lengths, derivations: blockDerivation.map { [$0.differencing(pairs)] })
    }
}

/// The rows of every layer gathered into one ``AffineRows`` in a single
/// allocation of the final size. Appending layer by layer to a growing copy
/// would hold the old and the new copy at once: twice the cell's rows at the
/// peak, the largest buffer of a cell build.
struct AffineRowsCollector {
    private let columns: Int
    private let inputScale: [Double]
    private var storage: [Double] = []
    private var offsets: [Double] = []
    private var normalError: [ErrorMeasure: [Double]] = [:]
    private var offsetError: [Double] = []
    private var lengths: RowLengths
    private var derivations: [RowDerivation]? = []

    /// Room for `capacity` rows of `columns` entries.
    init(capacity: Int, columns: Int, inputScale: [Double]) {
        self.columns = columns
        self.inputScale = inputScale
        storage.reserveCapacity(capacity * columns)
        offsets.reserveCapacity(capacity)
        offsetError.reserveCapacity(capacity)
        lengths = RowLengths(capacity: capacity)
        for m in ErrorMeasure.allCases {
            var errors: [Double] = []
            errors.reserveCapacity(capacity)
            normalError[m] = errors
        }
    }

    /// Appends `rows` after the rows collected so far.
    mutating func append(_ rows: AffineRows) {
        precondition(rows.normals.columns == columns, "rows of different input dimensions")
        storage.append(contentsOf: rows.normals.storage)
        offsets.append(contentsOf: rows.offsets)
        offsetError.append(contentsOf: rows.offsetError)
        lengths.append(rows.lengths)
        for m in ErrorMeasure.allCases { normalError[m]!.append(contentsOf: rows.normalError[m]!) }
        if let blocks = rows.derivations { derivations?.append(contentsOf: blocks) } else { derivations = nil }
    }

    /// Everything collected, sharing the collector's storage (no copy).
    var rows: AffineRows {
        AffineRows(normals: Matrix(rows: offsets.count, columns: columns, storage: storage), offsets: offsets,
                   inputScale: inputScale, normalError: normalError, offsetError: offsetError, lengths: lengths,
                   derivations: derivations)
    }
}
