/// Shape arithmetic for the ONNX importer: element counts, row-major strides
/// and numpy-style broadcasting. A shape is a list of non-negative extents;
/// `[]` is a scalar (one element).
enum ONNXShape {
    /// The largest number of elements a tensor may have:
    /// `FormatLimits.maximumParameterCount` (2²⁸, 2 GiB of `Double`s). Real
    /// fully connected networks are far below; a corrupted file that claims
    /// more is rejected before anything is allocated.
    static let maximumElementCount = FormatLimits.maximumParameterCount

    /// The number of elements of `shape`.
    ///
    /// The product of the *non-zero* extents must stay within
    /// `maximumElementCount` too, even when a zero extent makes the tensor
    /// empty: then every product of extents the importer forms (strides,
    /// `Flatten`'s two halves, matrix sizes) fits an `Int`.
    ///
    /// - Throws: when an extent is negative or the count exceeds `maximumElementCount`.
    static func count(_ shape: [Int]) throws -> Int {
        var nonZero = 1
        var hasZero = false
        for extent in shape {
            guard extent >= 0 else { throw ONNXGraphError("negative extent in shape \(describe(shape))") }
            hasZero = hasZero || extent == 0
            let (product, overflow) = nonZero.multipliedReportingOverflow(by: Swift.max(extent, 1))
            guard !overflow, product <= maximumElementCount else {
                throw ONNXGraphError("shape \(describe(shape)) has more than the limit of "
                                     + "\(FormatLimits.describe(maximumElementCount)) elements")
            }
            nonZero = product
        }
        return hasZero ? 0 : nonZero
    }

    /// Checks that a `rows × columns` matrix fits `maximumElementCount`,
    /// before it is allocated.
    ///
    /// - Throws: naming `what` and the size.
    static func checkMatrix(rows: Int, columns: Int, what: String) throws {
        let (size, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, size <= maximumElementCount else {
            throw ONNXGraphError("\(what) would need a \(rows) × \(columns) matrix, more than the limit of "
                                 + "\(FormatLimits.describe(maximumElementCount)) coefficients")
        }
    }

    /// Row-major strides of `shape` (the last axis varies fastest).
    static func strides(_ shape: [Int]) -> [Int] {
        var result = Array(repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            result[axis] = stride
            stride *= shape[axis]
        }
        return result
    }

    /// The numpy broadcast of two shapes: right-aligned, each pair of extents
    /// equal or one of them 1.
    static func broadcast(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a
        let pb = Array(repeating: 1, count: rank - b.count) + b
        var result: [Int] = []
        for (x, y) in zip(pa, pb) {
            if x == y || y == 1 { result.append(x) } else if x == 1 { result.append(y) } else {
                throw ONNXGraphError("shapes \(describe(a)) and \(describe(b)) do not broadcast")
            }
        }
        return result
    }

    /// For each element of a tensor of shape `target` (row-major), the index
    /// of the element of a tensor of shape `source` that broadcasts onto it.
    /// `source` must broadcast to `target`.
    static func broadcastIndices(from source: [Int], to target: [Int]) -> [Int] {
        precondition(source.count <= target.count, "cannot broadcast to a lower rank")
        let padded = Array(repeating: 1, count: target.count - source.count) + source
        let sourceStrides = strides(padded)
        let targetCount = target.reduce(1, *)
        var result = [Int](repeating: 0, count: targetCount)
        var position = [Int](repeating: 0, count: target.count)
        for flat in 0..<targetCount {
            var index = 0
            for axis in target.indices where padded[axis] != 1 { index += position[axis] * sourceStrides[axis] }
            result[flat] = index
            // Advance the multi-index (row-major).
            var axis = target.count - 1
            while axis >= 0 {
                position[axis] += 1
                if position[axis] < target[axis] { break }
                position[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// The element order of the 2-D transpose: for each element of the
    /// `[columns, rows]` result, its index in the `[rows, columns]` source.
    static func transposeIndices(rows: Int, columns: Int) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(rows * columns)
        for j in 0..<columns {
            for i in 0..<rows { result.append(i * columns + j) }
        }
        return result
    }

    /// `[1, 784]`-style text for messages.
    static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
