/// A constant tensor of an ONNX graph (an initializer, a `Constant` node, or
/// the result of operators applied to constants only), in `Double`.
///
/// float32 and integer values convert to `Double` exactly.
struct ONNXConstant: Sendable {
    /// The extents; `[]` for a scalar.
    var shape: [Int]
    /// The elements in row-major order; `values.count` is the product of `shape`.
    var values: [Double]

    init(shape: [Int], values: [Double]) {
        precondition(values.count == shape.reduce(1, *), "constant values do not match the shape")
        self.shape = shape
        self.values = values
    }

    /// The same values under another shape with the same element count.
    func reshaped(_ newShape: [Int]) -> ONNXConstant {
        ONNXConstant(shape: newShape, values: values)
    }

    /// The values as integers (for shapes and axes).
    ///
    /// - Throws: when a value is not an integer.
    func integers(what: String) throws -> [Int] {
        try values.map { v in
            guard v.rounded() == v, abs(v) < 9.0e15 else { throw ONNXGraphError("\(what) must be integers, found \(v)") }
            return Int(v)
        }
    }

    /// `self ∘ other` entrywise, with numpy broadcasting.
    func combined(with other: ONNXConstant, _ operation: (Double, Double) -> Double) throws -> ONNXConstant {
        let shape = try ONNXShape.broadcast(self.shape, other.shape)
        _ = try ONNXShape.count(shape)
        let ia = ONNXShape.broadcastIndices(from: self.shape, to: shape)
        let ib = ONNXShape.broadcastIndices(from: other.shape, to: shape)
        return ONNXConstant(shape: shape, values: zip(ia, ib).map { operation(values[$0], other.values[$1]) })
    }

    /// The values broadcast to `target` (which must be a broadcast of `shape`).
    func broadcastValues(to target: [Int]) -> [Double] {
        ONNXShape.broadcastIndices(from: shape, to: target).map { values[$0] }
    }
}
