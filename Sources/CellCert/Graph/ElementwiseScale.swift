/// The diagonal map `y_i = s_i x_i` or `y_i = x_i / s_i`: a `Mul` or `Div` by a
/// constant, a folded batch normalisation, an input normalisation.
///
/// Division is kept as division, as the model file computes it: `x / 3` and
/// `x · fl(1/3)` differ, and the certified rows are those of the file's network.
struct ElementwiseScale: LinearMap {
    /// One factor (or divisor) per entry.
    let factors: [Double]
    /// Whether `factors` divide instead of multiply.
    let divides: Bool

    var inputCount: Int { factors.count }
    var outputCount: Int { factors.count }
    var maximumFanIn: Int { 1 }
    var isFinite: Bool { factors.allSatisfy(\.isFinite) && (!divides || !factors.contains(0)) }
    var parameterCount: Int { factors.count }

    func apply(to columns: Matrix) -> Matrix {
        precondition(columns.rows == factors.count, "scale of \(factors.count) entries applied to \(columns.rows) rows")
        var result = columns
        let c = columns.columns
        result.storage.withUnsafeMutableBufferPointer { out in
            for i in 0..<factors.count {
                let f = factors[i]
                if divides {
                    for k in 0..<c { out[i * c + k] /= f }
                } else {
                    for k in 0..<c { out[i * c + k] *= f }
                }
            }
        }
        return result
    }

    /// A diagonal map is its own transpose.
    func applyTransposed(to columns: Matrix) -> Matrix { apply(to: columns) }

    var magnitude: any LinearMap { ElementwiseScale(factors: factors.map { abs($0) }, divides: divides) }
}
