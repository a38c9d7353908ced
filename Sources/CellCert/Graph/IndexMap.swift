/// A map that copies entries: `y_i = x_{source[i]}`, or `0` where `source[i]`
/// is `nil`. Transposes, padding (the pad value goes into the operator's bias)
/// and cropping are index maps; they round nothing.
struct IndexMap: LinearMap {
    /// For every output entry, the input entry it copies (`nil`: zero).
    let source: [Int?]
    let inputCount: Int

    var outputCount: Int { source.count }
    var maximumFanIn: Int { 0 }
    var isFinite: Bool { true }
    var parameterCount: Int { 0 }

    func apply(to columns: Matrix) -> Matrix {
        precondition(columns.rows == inputCount, "index map of \(inputCount) inputs applied to \(columns.rows) rows")
        let c = columns.columns
        var result = Matrix(rows: source.count, columns: c)
        result.storage.withUnsafeMutableBufferPointer { out in
            columns.storage.withUnsafeBufferPointer { input in
                for (i, s) in source.enumerated() {
                    guard let s else { continue }
                    for k in 0..<c { out[i * c + k] = input[s * c + k] }
                }
            }
        }
        return result
    }

    func applyTransposed(to columns: Matrix) -> Matrix {
        precondition(columns.rows == source.count, "transposed index map of \(source.count) outputs applied to \(columns.rows) rows")
        let c = columns.columns
        var result = Matrix(rows: inputCount, columns: c)
        result.storage.withUnsafeMutableBufferPointer { out in
            columns.storage.withUnsafeBufferPointer { input in
                for (i, s) in source.enumerated() {
                    guard let s else { continue }
                    for k in 0..<c { out[s * c + k] += input[i * c + k] }
                }
            }
        }
        return result
    }

    var magnitude: any LinearMap { self }
}
