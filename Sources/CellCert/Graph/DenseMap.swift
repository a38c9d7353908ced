/// A linear map given by its full matrix `W` (`n × m`): a `Gemm` or `MatMul`.
struct DenseMap: LinearMap {
    /// The matrix, one row per output.
    let weights: Matrix

    var inputCount: Int { weights.columns }
    var outputCount: Int { weights.rows }
    var maximumFanIn: Int { weights.columns }
    var isFinite: Bool { weights.isFinite }
    var parameterCount: Int { weights.rows * weights.columns }

    func apply(to columns: Matrix) -> Matrix { weights.multiplied(by: columns) }

    func applyTransposed(to columns: Matrix) -> Matrix { weights.transposed().multiplied(by: columns) }

    var magnitude: any LinearMap { DenseMap(weights: weights.magnitudes) }
}
