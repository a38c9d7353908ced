/// The unique face constraints in coordinates centred at `x` and restricted to
/// the row space of their normals: row `i` is `a_i·z + c_i ≥ 0`, where
/// `y = x + Qᵀz`, the rows of `Q` (`k × d`) are an orthonormal basis of the
/// span of the normals, `a_i = Q n_i` and `c_i = n_i·x + b_i` (the value at `x`).
///
/// Why the row space: every value `n_i·y + b_i` depends on `y` only through its
/// component in `span{n_i}`, so each facet LP over `y ∈ ℝ^d` has the same
/// optimum over `z ∈ ℝ^k`. In a ReLU network every later layer's normals are
/// combinations of the first layer's, so `k` is at most the first layer's width
/// (256 instead of 784 for a 784-256-… network): GLPK then works with `k`
/// columns, not `d`. When the normals span `ℝ^d` the coordinates are `z = y − x`
/// and `a_i = n_i` exactly.
struct FacetConstraintSystem: Sendable {
    /// Number of rows `m`.
    let rowCount: Int
    /// `k`, the rank of the normals (within ``FacetOptions/rankTolerance``).
    let dimension: Int
    /// `a_i`, row-major `m × k`.
    let coefficients: [Double]
    /// `c_i`: each constraint's value at `x` (`z = 0`).
    let referenceValues: [Double]

    /// Builds the system for unit `normals` (`m × d`) and their values at `x`.
    init(normals: Matrix, referenceValues: [Double], rankTolerance: Double) {
        precondition(normals.rows == referenceValues.count, "one reference value per row")
        let basis = RowSpaceBasis(of: normals, tolerance: rankTolerance)
        rowCount = normals.rows
        self.referenceValues = referenceValues
        if basis.dimension == normals.columns {
            dimension = normals.columns
            coefficients = normals.storage
        } else {
            dimension = basis.dimension
            coefficients = basis.coordinates.storage
        }
    }

    /// `a_i`.
    func row(_ i: Int) -> [Double] {
        Array(coefficients[(i * dimension)..<((i + 1) * dimension)])
    }

    /// `a_i·z + c_i` for every row.
    func values(at z: [Double]) -> [Double] {
        precondition(z.count == dimension, "point has \(z.count) coordinates, expected \(dimension)")
        var result = referenceValues
        let k = dimension
        coefficients.withUnsafeBufferPointer { a in
            z.withUnsafeBufferPointer { z in
                for i in 0..<rowCount {
                    var sum = 0.0
                    let base = i * k
                    for j in 0..<k { sum += a[base + j] * z[j] }
                    result[i] += sum
                }
            }
        }
        return result
    }
}
