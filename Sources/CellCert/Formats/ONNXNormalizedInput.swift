/// The network input `x` normalised elementwise, `(x_i − mean_i) / scale_i`,
/// viewed with some shape (element `i` in row-major order is input `i`).
///
/// Leading normalisation nodes (`Sub`, `Add` or `Div` by constants applied
/// to the input before anything else) are recorded here instead of being
/// folded into the first layer, so that they become the network's
/// `InputTransform` and are evaluated exactly as ONNX writes them.
struct ONNXNormalizedInput: Sendable {
    /// The extents under which the input is currently viewed.
    var shape: [Int]
    /// The shift subtracted from each input.
    var mean: [Double]
    /// The positive divisor of each input.
    var scale: [Double]

    /// The raw input with `shape`.
    init(shape: [Int]) {
        let n = shape.reduce(1, *)
        self.shape = shape
        self.mean = Array(repeating: 0, count: n)
        self.scale = Array(repeating: 1, count: n)
    }

    /// The elementwise operators that can extend a normalisation exactly.
    enum Operation { case add, subtract, divide }

    /// `self ∘ constant` when it is again of the form `(x − mean) / scale` with
    /// the same arithmetic as ONNX's (`x − c`, `x + c = x − (−c)`, `(x − m) / c`
    /// for `c > 0` with `1/c` finite), else `nil` (the caller folds the operation into an affine map).
    func applying(_ operation: Operation, _ constant: ONNXConstant) -> ONNXNormalizedInput? {
        guard let target = try? ONNXShape.broadcast(shape, constant.shape), target == shape else { return nil }
        let c = constant.broadcastValues(to: shape)
        let unscaled = scale.allSatisfy { $0 == 1 }
        var result = self
        switch operation {
        case .subtract:
            guard unscaled, mean.allSatisfy({ $0 == 0 }) else { return nil }
            result.mean = c
        case .add:
            guard unscaled, mean.allSatisfy({ $0 == 0 }) else { return nil }
            result.mean = c.map { -$0 }
        case .divide:
            // A divisor whose reciprocal overflows (a subnormal) would send every
            // input to ±∞; folding it instead makes the importer report the node.
            guard unscaled, c.allSatisfy({ $0 > 0 && (1 / $0).isFinite }) else { return nil }
            result.scale = c
        }
        return result
    }

    /// The transform `x ↦ (x − mean) / scale`.
    var transform: InputTransform { InputTransform(mean: mean, scale: scale) }
}
