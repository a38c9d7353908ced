/// The computed lengths of every row of a matrix in each ``ErrorMeasure``
/// (ℓ2, ℓ∞, ℓ1 and the scaled ℓ1 norm), uninflated.
///
/// All four come from one pass over the rows, eight entries at a time in two
/// pairs of `SIMD4` accumulators per measure. A left-to-right loop would wait
/// on the adder's latency at every entry, and a separate loop per measure would
/// read the rows four times; the cell's rows are its largest data, so the
/// builder computes their lengths once (`AffineRows`) and the radii reuse them.
/// The order of the sums does not matter to the rounding bounds: a sum of `n`
/// terms in any order is within `γ_n` of the exact one (`RoundingModel`), and
/// `RoundingModel.normInflation` covers that.
struct RowLengths: Sendable {
    private(set) var l2: [Double] = []
    private(set) var linf: [Double] = []
    private(set) var l1: [Double] = []
    private(set) var scaledL1: [Double] = []

    /// No rows, with room for `capacity`.
    init(capacity: Int) {
        for keyPath in Self.storedMeasures { self[keyPath: keyPath].reserveCapacity(capacity) }
    }

    /// Lengths computed elsewhere, one entry per row in each measure.
    init(l2: [Double], linf: [Double], l1: [Double], scaledL1: [Double]) {
        precondition(Set([l2.count, linf.count, l1.count, scaledL1.count]).count == 1, "one length per row in every measure")
        (self.l2, self.linf, self.l1, self.scaledL1) = (l2, linf, l1, scaledL1)
    }

    /// The lengths of `matrix`'s rows; `weights` (one per column) are the scales of ``ErrorMeasure/scaledL1``.
    init(of matrix: Matrix, weights: [Double]) {
        precondition(weights.count == matrix.columns, "\(weights.count) weights for \(matrix.columns) columns")
        let (rows, n) = (matrix.rows, matrix.columns)
        // Measure-major: ℓ2 of every row, then ℓ∞, ℓ1, scaled ℓ1.
        var flat = [Double](repeating: 0, count: 4 * rows)
        if rows > 0, n > 0 {
            matrix.storage.withUnsafeBufferPointer { a in
                weights.withUnsafeBufferPointer { w in
                    flat.withUnsafeMutableBufferPointer { out in
                        let (entries, scales) = (SharedInput(base: a.baseAddress!), SharedInput(base: w.baseAddress!))
                        let lengths = SharedOutput(base: out.baseAddress!)
                        RowChunks.forEach(rows: rows, columns: n) { range in
                            let w = UnsafeBufferPointer(start: scales.base, count: n)
                            for i in range {
                                let row = UnsafeBufferPointer(start: entries.base + i * n, count: n)
                                (lengths.base[i], lengths.base[rows + i], lengths.base[2 * rows + i], lengths.base[3 * rows + i])
                                    = Self.lengths(of: row, weights: w)
                            }
                        }
                    }
                }
            }
        }
        l2 = Array(flat[0..<rows])
        linf = Array(flat[rows..<(2 * rows)])
        l1 = Array(flat[(2 * rows)..<(3 * rows)])
        scaledL1 = Array(flat[(3 * rows)..<(4 * rows)])
    }

    /// The lengths of one row: `(‖v‖_2, ‖v‖_∞, ‖v‖_1, Σ_k |v_k| w_k)`.
    @inline(__always)
    private static func lengths(of v: UnsafeBufferPointer<Double>, weights w: UnsafeBufferPointer<Double>)
        -> (Double, Double, Double, Double)
    {
        let n = v.count
        var (squares0, squares1) = (SIMD4<Double>(), SIMD4<Double>())
        var (largest0, largest1) = (SIMD4<Double>(), SIMD4<Double>())
        var (sum0, sum1) = (SIMD4<Double>(), SIMD4<Double>())
        var (weighted0, weighted1) = (SIMD4<Double>(), SIMD4<Double>())
        var k = 0
        if n >= 8 {
            let (vBase, wBase) = (UnsafeRawPointer(v.baseAddress!), UnsafeRawPointer(w.baseAddress!))
            let stride = MemoryLayout<Double>.stride
            while k + 8 <= n {
                let a0 = vBase.loadUnaligned(fromByteOffset: k * stride, as: SIMD4<Double>.self)
                let a1 = vBase.loadUnaligned(fromByteOffset: (k + 4) * stride, as: SIMD4<Double>.self)
                let (m0, m1) = (absoluteValues(a0), absoluteValues(a1))
                squares0 += a0 * a0
                squares1 += a1 * a1
                // A select, not `pointwiseMax`, which the compiler leaves as a call per block.
                largest0.replace(with: m0, where: largest0 .< m0)
                largest1.replace(with: m1, where: largest1 .< m1)
                sum0 += m0
                sum1 += m1
                weighted0 += m0 * wBase.loadUnaligned(fromByteOffset: k * stride, as: SIMD4<Double>.self)
                weighted1 += m1 * wBase.loadUnaligned(fromByteOffset: (k + 4) * stride, as: SIMD4<Double>.self)
                k += 8
            }
        }
        var squares = (squares0 + squares1).sum()
        largest0.replace(with: largest1, where: largest0 .< largest1)
        var largest = largest0.max()
        var sum = (sum0 + sum1).sum()
        var weighted = (weighted0 + weighted1).sum()
        while k < n {
            let m = abs(v[k])
            squares += v[k] * v[k]
            largest = max(largest, m)
            sum += m
            weighted += m * w[k]
            k += 1
        }
        return (squares.squareRoot(), largest, sum, weighted)
    }

    private static var storedMeasures: [WritableKeyPath<RowLengths, [Double]>] { [\.l2, \.linf, \.l1, \.scaledL1] }

    /// The number of rows.
    var count: Int { l2.count }

    /// Every row's computed length in `measure`.
    subscript(measure: ErrorMeasure) -> [Double] {
        switch measure {
        case .l2: return l2
        case .linf: return linf
        case .l1: return l1
        case .scaledL1: return scaledL1
        }
    }

    /// The lengths of the rows listed in `indices`, in that order.
    func selecting(_ indices: [Int]) -> RowLengths {
        var result = RowLengths(capacity: indices.count)
        for keyPath in Self.storedMeasures { result[keyPath: keyPath] = indices.map { self[keyPath: keyPath][$0] } }
        return result
    }

    /// The lengths of rows copied by index (`nil`: a zero row, all lengths 0).
    func gathering(_ source: [Int?]) -> RowLengths {
        var result = RowLengths(capacity: source.count)
        for keyPath in Self.storedMeasures { result[keyPath: keyPath] = source.map { $0.map { self[keyPath: keyPath][$0] } ?? 0 } }
        return result
    }

    /// Sets the lengths of the listed rows to 0 (zero rows).
    mutating func zeroRows(_ indices: [Int]) {
        for keyPath in Self.storedMeasures {
            for i in indices { self[keyPath: keyPath][i] = 0 }
        }
    }

    /// Appends `other`'s rows after these.
    mutating func append(_ other: RowLengths) {
        for keyPath in Self.storedMeasures { self[keyPath: keyPath].append(contentsOf: other[keyPath: keyPath]) }
    }
}
