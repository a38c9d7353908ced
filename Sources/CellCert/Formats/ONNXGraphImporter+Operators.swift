internal import ONNXProto

/// The operators the ONNX importer understands, one method each.
extension ONNXGraphImporter {
    /// The operators `evaluate(_:)` supports, in the order error messages list them.
    static let supportedOperators = [
        "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu",
        "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Identity", "Constant",
    ]

    /// The value of `node`'s output.
    mutating func evaluate(_ node: Onnx_NodeProto) throws -> ONNXValue {
        guard node.domain.isEmpty || node.domain == "ai.onnx" else {
            throw unsupported("\(ONNXGraphImporter.printable(node.domain)).\(ONNXGraphImporter.printable(node.opType))")
        }
        switch node.opType {
        case "Gemm": return try gemm(node)
        case "MatMul": return try matMul(node)
        case "Add": return try elementwise(node, .add)
        case "Sub": return try elementwise(node, .subtract)
        case "Mul": return try elementwise(node, .multiply)
        case "Div": return try elementwise(node, .divide)
        case "Relu": return try relu(node)
        case "Flatten": return try flatten(node)
        case "Reshape": return try reshape(node)
        case "Squeeze": return try squeeze(node)
        case "Unsqueeze": return try unsqueeze(node)
        case "Identity": return try operand(node, 0)
        case "Constant": return try constant(node)
        default: throw unsupported(ONNXGraphImporter.printable(node.opType))
        }
    }

    private func unsupported(_ op: String) -> ONNXGraphError {
        ONNXGraphError("unsupported operator \(op) (supported: \(Self.supportedOperators.joined(separator: ", ")))")
    }

    // MARK: Linear algebra

    /// `MatMul` (numpy semantics, 1-D operands promoted); one operand must be constant.
    private mutating func matMul(_ node: Onnx_NodeProto) throws -> ONNXValue {
        let a = try operand(node, 0), b = try operand(node, 1)
        try checkElementTypes(node, [a, b], integersAllowed: false)
        return try product(a, b, op: "MatMul")
    }

    /// `Gemm`: `alpha · A' · B' + beta · C` with `A' = transA ? Aᵀ : A` (2-D),
    /// likewise `B'`, and `C` broadcast to the result. `alpha` multiplies the
    /// constant operand's entries.
    private mutating func gemm(_ node: Onnx_NodeProto) throws -> ONNXValue {
        let alpha = try float(node, "alpha", default: 1)
        let beta = try float(node, "beta", default: 1)
        let transA = try int(node, "transA", default: 0) != 0
        let transB = try int(node, "transB", default: 0) != 0
        var a = try operand(node, 0), b = try operand(node, 1)
        let c = try optionalOperand(node, 2)
        try checkElementTypes(node, [a, b] + (c.map { [$0] } ?? []), integersAllowed: false)
        for (name, v) in [("A", a), ("B", b)] where v.shape.count != 2 {
            throw ONNXGraphError("Gemm: \(name) has shape \(ONNXShape.describe(v.shape)), expected 2 dimensions")
        }
        if transA { a = try transposed(a) }
        if transB { b = try transposed(b) }
        guard a.shape[1] == b.shape[0] else {
            throw ONNXGraphError("Gemm: A' is \(ONNXShape.describe(a.shape)) and B' is \(ONNXShape.describe(b.shape)); inner dimensions differ")
        }
        if alpha != 1 {
            if case .constant(let w) = b {
                b = .constant(w.mapValues { $0 * Double(alpha) })
            } else if case .constant(let w) = a {
                a = .constant(w.mapValues { $0 * Double(alpha) })
            }
        }
        var result = try product(a, b, op: "Gemm")
        if var bias = c {
            let target = result.shape
            guard let shape = try? ONNXShape.broadcast(bias.shape, target), shape == target else {
                throw ONNXGraphError("Gemm: C has shape \(ONNXShape.describe(bias.shape)), which does not broadcast to \(ONNXShape.describe(target))")
            }
            if beta != 1 {
                bias = try combine(bias, .constant(ONNXConstant(shape: [], values: [Double(beta)], elementType: .float)), .multiply)
            }
            result = try combine(result, bias, .add)
        }
        return result
    }

    /// The 2-D transpose of `value`.
    private mutating func transposed(_ value: ONNXValue) throws -> ONNXValue {
        let (rows, columns) = (value.shape[0], value.shape[1])
        let indices = ONNXShape.transposeIndices(rows: rows, columns: columns)
        switch value {
        case .constant(let c):
            return .constant(ONNXConstant(shape: [columns, rows], values: indices.map { c.values[$0] }, elementType: c.elementType))
        default:
            return .affine(try affine(value)!.gathered(indices, shape: [columns, rows]))
        }
    }

    /// The numpy matrix product `left · right`; at least one operand must be constant.
    private mutating func product(_ left: ONNXValue, _ right: ONNXValue, op: String) throws -> ONNXValue {
        switch (left, right) {
        case (.constant(let a), .constant(let w)):
            // Treat the left constant as an affine map of nothing: its values are the bias.
            let wrapped = ONNXAffineTensor(shape: a.shape, linear: .dense(Matrix(rows: a.values.count, columns: 0)),
                                           bias: a.values, stage: 0, inputCount: 0)
            let result = try Self.rightProduct(wrapped, w, op: op)
            return .constant(ONNXConstant(shape: result.shape, values: result.bias,
                                          elementType: ONNXElementType.common(a.elementType, w.elementType) ?? .double))
        case (_, .constant(let w)):
            return .affine(try Self.rightProduct(try affine(left)!, w, op: op))
        case (.constant(let w), _):
            return .affine(try Self.leftProduct(w, try affine(right)!, op: op))
        default:
            throw ONNXGraphError("\(op) of two tensors that both depend on the input is not linear")
        }
    }

    /// `a · w` for an affine `a` of shape `[…, m, k]` (or `[k]`) and a constant
    /// `w` of shape `[k, n]` (or `[k]`; leading extents of 1 allowed).
    private static func rightProduct(_ a: ONNXAffineTensor, _ w: ONNXConstant, op: String) throws -> ONNXAffineTensor {
        guard !a.shape.isEmpty, !w.shape.isEmpty else { throw ONNXGraphError("\(op) of a scalar") }
        let aShape = a.shape.count == 1 ? [1] + a.shape : a.shape
        let wShape = w.shape.count == 1 ? w.shape + [1] : w.shape
        guard wShape.dropLast(2).allSatisfy({ $0 == 1 }) else {
            throw ONNXGraphError("\(op): batched constant operand of shape \(ONNXShape.describe(w.shape)) is not supported")
        }
        let (m, k) = (aShape[aShape.count - 2], aShape[aShape.count - 1])
        let (k2, n) = (wShape[wShape.count - 2], wShape[wShape.count - 1])
        guard k == k2 else {
            throw ONNXGraphError("\(op): shapes \(ONNXShape.describe(a.shape)) and \(ONNXShape.describe(w.shape)) do not multiply (\(k) ≠ \(k2))")
        }
        let batch = Array(aShape.dropLast(2))
        let batchCount = batch.reduce(1, *)
        var shape = Array(repeating: 1, count: max(0, wShape.count - aShape.count)) + batch + [m, n]
        if w.shape.count == 1 { shape.removeLast() }
        if a.shape.count == 1 { shape.remove(at: shape.count - (w.shape.count == 1 ? 1 : 2)) }
        let rows = batchCount * m * n
        try ONNXShape.checkMatrix(rows: rows, columns: a.elementCount, what: op)
        var c = Matrix(rows: rows, columns: a.elementCount)
        for r in 0..<(batchCount * m) {
            for j in 0..<n {
                for t in 0..<k { c[r * n + j, r * k + t] = w.values[t * n + j] }
            }
        }
        return try a.combined(coefficients: c, constant: Array(repeating: 0, count: rows), shape: shape)
    }

    /// `w · a` for a constant `w` of shape `[m, k]` (or `[k]`; leading extents
    /// of 1 allowed) and an affine `a` of shape `[…, k, n]` (or `[k]`).
    private static func leftProduct(_ w: ONNXConstant, _ a: ONNXAffineTensor, op: String) throws -> ONNXAffineTensor {
        guard !a.shape.isEmpty, !w.shape.isEmpty else { throw ONNXGraphError("\(op) of a scalar") }
        let wShape = w.shape.count == 1 ? [1] + w.shape : w.shape
        let aShape = a.shape.count == 1 ? a.shape + [1] : a.shape
        guard wShape.dropLast(2).allSatisfy({ $0 == 1 }) else {
            throw ONNXGraphError("\(op): batched constant operand of shape \(ONNXShape.describe(w.shape)) is not supported")
        }
        let (m, k) = (wShape[wShape.count - 2], wShape[wShape.count - 1])
        let (k2, n) = (aShape[aShape.count - 2], aShape[aShape.count - 1])
        guard k == k2 else {
            throw ONNXGraphError("\(op): shapes \(ONNXShape.describe(w.shape)) and \(ONNXShape.describe(a.shape)) do not multiply (\(k) ≠ \(k2))")
        }
        let batch = Array(aShape.dropLast(2))
        let batchCount = batch.reduce(1, *)
        var shape = Array(repeating: 1, count: max(0, wShape.count - aShape.count)) + batch + [m, n]
        if a.shape.count == 1 { shape.removeLast() }
        if w.shape.count == 1 { shape.remove(at: shape.count - (a.shape.count == 1 ? 1 : 2)) }
        let rows = batchCount * m * n
        try ONNXShape.checkMatrix(rows: rows, columns: a.elementCount, what: op)
        var c = Matrix(rows: rows, columns: a.elementCount)
        for b in 0..<batchCount {
            for i in 0..<m {
                for j in 0..<n {
                    for t in 0..<k { c[(b * m + i) * n + j, (b * k + t) * n + j] = w.values[i * k + t] }
                }
            }
        }
        return try a.combined(coefficients: c, constant: Array(repeating: 0, count: rows), shape: shape)
    }

    /// Checks that the operands of `node` have element types ONNX allows
    /// together (one type `T`), as onnxruntime does when it loads the model.
    ///
    /// Tensors that depend on the network input have the input's floating
    /// type, so every constant beside one must be `float` or `double` (`float`
    /// beside `double` is read leniently: both are computed in `Double`). An
    /// integer constant is refused, never converted: `Gemm(x, W)` with an
    /// int64 `W` is an invalid model. Operands that are all constant may be
    /// integers of one type when `integersAllowed`.
    ///
    /// - Throws: naming the operand (position and tensor name) and its type.
    func checkElementTypes(_ node: Onnx_NodeProto, _ operands: [ONNXValue], integersAllowed: Bool) throws {
        var types: [(position: Int, type: ONNXElementType)] = []
        var dependsOnInput = false
        for (k, value) in operands.enumerated() {
            if case .constant(let c) = value { types.append((k, c.elementType)) } else { dependsOnInput = true }
        }
        func name(_ k: Int) -> String {
            k < node.input.count ? "input \(k + 1) '\(Self.printable(node.input[k]))'" : "input \(k + 1)"
        }
        let op = node.opType
        if dependsOnInput {
            if let (k, type) = types.first(where: { $0.type.isInteger }) {
                throw ONNXGraphError("\(op): \(name(k)) is an \(type) tensor, but the other operand depends on the network input "
                                     + "and is floating-point; integer weights are not converted (onnxruntime rejects this model)")
            }
            return
        }
        guard let first = types.first else { return }
        for other in types.dropFirst() where ONNXElementType.common(first.type, other.type) == nil {
            throw ONNXGraphError("\(op): \(name(first.position)) is \(first.type) but \(name(other.position)) is \(other.type); "
                                 + "the operands of \(op) must have one element type")
        }
        if !integersAllowed, first.type.isInteger {
            throw ONNXGraphError("\(op) of \(first.type) tensors is not supported (only float and double)")
        }
    }

    // MARK: Elementwise

    /// The four elementwise arithmetic operators.
    enum Arithmetic {
        case add, subtract, multiply, divide

        var name: String {
            switch self {
            case .add: "Add"
            case .subtract: "Sub"
            case .multiply: "Mul"
            case .divide: "Div"
            }
        }

        func apply(_ a: Double, _ b: Double) -> Double {
            switch self {
            case .add: a + b
            case .subtract: a - b
            case .multiply: a * b
            case .divide: a / b
            }
        }
    }

    private mutating func elementwise(_ node: Onnx_NodeProto, _ operation: Arithmetic) throws -> ONNXValue {
        let a = try operand(node, 0), b = try operand(node, 1)
        try checkElementTypes(node, [a, b], integersAllowed: true)
        return try combine(a, b, operation)
    }

    /// `a ∘ b` elementwise with numpy broadcasting. Network-dependent operands
    /// may be added and subtracted; multiplied or divided by constants only.
    /// Division by a constant `c` multiplies by the `Double` `1/c` (one
    /// rounding), except in a leading normalisation, which stays exact.
    /// Constants of one integer type combine as integers (`Div` truncates
    /// toward zero, as onnxruntime does). The caller has checked the element
    /// types (`checkElementTypes`).
    mutating func combine(_ a: ONNXValue, _ b: ONNXValue, _ operation: Arithmetic) throws -> ONNXValue {
        let op = operation.name
        let shape = try ONNXShape.broadcast(a.shape, b.shape)
        _ = try ONNXShape.count(shape)
        if case .constant(let c) = b, (c.values.contains(0) && operation == .divide) {
            throw ONNXGraphError("\(op): division by zero")
        }
        switch (a, b) {
        case (.constant(let x), .constant(let y)):
            guard let type = ONNXElementType.common(x.elementType, y.elementType) else {
                throw ONNXGraphError("\(op): operands of element types \(x.elementType) and \(y.elementType) do not match")
            }
            let apply = type.isInteger && operation == .divide ? { ($0 / $1).rounded(.towardZero) } : operation.apply
            return .constant(try x.combined(with: y, as: type, apply))
        case (.input(let n), .constant(let c)):
            let normalization: ONNXNormalizedInput.Operation? = switch operation {
            case .add: .add
            case .subtract: .subtract
            case .divide: .divide
            case .multiply: nil
            }
            if let normalization, let result = n.applying(normalization, c) { return .input(result) }
        default:
            break
        }
        let left = try affine(a), right = try affine(b)
        switch (left, right) {
        case (let x?, nil):
            guard case .constant(let c) = b else { preconditionFailure("non-affine value is constant") }
            let x = try x.broadcast(to: shape)
            let values = c.broadcastValues(to: shape)
            switch operation {
            case .add: return .affine(x.shifted(by: values))
            case .subtract: return .affine(x.shifted(by: values.map { -$0 }))
            case .multiply: return .affine(x.scaled(by: values))
            case .divide: return .affine(x.scaled(by: values.map { 1 / $0 }))
            }
        case (nil, let y?):
            guard case .constant(let c) = a else { preconditionFailure("non-affine value is constant") }
            let y = try y.broadcast(to: shape)
            let values = c.broadcastValues(to: shape)
            switch operation {
            case .add: return .affine(y.shifted(by: values))
            case .subtract: return .affine(y.negated().shifted(by: values))
            case .multiply: return .affine(y.scaled(by: values))
            case .divide: throw ONNXGraphError("\(op): division by a tensor that depends on the input is not linear")
            }
        case (let x?, let y?):
            guard x.stage == y.stage else {
                throw ONNXGraphError("\(op): operands come from different layers (skip connections are not supported)")
            }
            switch operation {
            case .add: return .affine(try x.broadcast(to: shape).adding(y.broadcast(to: shape)))
            case .subtract: return .affine(try x.broadcast(to: shape).adding(y.broadcast(to: shape).negated()))
            case .multiply, .divide:
                throw ONNXGraphError("\(op) of two tensors that both depend on the input is not linear")
            }
        case (nil, nil):
            preconditionFailure("constant operands are handled above")
        }
    }

    /// `Relu`: closes the current layer.
    private mutating func relu(_ node: Onnx_NodeProto) throws -> ONNXValue {
        let x = try operand(node, 0)
        if case .constant(let c) = x { return .constant(c.mapValues { max($0, 0) }) }
        let a = try affine(x)!
        guard a.stage == layers.count else {
            throw ONNXGraphError("Relu of a tensor computed before an earlier ReLU (only chains of layers are supported)")
        }
        // ReLU(ReLU(z)) = ReLU(z): a ReLU's output passes unchanged.
        if a.stage > 0, a.isStageInput { return x }
        try appendLayer(from: a)
        return .affine(.identity(shape: a.shape, stage: layers.count))
    }

    // MARK: Shapes

    private mutating func flatten(_ node: Onnx_NodeProto) throws -> ONNXValue {
        let x = try operand(node, 0)
        let rank = x.shape.count
        var axis = try int(node, "axis", default: 1)
        if axis < 0 { axis += rank }
        guard axis >= 0, axis <= rank else { throw ONNXGraphError("Flatten: axis out of range for rank \(rank)") }
        return x.reshaped([x.shape[..<axis].reduce(1, *), x.shape[axis...].reduce(1, *)])
    }

    private mutating func reshape(_ node: Onnx_NodeProto) throws -> ONNXValue {
        let x = try operand(node, 0)
        guard case .constant(let spec) = try operand(node, 1) else {
            throw ONNXGraphError("Reshape: the target shape must be a constant")
        }
        let requested = try spec.integers(what: "Reshape: target shape entries")
        let allowZero = try int(node, "allowzero", default: 0) != 0
        var shape: [Int] = []
        var inferred: Int?
        for (axis, extent) in requested.enumerated() {
            switch extent {
            case -1:
                guard inferred == nil else { throw ONNXGraphError("Reshape: more than one -1 in the target shape") }
                inferred = axis
                shape.append(1)
            case 0 where !allowZero:
                guard axis < x.shape.count else { throw ONNXGraphError("Reshape: 0 at axis \(axis) beyond the input's rank") }
                shape.append(x.shape[axis])
            case 0...:
                shape.append(extent)
            default:
                throw ONNXGraphError("Reshape: invalid extent \(extent)")
            }
        }
        let count = try ONNXShape.count(x.shape)
        let known = try ONNXShape.count(shape)
        if let axis = inferred {
            guard known > 0, count % known == 0 else {
                throw ONNXGraphError("Reshape: cannot reshape \(ONNXShape.describe(x.shape)) to \(ONNXShape.describe(requested))")
            }
            shape[axis] = count / known
        } else if known != count {
            throw ONNXGraphError("Reshape: cannot reshape \(ONNXShape.describe(x.shape)) to \(ONNXShape.describe(requested))")
        }
        return x.reshaped(shape)
    }

    private mutating func squeeze(_ node: Onnx_NodeProto) throws -> ONNXValue {
        let x = try operand(node, 0)
        let rank = x.shape.count
        guard let axes = try axes(node, rank: rank, op: "Squeeze") else {
            return x.reshaped(x.shape.filter { $0 != 1 })
        }
        for axis in axes where x.shape[axis] != 1 {
            throw ONNXGraphError("Squeeze: axis \(axis) of \(ONNXShape.describe(x.shape)) is not 1")
        }
        return x.reshaped(x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
    }

    private mutating func unsqueeze(_ node: Onnx_NodeProto) throws -> ONNXValue {
        let x = try operand(node, 0)
        guard let raw = try rawAxes(node, op: "Unsqueeze") else { throw ONNXGraphError("Unsqueeze: axes are missing") }
        let rank = x.shape.count + raw.count
        let axes = try normalizedAxes(raw, rank: rank, op: "Unsqueeze")
        var remaining = x.shape[...]
        let shape = (0..<rank).map { axes.contains($0) ? 1 : remaining.removeFirst() }
        return x.reshaped(shape)
    }

    /// The `axes` of Squeeze/Unsqueeze (an attribute before opset 13, an
    /// input since), normalised to `0..<rank`; `nil` when absent.
    private mutating func axes(_ node: Onnx_NodeProto, rank: Int, op: String) throws -> Set<Int>? {
        guard let raw = try rawAxes(node, op: op) else { return nil }
        return try normalizedAxes(raw, rank: rank, op: op)
    }

    private mutating func rawAxes(_ node: Onnx_NodeProto, op: String) throws -> [Int]? {
        if let attribute = node.attribute.first(where: { $0.name == "axes" }) {
            return attribute.ints.map { Int(clamping: $0) }
        }
        guard let input = try optionalOperand(node, 1) else { return nil }
        guard case .constant(let c) = input else { throw ONNXGraphError("\(op): axes must be a constant") }
        return try c.integers(what: "\(op): axes")
    }

    private func normalizedAxes(_ raw: [Int], rank: Int, op: String) throws -> Set<Int> {
        var result = Set<Int>()
        for axis in raw {
            let a = axis < 0 ? axis + rank : axis
            guard a >= 0, a < rank, result.insert(a).inserted else {
                throw ONNXGraphError("\(op): invalid or repeated axis \(axis) for rank \(rank)")
            }
        }
        return result
    }

    // MARK: Constants and attributes

    func constant(_ node: Onnx_NodeProto) throws -> ONNXValue {
        for attribute in node.attribute {
            switch attribute.name {
            case "value":
                do {
                    return .constant(try ONNXConstant(attribute.t))
                } catch let error as ONNXGraphError {
                    throw ONNXGraphError("Constant value: \(error.message)")
                }
            case "value_float":
                guard attribute.f.isFinite else { throw ONNXGraphError("Constant value is NaN or infinite") }
                return .constant(ONNXConstant(shape: [], values: [Double(attribute.f)], elementType: .float))
            case "value_floats":
                guard attribute.floats.allSatisfy(\.isFinite) else { throw ONNXGraphError("Constant value is NaN or infinite") }
                return .constant(ONNXConstant(shape: [attribute.floats.count], values: attribute.floats.map(Double.init), elementType: .float))
            case "value_int":
                return .constant(ONNXConstant(shape: [], values: [Double(attribute.i)], elementType: .int64))
            case "value_ints":
                return .constant(ONNXConstant(shape: [attribute.ints.count], values: attribute.ints.map(Double.init), elementType: .int64))
            default:
                continue
            }
        }
        throw ONNXGraphError("Constant: only tensor and numeric values are supported")
    }

    func int(_ node: Onnx_NodeProto, _ name: String, default value: Int) throws -> Int {
        guard let attribute = node.attribute.first(where: { $0.name == name }) else { return value }
        guard attribute.type == .int || (attribute.type == .undefined && attribute.hasI) else {
            throw ONNXGraphError("\(node.opType): attribute \(name) must be an integer")
        }
        return Int(clamping: attribute.i)
    }

    func float(_ node: Onnx_NodeProto, _ name: String, default value: Float) throws -> Float {
        guard let attribute = node.attribute.first(where: { $0.name == name }) else { return value }
        guard attribute.type == .float || (attribute.type == .undefined && attribute.hasF) else {
            throw ONNXGraphError("\(node.opType): attribute \(name) must be a float")
        }
        guard attribute.f.isFinite else { throw ONNXGraphError("\(node.opType): attribute \(name) is NaN or infinite") }
        return attribute.f
    }
}
