/// A tensor of an ONNX graph whose every element is an affine function of the
/// *stage input* `h`: the network's (normalised) input at stage 0, the output
/// of the `s`-th ReLU at stage `s`.
///
/// Element `e` (row-major) is `linear.row(e) · h + bias[e]`. Operators without
/// a ReLU between them compose into one such map, computed in `Double`; the
/// importer turns the map into a `DenseLayer` when a ReLU (or the graph
/// output) is reached.
struct ONNXAffineTensor: Sendable {
    /// The linear part, stored as compactly as its structure allows.
    enum Linear: Sendable {
        /// `h` itself (the tensor has exactly `h.count` elements, in order).
        case identity
        /// `diag(d) · h` (the tensor has exactly `h.count` elements).
        case diagonal([Double])
        /// A general `elementCount × h.count` matrix.
        case dense(Matrix)
    }

    /// The tensor's extents.
    var shape: [Int]
    /// The linear part.
    var linear: Linear
    /// The constant part, one entry per element.
    var bias: [Double]
    /// Which ReLU's output `h` is (0: the network input).
    let stage: Int
    /// The length of `h`.
    let inputCount: Int

    /// The number of elements.
    var elementCount: Int { bias.count }

    /// The identity map `h ↦ h`, viewed with `shape` (whose element count is `inputCount`).
    static func identity(shape: [Int], stage: Int) -> ONNXAffineTensor {
        let n = shape.reduce(1, *)
        return ONNXAffineTensor(shape: shape, linear: .identity, bias: Array(repeating: 0, count: n),
                                stage: stage, inputCount: n)
    }

    /// The linear part as a dense `elementCount × inputCount` matrix.
    var denseMatrix: Matrix {
        switch linear {
        case .dense(let m):
            return m
        case .identity:
            var m = Matrix(rows: elementCount, columns: inputCount)
            for i in 0..<elementCount { m[i, i] = 1 }
            return m
        case .diagonal(let d):
            var m = Matrix(rows: elementCount, columns: inputCount)
            for i in 0..<elementCount { m[i, i] = d[i] }
            return m
        }
    }

    /// Whether the tensor is exactly `h` (identity, zero bias), e.g. a ReLU's output.
    var isStageInput: Bool {
        if case .identity = linear { return bias.allSatisfy { $0 == 0 } }
        return false
    }

    /// The same elements under another shape with the same element count.
    func reshaped(_ newShape: [Int]) -> ONNXAffineTensor {
        var copy = self
        copy.shape = newShape
        return copy
    }

    /// The tensor of `shape` whose element `k` is this tensor's element `indices[k]`.
    ///
    /// - Throws: when the dense linear part would exceed `ONNXShape.maximumElementCount`.
    func gathered(_ indices: [Int], shape newShape: [Int]) throws -> ONNXAffineTensor {
        if indices.count == elementCount, indices.elementsEqual(0..<elementCount) { return reshaped(newShape) }
        try ONNXShape.checkMatrix(rows: Swift.max(indices.count, elementCount), columns: inputCount, what: "rearranging the tensor")
        let linear: Linear = .dense(denseMatrix.selectingRows(indices))
        return ONNXAffineTensor(shape: newShape, linear: linear, bias: indices.map { bias[$0] },
                                stage: stage, inputCount: inputCount)
    }

    /// The tensor broadcast to `target` (a numpy broadcast of `shape`, whose
    /// element count has been checked by `ONNXShape.count`).
    ///
    /// - Throws: when the dense linear part would exceed `ONNXShape.maximumElementCount`.
    func broadcast(to target: [Int]) throws -> ONNXAffineTensor {
        if target == shape { return self }
        try ONNXShape.checkMatrix(rows: ONNXShape.count(target), columns: inputCount, what: "broadcasting the tensor")
        return try gathered(ONNXShape.broadcastIndices(from: shape, to: target), shape: target)
    }

    /// Element `e` multiplied by `factors[e]` (one factor per element). Exact up
    /// to one rounding per coefficient.
    func scaled(by factors: [Double]) -> ONNXAffineTensor {
        precondition(factors.count == elementCount, "one factor per element")
        var copy = self
        switch linear {
        case .identity:
            copy.linear = .diagonal(factors)
        case .diagonal(let d):
            copy.linear = .diagonal(zip(d, factors).map(*))
        case .dense(var m):
            for i in 0..<m.rows {
                let f = factors[i]
                for j in 0..<m.columns { m[i, j] *= f }
            }
            copy.linear = .dense(m)
        }
        for i in copy.bias.indices { copy.bias[i] *= factors[i] }
        return copy
    }

    /// Element `e` plus `offsets[e]` (one offset per element).
    func shifted(by offsets: [Double]) -> ONNXAffineTensor {
        precondition(offsets.count == elementCount, "one offset per element")
        var copy = self
        for i in copy.bias.indices { copy.bias[i] += offsets[i] }
        return copy
    }

    /// The tensor of `shape` whose element `o` is `Σ_e coefficients[o, e] · self[e] + constant[o]`.
    ///
    /// The new linear part is `coefficients · linear` computed in `Double`: each
    /// entry is a dot product of length `elementCount`, rounded as
    /// `Matrix.multiplied(by:)` documents (exact when `linear` is the identity).
    ///
    /// - Throws: when the new linear part would exceed `ONNXShape.maximumElementCount`.
    func combined(coefficients: Matrix, constant: [Double], shape newShape: [Int]) throws -> ONNXAffineTensor {
        precondition(coefficients.columns == elementCount && constant.count == coefficients.rows,
                     "coefficients do not match the tensor")
        try ONNXShape.checkMatrix(rows: coefficients.rows, columns: inputCount, what: "composing the affine maps")
        let newLinear: Matrix
        switch linear {
        case .identity:
            newLinear = coefficients
        case .diagonal(let d):
            var m = coefficients
            for i in 0..<m.rows {
                for j in 0..<m.columns { m[i, j] *= d[j] }
            }
            newLinear = m
        case .dense(let m):
            newLinear = coefficients.multiplied(by: m)
        }
        var newBias = coefficients.multiplied(by: bias)
        for i in newBias.indices { newBias[i] += constant[i] }
        return ONNXAffineTensor(shape: newShape, linear: .dense(newLinear), bias: newBias,
                                stage: stage, inputCount: inputCount)
    }

    /// The elementwise sum with `other` (same stage and shape).
    func adding(_ other: ONNXAffineTensor) -> ONNXAffineTensor {
        precondition(stage == other.stage && shape == other.shape, "sum of incompatible affine tensors")
        let linear: Linear
        switch (self.linear, other.linear) {
        case (.identity, .identity):
            linear = .diagonal(Array(repeating: 2, count: elementCount))
        case (.diagonal(let a), .diagonal(let b)):
            linear = .diagonal(zip(a, b).map(+))
        case (.identity, .diagonal(let d)), (.diagonal(let d), .identity):
            linear = .diagonal(d.map { $0 + 1 })
        default:
            var m = denseMatrix
            let o = other.denseMatrix
            for k in m.storage.indices { m.storage[k] += o.storage[k] }
            linear = .dense(m)
        }
        return ONNXAffineTensor(shape: shape, linear: linear, bias: zip(bias, other.bias).map(+),
                                stage: stage, inputCount: inputCount)
    }

    /// Whether every coefficient and constant is finite (no operator overflowed `Double`).
    var isFinite: Bool {
        guard bias.allSatisfy(\.isFinite) else { return false }
        switch linear {
        case .identity: return true
        case .diagonal(let d): return d.allSatisfy(\.isFinite)
        case .dense(let m): return m.isFinite
        }
    }

    /// The elementwise negation.
    func negated() -> ONNXAffineTensor {
        scaled(by: Array(repeating: -1, count: elementCount))
    }
}
