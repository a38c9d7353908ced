internal import ONNXProto

/// The operators of `ONNXOperatorGraphImporter`, one method each.
extension ONNXOperatorGraphImporter {
    /// The tensor `node` computes.
    mutating func evaluate(_ node: Onnx_NodeProto) throws -> Tensor {
        switch node.opType {
        case "Conv": return try convolution(node, transposed: false)
        case "ConvTranspose": return try convolution(node, transposed: true)
        case "MaxPool": return try pooling(node, maximum: true)
        case "AveragePool": return try pooling(node, maximum: false)
        case "BatchNormalization": return try batchNormalization(node)
        case "Pad": return try pad(node)
        case "Transpose": return try transpose(node)
        case "Dropout", "Identity": return try operand(node, 0)
        case "Gemm": return try gemm(node)
        case "MatMul": return try matMul(node)
        case "Add", "Sub", "Mul", "Div": return try elementwise(node)
        case "Relu": return try relu(node)
        case "Flatten", "Reshape", "Squeeze", "Unsqueeze": return try reshape(node)
        case "Constant":
            guard case .constant(let c) = try base.constant(node) else { throw ONNXGraphError("Constant: unreadable value") }
            return .constant(c)
        default:
            throw ONNXGraphError("unsupported operator \(ONNXGraphImporter.printable(node.opType))")
        }
    }

    // MARK: Attributes

    private func ints(_ node: Onnx_NodeProto, _ name: String) throws -> [Int]? {
        guard let attribute = node.attribute.first(where: { $0.name == name }) else { return nil }
        guard attribute.type == .ints || attribute.type == .undefined else {
            throw ONNXGraphError("\(node.opType): attribute \(name) must be a list of integers")
        }
        return try attribute.ints.map { v in
            guard abs(v) < 1 << 31 else { throw ONNXGraphError("\(node.opType): attribute \(name) has an out-of-range value \(v)") }
            return Int(v)
        }
    }

    private func string(_ node: Onnx_NodeProto, _ name: String, default value: String) throws -> String {
        guard let attribute = node.attribute.first(where: { $0.name == name }) else { return value }
        guard attribute.type == .string || attribute.type == .undefined else {
            throw ONNXGraphError("\(node.opType): attribute \(name) must be a string")
        }
        return String(decoding: attribute.s, as: UTF8.self)
    }

    // MARK: Images

    /// The image extents of a `[1, C, H, W]` tensor.
    private func image(_ shape: [Int], _ op: String) throws -> ImageShape {
        guard shape.count == 4, shape[0] == 1 else {
            throw ONNXGraphError("\(op): input has shape \(ONNXShape.describe(shape)); only 2-D images [1, C, H, W] are supported")
        }
        return ImageShape(channels: shape[1], height: shape[2], width: shape[3])
    }

    /// The two spatial axes of a window operator from its attributes.
    private func spatialAxes(_ node: Onnx_NodeProto, kernel: [Int], input: ImageShape) throws -> (SpatialAxis, SpatialAxis) {
        let op = node.opType
        if let given = try ints(node, "kernel_shape"), given != kernel {
            throw ONNXGraphError("\(op): kernel_shape \(given) does not match the weights' \(kernel)")
        }
        let strides = try ints(node, "strides") ?? [1, 1]
        let dilations = try ints(node, "dilations") ?? [1, 1]
        var pads = try ints(node, "pads") ?? [0, 0, 0, 0]
        guard kernel.count == 2, strides.count == 2, dilations.count == 2, pads.count == 4 else {
            throw ONNXGraphError("\(op): kernel, strides, dilations and pads must describe 2 spatial axes")
        }
        guard kernel.allSatisfy({ $0 >= 1 }), strides.allSatisfy({ $0 >= 1 }), dilations.allSatisfy({ $0 >= 1 }),
              pads.allSatisfy({ $0 >= 0 }) else {
            throw ONNXGraphError("\(op): kernel, strides and dilations must be positive and pads non-negative")
        }
        switch try string(node, "auto_pad", default: "NOTSET") {
        case "NOTSET", "":
            break
        case "VALID":
            pads = [0, 0, 0, 0]
        case let mode where mode == "SAME_UPPER" || mode == "SAME_LOWER":
            for (axis, n) in [input.height, input.width].enumerated() {
                let out = (n + strides[axis] - 1) / strides[axis]
                let total = max((out - 1) * strides[axis] + (kernel[axis] - 1) * dilations[axis] + 1 - n, 0)
                let small = total / 2
                (pads[axis], pads[axis + 2]) = mode == "SAME_UPPER" ? (small, total - small) : (total - small, small)
            }
        case let mode:
            throw ONNXGraphError("\(op): auto_pad '\(ONNXGraphImporter.printable(mode))' is not supported")
        }
        return (SpatialAxis(kernel: kernel[0], stride: strides[0], padBegin: pads[0], padEnd: pads[2], dilation: dilations[0]),
                SpatialAxis(kernel: kernel[1], stride: strides[1], padBegin: pads[1], padEnd: pads[3], dilation: dilations[1]))
    }

    /// The bias of a per-channel constant (`Conv`'s `B`) repeated over every pixel.
    private func channelBias(_ values: [Double], planeSize: Int) -> [Double] {
        values.flatMap { Array(repeating: $0, count: planeSize) }
    }

    // MARK: Convolutions and pooling

    private mutating func convolution(_ node: Onnx_NodeProto, transposed: Bool) throws -> Tensor {
        let op = node.opType
        let x = try nodeOperand(node, 0)
        let input = try image(x.shape, op)
        let w = try constantOperand(node, 1, what: "the weight tensor W")
        let groups = try base.int(node, "group", default: 1)
        guard w.shape.count == 4 else {
            throw ONNXGraphError("\(op): W has shape \(ONNXShape.describe(w.shape)); only 2-D kernels are supported")
        }
        guard groups >= 1, input.channels % groups == 0 else {
            throw ONNXGraphError("\(op): group \(groups) does not divide the \(input.channels) input channels")
        }
        let kernel = [w.shape[2], w.shape[3]]
        let (rows, columns) = try spatialAxes(node, kernel: kernel, input: input)
        let map: SpatialConvolution
        if transposed {
            guard w.shape[0] == input.channels else {
                throw ONNXGraphError("\(op): W has shape \(ONNXShape.describe(w.shape)) for \(input.channels) input channels")
            }
            guard try ints(node, "output_shape") == nil else {
                throw ONNXGraphError("\(op): the output_shape attribute is not supported (give pads and output_padding)")
            }
            let extra = try ints(node, "output_padding") ?? [0, 0]
            guard extra.count == 2, extra.allSatisfy({ $0 >= 0 }) else { throw ONNXGraphError("\(op): invalid output_padding \(extra)") }
            map = SpatialConvolution.transposedConvolution(
                input: input, outputChannels: w.shape[1] * groups, groups: groups, weights: w.values,
                rows: rows, columns: columns, outputPadding: (extra[0], extra[1]))
        } else {
            guard w.shape[1] * groups == input.channels, w.shape[0] % groups == 0 else {
                throw ONNXGraphError("\(op): W has shape \(ONNXShape.describe(w.shape)) for \(input.channels) input channels in \(groups) group(s)")
            }
            map = SpatialConvolution.convolution(input: input, outputChannels: w.shape[0], groups: groups, weights: w.values,
                                                 rows: rows, columns: columns)
        }
        guard map.output.height > 0, map.output.width > 0 else {
            throw ONNXGraphError("\(op): the output of a \(input) input would be empty")
        }
        var bias: [Double]? = nil
        if try optionalOperand(node, 2) != nil {
            let b = try constantOperand(node, 2, what: "the bias B")
            guard b.values.count == map.output.channels else {
                throw ONNXGraphError("\(op): B has \(b.values.count) values for \(map.output.channels) output channels")
            }
            bias = channelBias(b.values, planeSize: map.output.planeSize)
        }
        return try append(.affine(AffineOperator(map: map, bias: bias)), operands: [x.index],
                          shape: [1, map.output.channels, map.output.height, map.output.width])
    }

    private mutating func pooling(_ node: Onnx_NodeProto, maximum: Bool) throws -> Tensor {
        let op = node.opType
        let x = try nodeOperand(node, 0)
        let input = try image(x.shape, op)
        guard let kernel = try ints(node, "kernel_shape") else { throw ONNXGraphError("\(op): kernel_shape is missing") }
        let (rows, columns) = try spatialAxes(node, kernel: kernel, input: input)
        let ceilMode = try base.int(node, "ceil_mode", default: 0) != 0
        let output: ImageShape
        let operation: GraphOperator
        if maximum {
            let windows = MaxPoolWindows(input: input, rows: rows, columns: columns, ceilMode: ceilMode)
            guard windows.taps.allSatisfy({ !$0.isEmpty }) else { throw ONNXGraphError("\(op): a window lies entirely in the padding") }
            (output, operation) = (windows.output, .maxPool(windows))
        } else {
            let includePad = try base.int(node, "count_include_pad", default: 0) != 0
            let pool = AveragePooling(input: input, rows: rows, columns: columns, ceilMode: ceilMode, countIncludePad: includePad)
            guard pool.taps.allSatisfy({ !$0.isEmpty }) else { throw ONNXGraphError("\(op): a window lies entirely in the padding") }
            (output, operation) = (pool.output, .affine(AffineOperator(map: pool, bias: nil)))
        }
        guard output.height > 0, output.width > 0 else { throw ONNXGraphError("\(op): the output of a \(input) input would be empty") }
        return try append(operation, operands: [x.index], shape: [1, output.channels, output.height, output.width])
    }

    /// Inference-mode batch normalisation, folded per channel into
    /// `y = a_c x + b_c` with `a_c = γ_c / √(σ²_c + ε)` and `b_c = β_c − μ_c a_c`,
    /// `ε` the float32 the file stores, read exactly.
    private mutating func batchNormalization(_ node: Onnx_NodeProto) throws -> Tensor {
        let op = node.opType
        let x = try nodeOperand(node, 0)
        guard x.shape.count >= 2, x.shape[0] == 1 else {
            throw ONNXGraphError("\(op): input has shape \(ONNXShape.describe(x.shape)); expected [1, C, …]")
        }
        guard try base.int(node, "training_mode", default: 0) == 0 else {
            throw ONNXGraphError("\(op): training mode is not supported (export the model for inference)")
        }
        let channels = x.shape[1]
        let parameters = try (1...4).map { try constantOperand(node, $0, what: ["the scale", "the bias B", "the mean", "the variance"][$0 - 1]) }
        for (k, p) in parameters.enumerated() where p.values.count != channels {
            throw ONNXGraphError("\(op): input \(k + 2) has \(p.values.count) values for \(channels) channels")
        }
        let epsilon = Double(try base.float(node, "epsilon", default: 1e-5))
        let (scale, shift, mean, variance) = (parameters[0].values, parameters[1].values, parameters[2].values, parameters[3].values)
        var factors: [Double] = [], offsets: [Double] = []
        for c in 0..<channels {
            guard variance[c] + epsilon > 0 else { throw ONNXGraphError("\(op): channel \(c) has variance + epsilon ≤ 0") }
            let a = scale[c] / (variance[c] + epsilon).squareRoot()
            factors.append(a)
            offsets.append(shift[c] - mean[c] * a)
        }
        let plane = x.shape.dropFirst(2).reduce(1, *)
        return try append(.affine(AffineOperator(map: ElementwiseScale(factors: channelBias(factors, planeSize: plane), divides: false),
                                                 bias: channelBias(offsets, planeSize: plane))),
                          operands: [x.index], shape: x.shape)
    }

    // MARK: Copies

    private mutating func pad(_ node: Onnx_NodeProto) throws -> Tensor {
        let op = node.opType
        let x = try nodeOperand(node, 0)
        guard try string(node, "mode", default: "constant") == "constant" else {
            throw ONNXGraphError("\(op): only mode 'constant' is supported")
        }
        let rank = x.shape.count
        var pads: [Int]
        var value = 0.0
        if let attribute = try ints(node, "pads") {
            pads = attribute
            value = Double(try base.float(node, "value", default: 0))
        } else {
            pads = try constantOperand(node, 1, what: "pads").integers(what: "\(op): pads")
            if try optionalOperand(node, 2) != nil {
                let v = try constantOperand(node, 2, what: "the constant value")
                guard v.values.count == 1 else { throw ONNXGraphError("\(op): the constant value must be a scalar") }
                value = v.values[0]
            }
            guard try optionalOperand(node, 3) == nil else { throw ONNXGraphError("\(op): the axes input is not supported") }
        }
        guard pads.count == 2 * rank else { throw ONNXGraphError("\(op): \(pads.count) pads for rank \(rank)") }
        if pads.allSatisfy({ $0 == 0 }) { return .node(x.index, shape: x.shape) }
        let shape = (0..<rank).map { x.shape[$0] + pads[$0] + pads[$0 + rank] }
        guard shape.allSatisfy({ $0 > 0 }) else { throw ONNXGraphError("\(op): the pads leave no elements") }
        let count = try ONNXShape.count(shape)
        let inputStrides = ONNXShape.strides(x.shape)
        var source: [Int?] = []
        source.reserveCapacity(count)
        var index = [Int](repeating: 0, count: rank)
        for _ in 0..<count {
            var flat: Int? = 0
            for axis in 0..<rank {
                let i = index[axis] - pads[axis]
                if i < 0 || i >= x.shape[axis] { flat = nil; break }
                flat! += i * inputStrides[axis]
            }
            source.append(flat)
            var axis = rank - 1
            while axis >= 0 { index[axis] += 1; if index[axis] < shape[axis] { break }; index[axis] = 0; axis -= 1 }
        }
        let bias: [Double]? = value == 0 ? nil : source.map { $0 == nil ? value : 0 }
        return try append(.affine(AffineOperator(map: IndexMap(source: source, inputCount: try ONNXShape.count(x.shape)), bias: bias)),
                          operands: [x.index], shape: shape)
    }

    private mutating func transpose(_ node: Onnx_NodeProto) throws -> Tensor {
        let tensor = try operand(node, 0)
        let rank = tensor.shape.count
        let perm = try ints(node, "perm") ?? Array((0..<rank).reversed())
        guard perm.sorted() == Array(0..<rank) else { throw ONNXGraphError("Transpose: perm \(perm) is not a permutation of 0..<\(rank)") }
        let shape = perm.map { tensor.shape[$0] }
        let count = try ONNXShape.count(shape)
        let inputStrides = ONNXShape.strides(tensor.shape)
        var source: [Int] = []
        source.reserveCapacity(count)
        var index = [Int](repeating: 0, count: rank)
        for _ in 0..<count {
            source.append((0..<rank).reduce(0) { $0 + index[$1] * inputStrides[perm[$1]] })
            var axis = rank - 1
            while axis >= 0 { index[axis] += 1; if index[axis] < shape[axis] { break }; index[axis] = 0; axis -= 1 }
        }
        switch tensor {
        case .constant(let c):
            return .constant(ONNXConstant(shape: shape, values: source.map { c.values[$0] }, elementType: c.elementType))
        case .node(let index, _):
            if source == Array(0..<count) { return .node(index, shape: shape) }
            return try append(.affine(AffineOperator(map: IndexMap(source: source, inputCount: count), bias: nil)),
                              operands: [index], shape: shape)
        }
    }

    private mutating func reshape(_ node: Onnx_NodeProto) throws -> Tensor {
        let tensor = try operand(node, 0)
        let shape = tensor.shape
        let count = try ONNXShape.count(shape)
        var target: [Int]
        switch node.opType {
        case "Flatten":
            var axis = try base.int(node, "axis", default: 1)
            if axis < 0 { axis += shape.count }
            guard (0...shape.count).contains(axis) else { throw ONNXGraphError("Flatten: axis out of range for rank \(shape.count)") }
            target = [shape[..<axis].reduce(1, *), shape[axis...].reduce(1, *)]
        case "Reshape":
            let requested = try constantOperand(node, 1, what: "the target shape").integers(what: "Reshape: target shape entries")
            let allowZero = try base.int(node, "allowzero", default: 0) != 0
            target = try requested.enumerated().map { axis, extent in
                if extent == 0 && !allowZero {
                    guard axis < shape.count else { throw ONNXGraphError("Reshape: 0 at axis \(axis) beyond the input's rank") }
                    return shape[axis]
                }
                guard extent >= -1 else { throw ONNXGraphError("Reshape: invalid extent \(extent)") }
                return extent
            }
            if let inferred = target.firstIndex(of: -1) {
                guard target.filter({ $0 == -1 }).count == 1 else { throw ONNXGraphError("Reshape: more than one -1 in the target shape") }
                let known = target.filter { $0 != -1 }.reduce(1, *)
                guard known > 0, count % known == 0 else {
                    throw ONNXGraphError("Reshape: cannot reshape \(ONNXShape.describe(shape)) to \(ONNXShape.describe(requested))")
                }
                target[inferred] = count / known
            }
        default:
            // Squeeze / Unsqueeze: axes from the attribute (opset < 13) or input 2.
            var axes = try ints(node, "axes")
            if axes == nil, try optionalOperand(node, 1) != nil {
                axes = try constantOperand(node, 1, what: "axes").integers(what: "\(node.opType): axes")
            }
            if node.opType == "Squeeze" {
                let rank = shape.count
                let chosen = Set((axes ?? shape.indices.filter { shape[$0] == 1 }).map { $0 < 0 ? $0 + rank : $0 })
                guard chosen.allSatisfy({ (0..<rank).contains($0) && shape[$0] == 1 }) else {
                    throw ONNXGraphError("Squeeze: axes \(axes ?? []) are not extents of 1 in \(ONNXShape.describe(shape))")
                }
                target = shape.indices.filter { !chosen.contains($0) }.map { shape[$0] }
            } else {
                guard let axes else { throw ONNXGraphError("Unsqueeze: axes are missing") }
                let rank = shape.count + axes.count
                let chosen = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
                guard chosen.count == axes.count, chosen.allSatisfy({ (0..<rank).contains($0) }) else {
                    throw ONNXGraphError("Unsqueeze: invalid axes \(axes) for rank \(rank)")
                }
                var remaining = shape[...]
                target = (0..<rank).map { chosen.contains($0) ? 1 : remaining.removeFirst() }
            }
        }
        guard try ONNXShape.count(target) == count else {
            throw ONNXGraphError("\(node.opType): cannot reshape \(ONNXShape.describe(shape)) to \(ONNXShape.describe(target))")
        }
        switch tensor {
        case .constant(let c): return .constant(c.reshaped(target))
        case .node(let index, _): return .node(index, shape: target)
        }
    }

    // MARK: Linear algebra

    /// A `[1, k]` (or `[k]`, leading extents of 1) node times a constant `[k, n]`: a dense node.
    private mutating func dense(_ x: (index: Int, shape: [Int]), _ w: [[Double]], bias: [Double]?, op: String) throws -> Tensor {
        let k = x.shape.last ?? 0
        guard x.shape.dropLast().allSatisfy({ $0 == 1 }), k == w.count, let n = w.first?.count, n > 0 else {
            throw ONNXGraphError("\(op): a \(ONNXShape.describe(x.shape)) input times a \(w.count)×\(w.first?.count ?? 0) matrix is not supported "
                                 + "(the input must be one row)")
        }
        try ONNXShape.checkMatrix(rows: n, columns: k, what: "\(op) weights")
        var weights = Matrix(rows: n, columns: k)
        for i in 0..<k { for j in 0..<n { weights[j, i] = w[i][j] } }
        return try append(.affine(AffineOperator(map: DenseMap(weights: weights), bias: bias)), operands: [x.index],
                          shape: Array(x.shape.dropLast()) + [n])
    }

    /// The rows of a 2-D constant (`transposed`: of its transpose).
    private func matrixRows(_ c: ONNXConstant, transposed: Bool) -> [[Double]] {
        let (r, s) = (c.shape[0], c.shape[1])
        return transposed ? (0..<s).map { j in (0..<r).map { c.values[$0 * s + j] } }
                          : (0..<r).map { i in Array(c.values[(i * s)..<((i + 1) * s)]) }
    }

    private mutating func matMul(_ node: Onnx_NodeProto) throws -> Tensor {
        let x = try nodeOperand(node, 0)
        let w = try constantOperand(node, 1, what: "the second operand")
        guard w.shape.count == 2 else { throw ONNXGraphError("MatMul: the constant has shape \(ONNXShape.describe(w.shape)); expected 2-D") }
        return try dense(x, matrixRows(w, transposed: false), bias: nil, op: "MatMul")
    }

    private mutating func gemm(_ node: Onnx_NodeProto) throws -> Tensor {
        let alpha = Double(try base.float(node, "alpha", default: 1)), beta = Double(try base.float(node, "beta", default: 1))
        var x = try nodeOperand(node, 0)
        let b = try constantOperand(node, 1, what: "B")
        guard x.shape.count == 2, b.shape.count == 2 else { throw ONNXGraphError("Gemm: A and B must be 2-D") }
        if try base.int(node, "transA", default: 0) != 0 {
            guard x.shape[1] == 1 else { throw ONNXGraphError("Gemm: a transposed input must be one column") }
            x.shape = [1, x.shape[0]]
        }
        var rows = matrixRows(b, transposed: try base.int(node, "transB", default: 0) != 0)
        if alpha != 1 { rows = rows.map { $0.map { $0 * alpha } } }
        var bias: [Double]? = nil
        if try optionalOperand(node, 2) != nil {
            let c = try constantOperand(node, 2, what: "C")
            let n = rows.first?.count ?? 0
            guard let shape = try? ONNXShape.broadcast(c.shape, [1, n]), shape == [1, n] else {
                throw ONNXGraphError("Gemm: C has shape \(ONNXShape.describe(c.shape)), which does not broadcast to [1, \(n)]")
            }
            bias = c.broadcastValues(to: [1, n]).map { $0 * beta }
        }
        return try dense(x, rows, bias: bias, op: "Gemm")
    }

    private mutating func relu(_ node: Onnx_NodeProto) throws -> Tensor {
        switch try operand(node, 0) {
        case .constant(let c): return .constant(c.mapValues { max($0, 0) })
        case .node(let index, let shape): return try append(.relu, operands: [index], shape: shape)
        }
    }

    /// `Add`, `Sub`, `Mul`, `Div`: of two nodes (a residual sum), of a node and a
    /// constant (an elementwise affine node, or a bias folded into the operator
    /// that computes the node when nothing else reads it), or of two constants.
    private mutating func elementwise(_ node: Onnx_NodeProto) throws -> Tensor {
        let op = node.opType
        let a = try operand(node, 0), b = try operand(node, 1)
        switch (a, b) {
        case (.constant(let x), .constant(let y)):
            let function: (Double, Double) -> Double = switch op {
            case "Add": { $0 + $1 }
            case "Sub": { $0 - $1 }
            case "Mul": { $0 * $1 }
            default: { $0 / $1 }
            }
            return .constant(try x.combined(with: y, as: ONNXElementType.common(x.elementType, y.elementType) ?? .double, function))
        case (.node(let i, let s), .node(let j, let t)):
            guard s == t else {
                throw ONNXGraphError("\(op) of tensors of shapes \(ONNXShape.describe(s)) and \(ONNXShape.describe(t)) (broadcasting two network tensors is not supported)")
            }
            switch op {
            case "Add": return try append(.sum, operands: [i, j], shape: s)
            case "Sub":
                let count = try ONNXShape.count(t)
                guard case .node(let negated, _) = try append(
                    .affine(AffineOperator(map: ElementwiseScale(factors: Array(repeating: -1, count: count), divides: false), bias: nil)),
                    operands: [j], shape: t) else { preconditionFailure("append returns a node") }
                return try append(.sum, operands: [i, negated], shape: s)
            default:
                throw ONNXGraphError("\(op) of two tensors that both depend on the input is not linear")
            }
        case (.node(let i, let s), .constant(let c)), (.constant(let c), .node(let i, let s)):
            let nodeFirst: Bool
            if case .node = a { nodeFirst = true } else { nodeFirst = false }
            guard let shape = try? ONNXShape.broadcast(s, c.shape), shape == s else {
                throw ONNXGraphError("\(op): the constant of shape \(ONNXShape.describe(c.shape)) does not broadcast to \(ONNXShape.describe(s))")
            }
            guard c.values.allSatisfy(\.isFinite) else { throw ONNXGraphError("\(op): the constant has a NaN or infinite value") }
            let values = c.broadcastValues(to: s)
            switch (op, nodeFirst) {
            case ("Add", _): return try shifted(node: i, shape: s, by: values, name: node.input[nodeFirst ? 0 : 1])
            case ("Sub", true): return try shifted(node: i, shape: s, by: values.map { -$0 }, name: node.input[0])
            case ("Sub", false):
                return try append(.affine(AffineOperator(map: ElementwiseScale(factors: values.map { _ in -1 }, divides: false), bias: values)),
                                  operands: [i], shape: s)
            case ("Mul", _):
                return try append(.affine(AffineOperator(map: ElementwiseScale(factors: values, divides: false), bias: nil)),
                                  operands: [i], shape: s)
            case ("Div", true):
                guard !values.contains(0) else { throw ONNXGraphError("Div: division by zero") }
                return try append(.affine(AffineOperator(map: ElementwiseScale(factors: values, divides: true), bias: nil)),
                                  operands: [i], shape: s)
            default:
                throw ONNXGraphError("Div by a tensor that depends on the input is not linear")
            }
        }
    }

    /// `node + values`: folded into the node's operator when it is an affine map
    /// without a bias that nothing else reads (a `MatMul` then `Add`, as exporters
    /// write a dense layer: the same arithmetic), else a new node.
    private mutating func shifted(node i: Int, shape: [Int], by values: [Double], name: String) throws -> Tensor {
        let aliases = tensors.filter { if case .node(i, _) = $0.value { return true } else { return false } }.map(\.key)
        let reads = aliases.reduce(0) { $0 + (readers[$1] ?? 0) }
        if i == nodes.count - 1, reads == 1, case .affine(let op) = nodes[i].operation, op.bias == nil {
            nodes[i] = OperatorGraph.Node(operation: .affine(AffineOperator(map: op.map, bias: values)), operands: nodes[i].operands,
                                          count: nodes[i].count)
            return .node(i, shape: shape)
        }
        return try append(.affine(AffineOperator(map: ElementwiseScale(factors: values.map { _ in 1 }, divides: false), bias: values)),
                          operands: [i], shape: shape)
    }
}
