/// A dense row-major matrix of `Double`.
///
/// All linear algebra of the project goes through this type, so that a faster
/// backend (BLAS) replaces one file, not the callers.
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
        storage.withUnsafeBufferPointer { source in
            result.storage.withUnsafeMutableBufferPointer { target in
                for (k, i) in indices.enumerated() {
                    for j in 0..<columns { target[k * columns + j] = source[i * columns + j] }
                }
            }
        }
        return result
    }

    /// The matrix made of the columns listed in `indices`, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: rows, columns: indices.count)
        for i in 0..<rows {
            for (k, j) in indices.enumerated() { result[i, k] = self[i, j] }
        }
        return result
    }

    /// The transpose.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { result[j, i] = self[i, j] }
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
    /// Every entry is a dot product of length `columns`, so it obeys the
    /// standard bound `|fl(a·b) − a·b| ≤ γ_n |a|·|b|` with `n = columns`,
    /// whatever order the additions are done in.
    public func multiplied(by other: Matrix) -> Matrix {
        precondition(columns == other.rows, "matrix product: \(rows)×\(columns) times \(other.rows)×\(other.columns)")
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

    /// The product `self · vector` in floating point.
    public func multiplied(by vector: [Double]) -> [Double] {
        precondition(columns == vector.count, "matrix-vector product: \(rows)×\(columns) times \(vector.count)")
        var result = [Double](repeating: 0, count: rows)
        storage.withUnsafeBufferPointer { a in
            for i in 0..<rows {
                var sum = 0.0
                for j in 0..<columns { sum += a[i * columns + j] * vector[j] }
                result[i] = sum
            }
        }
        return result
    }
}
