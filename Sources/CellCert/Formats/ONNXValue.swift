/// What the ONNX importer knows about one tensor of the graph.
enum ONNXValue: Sendable {
    /// A tensor that does not depend on the network input.
    case constant(ONNXConstant)
    /// The network input, possibly normalised elementwise by leading
    /// `Sub`/`Add`/`Div` nodes; it becomes the network's `InputTransform`.
    case input(ONNXNormalizedInput)
    /// An affine function of the current stage input (see `ONNXAffineTensor`).
    case affine(ONNXAffineTensor)

    /// The tensor's extents.
    var shape: [Int] {
        switch self {
        case .constant(let c): return c.shape
        case .input(let n): return n.shape
        case .affine(let a): return a.shape
        }
    }

    /// Whether every number the value holds is finite: an operator whose
    /// folded weights or constants overflow `Double` (a `Div` by `1e-320`)
    /// makes it false.
    var isFinite: Bool {
        switch self {
        case .constant(let c): return c.values.allSatisfy(\.isFinite)
        case .input(let n): return n.mean.allSatisfy(\.isFinite) && n.scale.allSatisfy(\.isFinite)
        case .affine(let a): return a.isFinite
        }
    }

    /// The same elements under another shape with the same element count.
    func reshaped(_ newShape: [Int]) -> ONNXValue {
        switch self {
        case .constant(let c): return .constant(c.reshaped(newShape))
        case .input(var n):
            n.shape = newShape
            return .input(n)
        case .affine(let a): return .affine(a.reshaped(newShape))
        }
    }
}
