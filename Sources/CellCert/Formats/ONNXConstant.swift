/// A constant tensor of an ONNX graph (an initializer, a `Constant` node, or
/// the result of operators applied to constants only), in `Double`.
///
/// float32 and integer values convert to `Double` exactly; the element type
/// the file gives is kept, so that operators can refuse mixed types as
/// onnxruntime does.
struct ONNXConstant: Sendable {
    /// The extents; `[]` for a scalar.
    var shape: [Int]
    /// The elements in row-major order; `values.count` is the product of `shape`.
    var values: [Double]
    /// The element type in the file (or of the operator's result).
    var elementType: ONNXElementType

    init(shape: [Int], values: [Double], elementType: ONNXElementType) {
        precondition(values.count == shape.reduce(1, *), "constant values do not match the shape")
        self.shape = shape
        self.values = values
        self.elementType = elementType
    }

    /// The same values under another shape with the same element count.
    func reshaped(_ newShape: [Int]) -> ONNXConstant {
        ONNXConstant(shape: newShape, values: values, elementType: elementType)
    }

    /// The same type and shape with `transform` applied to every value.
    func mapValues(_ transform: (Double) -> Double) -> ONNXConstant {
        ONNXConstant(shape: shape, values: values.map(transform), elementType: elementType)
    }

    /// The values as integers (for shapes and axes, which ONNX types `int64`).
    ///
    /// - Throws: when the tensor is not `int64` or a value is not an integer.
    func integers(what: String) throws -> [Int] {
        guard elementType == .int64 else {
            throw ONNXGraphError("\(what) must be an int64 tensor, found \(elementType)")
        }
        return try values.map { v in
            guard v.rounded() == v, abs(v) < 9.0e15 else { throw ONNXGraphError("\(what) must be integers, found \(v)") }
            return Int(v)
        }
    }

    /// `self ∘ other` entrywise, with numpy broadcasting; the result has type `elementType`.
    func combined(with other: ONNXConstant, as elementType: ONNXElementType,
                  _ operation: (Double, Double) -> Double) throws -> ONNXConstant {
        let shape = try ONNXShape.broadcast(self.shape, other.shape)
        _ = try ONNXShape.count(shape)
        let ia = ONNXShape.broadcastIndices(from: self.shape, to: shape)
        let ib = ONNXShape.broadcastIndices(from: other.shape, to: shape)
        return ONNXConstant(shape: shape, values: zip(ia, ib).map { operation(values[$0], other.values[$1]) },
                            elementType: elementType)
    }

    /// The values broadcast to `target` (which must be a broadcast of `shape`).
    func broadcastValues(to target: [Int]) -> [Double] {
        ONNXShape.broadcastIndices(from: shape, to: target).map { values[$0] }
    }
}
