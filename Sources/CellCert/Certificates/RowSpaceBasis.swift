/// An orthonormal basis of the span of a matrix's rows and each row's
/// coordinates in it, by modified Gram–Schmidt with pivoting (the row with the
/// largest remaining component goes next) and one re-orthogonalisation of each
/// new basis vector ("twice is enough").
///
/// It stops when every remaining row lies within `tolerance` (ℓ2) of the span
/// found so far, so `dimension` is the numerical rank at that tolerance. Row
/// `i` of the matrix is `Σ_v coordinates[i, v] · vectors[v]` up to an error of
/// at most `tolerance` plus rounding: the coordinates are the inner products
/// `q_v·n_i` Gram–Schmidt computes anyway (a row left within `tolerance` of the
/// span gets no further ones), so no extra matrix product is needed.
/// Cost: about `4·m·d·k` flops for `m` rows of length `d` and rank `k`.
struct RowSpaceBasis {
    /// The basis vectors as rows (`dimension × d`), orthonormal up to rounding.
    let vectors: Matrix
    /// Each row's coordinates in the basis (`m × dimension`).
    let coordinates: Matrix
    /// The number of basis vectors.
    var dimension: Int { vectors.rows }

    init(of matrix: Matrix, tolerance: Double) {
        let m = matrix.rows
        let d = matrix.columns
        let threshold = tolerance * tolerance
        var residual = matrix.storage
        var squaredNorms = [Double](repeating: 0, count: m)
        var open = [Bool](repeating: true, count: m)
        var basis: [Double] = []
        // Column v of the coordinates, for v = 0, 1, … (transposed at the end).
        var coordinateColumns: [[Double]] = []
        residual.withUnsafeMutableBufferPointer { r in
            for i in 0..<m {
                var s = 0.0
                for j in 0..<d { s += r[i * d + j] * r[i * d + j] }
                squaredNorms[i] = s
                if s <= threshold { open[i] = false }
            }
            while coordinateColumns.count < min(m, d) {
                var pivot = -1
                var largest = threshold
                for i in 0..<m where open[i] && squaredNorms[i] > largest {
                    largest = squaredNorms[i]
                    pivot = i
                }
                guard pivot >= 0 else { break }
                var q = Array(r[(pivot * d)..<((pivot + 1) * d)])
                // Re-orthogonalise against the basis so far, then normalise.
                basis.withUnsafeBufferPointer { b in
                    for v in 0..<coordinateColumns.count {
                        var dot = 0.0
                        for j in 0..<d { dot += b[v * d + j] * q[j] }
                        for j in 0..<d { q[j] -= dot * b[v * d + j] }
                    }
                }
                let length = q.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard length > tolerance else {
                    open[pivot] = false
                    continue
                }
                for j in 0..<d { q[j] /= length }
                basis.append(contentsOf: q)
                // Project every open row (the pivot included) on the new vector, and
                // remove that component; a row within tolerance of the span closes.
                var column = [Double](repeating: 0, count: m)
                q.withUnsafeBufferPointer { q in
                    for i in 0..<m where open[i] {
                        let base = i * d
                        var dot = 0.0
                        for j in 0..<d { dot += q[j] * r[base + j] }
                        column[i] = dot
                        var s = 0.0
                        for j in 0..<d {
                            let value = r[base + j] - dot * q[j]
                            r[base + j] = value
                            s += value * value
                        }
                        squaredNorms[i] = s
                        if s <= threshold || i == pivot { open[i] = false }
                    }
                }
                coordinateColumns.append(column)
            }
        }
        let k = coordinateColumns.count
        vectors = Matrix(rows: k, columns: d, storage: basis)
        var coordinates = Matrix(rows: m, columns: k)
        for (v, column) in coordinateColumns.enumerated() {
            for i in 0..<m { coordinates[i, v] = column[i] }
        }
        self.coordinates = coordinates
    }
}
