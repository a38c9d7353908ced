/// A dense row-major matrix of `Double`.
///
/// All linear algebra of the project goes through this type, so that the
/// backend of its products (OpenBLAS, or plain loops for reference:
/// `LinearAlgebraBackend`, `Matrix+BLAS.swift`) is chosen in one place, not
/// by the callers.
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Entries in row-major order: entry `(i, j)` is `storage[i * columns + j]`.
    public var storage: [Double]

    /// A matrix of the given shape filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from row-major storage; `storage.count` must equal `rows * columns`.
    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns, "storage does not match the matrix shape")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from an array of equally long rows.
    public init(rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows of different lengths")
        self.init(rows: rowArrays.count, columns: columns, storage: rowArrays.flatMap { $0 })
    }

    /// Entry `(row, column)`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// A copy of row `i`.
    public func row(_ i: Int) -> [Double] {
        Array(storage[(i * columns)..<((i + 1) * columns)])
    }

    /// The rows as arrays.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The matrix made of the rows listed in `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, columns: columns)
        let n = columns
        storage.withUnsafeBufferPointer { source in
            result.storage.withUnsafeMutableBufferPointer { target in
                for (k, i) in indices.enumerated() {
                    precondition(i >= 0 && i < rows, "row \(i) of a matrix with \(rows) rows")
                    for j in 0..<n { target[k * n + j] = source[i * n + j] }
                }
            }
        }
        return result
    }

    /// The matrix made of the columns listed in `indices`, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        precondition(indices.allSatisfy { $0 >= 0 && $0 < columns }, "column index out of 0..<\(columns)")
        var result = Matrix(rows: rows, columns: indices.count)
        let n = columns
        let m = indices.count
        storage.withUnsafeBufferPointer { source in
            result.storage.withUnsafeMutableBufferPointer { target in
                indices.withUnsafeBufferPointer { picked in
                    for i in 0..<rows {
                        for k in 0..<m { target[i * m + k] = source[i * n + picked[k]] }
                    }
                }
            }
        }
        return result
    }

    /// The transpose.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        let (m, n) = (rows, columns)
        storage.withUnsafeBufferPointer { source in
            result.storage.withUnsafeMutableBufferPointer { target in
                for i in 0..<m {
                    for j in 0..<n { target[j * m + i] = source[i * n + j] }
                }
            }
        }
        return result
    }

    /// The matrix whose entries are the absolute values of this one's.
    public var magnitudes: Matrix {
        Matrix(rows: rows, columns: columns, storage: storage.map { abs($0) })
    }

    /// Whether every entry is finite (no NaN, no infinity).
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// The product `self · other` in floating point.
    ///
    /// Every entry is a dot product of length `n = columns`, summed in an
    /// order that depends on `backend`; whatever the order, and with or
    /// without fused multiply–adds, it obeys `|fl(a·b) − a·b| ≤ γ_n |a|·|b|`
    /// (Docs/floating-point.md). For a given backend and shape the order is
    /// fixed, so the result does not depend on threads or on other rows.
    public func multiplied(by other: Matrix, backend: LinearAlgebraBackend = .current) -> Matrix {
        precondition(columns == other.rows, "matrix product: \(rows)×\(columns) times \(other.rows)×\(other.columns)")
        switch backend {
        case .blas: return blasMultiplied(by: other, transposingOther: false)
        case .reference: return referenceMultiplied(by: other)
        }
    }

    /// The product `self · otherᵀ` in floating point, without forming `otherᵀ`:
    /// entry `(i, j)` is row `i` of `self` times row `j` of `other`, with the
    /// same error bound as `multiplied(by:backend:)` (`n = columns`).
    public func multiplied(byTransposeOf other: Matrix, backend: LinearAlgebraBackend = .current) -> Matrix {
        precondition(columns == other.columns, "matrix product: \(rows)×\(columns) times (\(other.rows)×\(other.columns))ᵀ")
        switch backend {
        case .blas: return blasMultiplied(by: other, transposingOther: true)
        case .reference: return referenceMultiplied(byTransposeOf: other)
        }
    }

    /// The product `self · vector` in floating point, each entry a dot product
    /// of length `columns` with the bound of `multiplied(by:backend:)`.
    public func multiplied(by vector: [Double], backend: LinearAlgebraBackend = .current) -> [Double] {
        precondition(columns == vector.count, "matrix-vector product: \(rows)×\(columns) times \(vector.count)")
        switch backend {
        case .blas: return blasMultiplied(by: vector)
        case .reference: return referenceMultiplied(by: vector)
        }
    }

    /// `self · v` and `|self| · |v|` (the sums `Σ_k m_ik v_k` and `Σ_k |m_ik| |v_k|`)
    /// from one pass over the matrix, without forming `|self|`.
    ///
    /// Each sum runs in eight interleaved partial sums (two `SIMD4` lanes) and
    /// then across them; in this as in any order each entry is within `γ_n`
    /// (`n = columns`) of the exact sum, relative to the magnitude sum. Used
    /// where a value and its rounding bound are needed together (the certified
    /// distances), so it runs in plain Swift whatever the backend: BLAS has no
    /// absolute-value product, and one pass reads the rows once instead of twice.
    public func productsAndMagnitudes(by v: [Double]) -> (products: [Double], magnitudes: [Double]) {
        precondition(columns == v.count, "matrix-vector product: \(rows)×\(columns) times \(v.count)")
        let n = columns
        let absoluteV = v.map { abs($0) }
        // Row-major pairs: (A·x)_i at 2i, (|A|·|x|)_i at 2i + 1.
        var flat = [Double](repeating: 0, count: 2 * rows)
        if rows > 0, n > 0 {
            storage.withUnsafeBufferPointer { a in
                v.withUnsafeBufferPointer { x in
                    absoluteV.withUnsafeBufferPointer { xAbs in
                        flat.withUnsafeMutableBufferPointer { out in
                            let (entries, point) = (SharedInput(base: a.baseAddress!), SharedInput(base: x.baseAddress!))
                            let (magnitudes, sums) = (SharedInput(base: xAbs.baseAddress!), SharedOutput(base: out.baseAddress!))
                            RowChunks.forEach(rows: rows, columns: n) { range in
                                for i in range {
                                    (sums.base[2 * i], sums.base[2 * i + 1]) = Self.productAndMagnitude(
                                        row: entries.base + i * n, point: point.base, magnitudes: magnitudes.base, count: n)
                                }
                            }
                        }
                    }
                }
            }
        }
        return ((0..<rows).map { flat[2 * $0] }, (0..<rows).map { flat[2 * $0 + 1] })
    }

    /// `(a·x, |a|·|x|)` for one row `a` of `count` entries, `magnitudes = |x|`.
    @inline(__always)
    private static func productAndMagnitude(row: UnsafePointer<Double>, point: UnsafePointer<Double>,
                                            magnitudes: UnsafePointer<Double>, count n: Int) -> (Double, Double) {
        let (aBase, xBase, xAbsBase) = (UnsafeRawPointer(row), UnsafeRawPointer(point), UnsafeRawPointer(magnitudes))
        let stride = MemoryLayout<Double>.stride
        var (signed0, signed1) = (SIMD4<Double>(), SIMD4<Double>())
        var (magnitude0, magnitude1) = (SIMD4<Double>(), SIMD4<Double>())
        var k = 0
        while k + 8 <= n {
            let (offset0, offset1) = (k * stride, (k + 4) * stride)
            let a0 = aBase.loadUnaligned(fromByteOffset: offset0, as: SIMD4<Double>.self)
            let a1 = aBase.loadUnaligned(fromByteOffset: offset1, as: SIMD4<Double>.self)
            signed0 += a0 * xBase.loadUnaligned(fromByteOffset: offset0, as: SIMD4<Double>.self)
            signed1 += a1 * xBase.loadUnaligned(fromByteOffset: offset1, as: SIMD4<Double>.self)
            magnitude0 += absoluteValues(a0) * xAbsBase.loadUnaligned(fromByteOffset: offset0, as: SIMD4<Double>.self)
            magnitude1 += absoluteValues(a1) * xAbsBase.loadUnaligned(fromByteOffset: offset1, as: SIMD4<Double>.self)
            k += 8
        }
        var signed = (signed0 + signed1).sum()
        var magnitude = (magnitude0 + magnitude1).sum()
        while k < n {
            signed += row[k] * point[k]
            magnitude += abs(row[k]) * magnitudes[k]
            k += 1
        }
        return (signed, magnitude)
    }

    /// `self · other` by plain loops: entry `(i, j)` sums `a_ik b_kj` for `k = 0, 1, …` in order
    /// (zero `a_ik` skipped, which changes no sum of finite terms).
    func referenceMultiplied(by other: Matrix) -> Matrix {
        var result = Matrix(rows: rows, columns: other.columns)
        let n = other.columns
        let inner = columns
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    for i in 0..<rows {
                        let cRow = i * n
                        for k in 0..<inner {
                            let aik = a[i * inner + k]
                            if aik == 0 { continue }
                            let bRow = k * n
                            for j in 0..<n { c[cRow + j] += aik * b[bRow + j] }
                        }
                    }
                }
            }
        }
        return result
    }

    /// `self · otherᵀ` by plain loops: each entry a left-to-right dot product of two rows.
    func referenceMultiplied(byTransposeOf other: Matrix) -> Matrix {
        var result = Matrix(rows: rows, columns: other.rows)
        let inner = columns
        let n = other.rows
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    for i in 0..<rows {
                        for j in 0..<n {
                            var sum = 0.0
                            for k in 0..<inner { sum += a[i * inner + k] * b[j * inner + k] }
                            c[i * n + j] = sum
                        }
                    }
                }
            }
        }
        return result
    }

    /// `self · vector` by plain loops, each entry a left-to-right dot product.
    func referenceMultiplied(by vector: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: rows)
        storage.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { x in
                for i in 0..<rows {
                    var sum = 0.0
                    for j in 0..<columns { sum += a[i * columns + j] * x[j] }
                    result[i] = sum
                }
            }
        }
        return result
    }
}

/// `|v|` lane by lane, by clearing the sign bits (one `andpd`; `pointwiseMax(v, −v)`
/// compiles to a branch per lane).
@inline(__always)
func absoluteValues(_ v: SIMD4<Double>) -> SIMD4<Double> {
    unsafeBitCast(unsafeBitCast(v, to: SIMD4<UInt64>.self) & SIMD4(repeating: ~(1 << 63)), to: SIMD4<Double>.self)
}
