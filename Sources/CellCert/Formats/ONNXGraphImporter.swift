internal import ONNXProto

/// Turns the graph of an ONNX model into a `Network` (see `ONNXFormat`).
///
/// The graph is walked from its single input in topological order, visiting
/// only the nodes the output depends on. Every tensor is an `ONNXValue`: a
/// constant, the (normalised) input, or an affine function of the current
/// stage input. A `Relu` closes the current stage: its argument's affine map
/// becomes a `DenseLayer` and the ReLU's output is the next stage input. The
/// graph output's affine map becomes the last, linear layer.
struct ONNXGraphImporter {
    /// The file name for error messages.
    let file: String
    let graph: Onnx_GraphProto
    /// Initializers by name, decoded on first use.
    private let initializers: [String: Onnx_TensorProto]
    /// Every tensor computed so far, by name.
    var values: [String: ONNXValue] = [:]
    /// The layers closed by a `Relu` so far.
    var layers: [DenseLayer] = []
    /// The input transform, fixed the first time the input enters an affine map.
    var inputTransform: InputTransform?
    /// The name of the graph input.
    let inputName: String
    /// The number of input values `d`.
    let inputCount: Int

    /// Prepares the import of `model`'s graph.
    ///
    /// - Throws: `ModelFormatError` when the model has no graph, not exactly one
    ///   non-initializer input or one output, or an input shape that is not a
    ///   fixed-size float tensor (a symbolic leading batch extent counts as 1)
    ///   of at most `FormatLimits.maximumInputCount` elements (checked before
    ///   anything of that size is allocated).
    init(model: Onnx_ModelProto, file: String) throws {
        self.file = file
        guard model.hasGraph else { throw ModelFormatError(file: file, message: "the model has no graph") }
        graph = model.graph
        var initializers: [String: Onnx_TensorProto] = [:]
        for tensor in graph.initializer { initializers[tensor.name] = tensor }
        self.initializers = initializers

        let inputs = graph.input.filter { initializers[$0.name] == nil }
        guard inputs.count == 1 else {
            let names = inputs.map { "'\(ONNXGraphImporter.printable($0.name))'" }.joined(separator: ", ")
            throw ModelFormatError(file: file, message: "the graph has \(inputs.count) inputs besides initializers (\(names)); exactly one is supported")
        }
        let input = inputs[0]
        inputName = input.name
        let label = "input '\(ONNXGraphImporter.printable(input.name))'"
        guard case .tensorType(let type)? = input.type.value else {
            throw ModelFormatError(file: file, message: "\(label) is not a tensor")
        }
        guard type.elemType == Int32(Onnx_TensorProto.DataType.float.rawValue)
            || type.elemType == Int32(Onnx_TensorProto.DataType.double.rawValue) else {
            throw ModelFormatError(file: file, message: "\(label) has element type \(type.elemType); only float and double inputs are supported")
        }
        guard type.hasShape else { throw ModelFormatError(file: file, message: "\(label) has no shape") }
        let dims = type.shape.dim
        var shape: [Int] = []
        for (axis, dim) in dims.enumerated() {
            switch dim.value {
            case .dimValue(let v)? where v > 0 && v <= Int64(ONNXShape.maximumElementCount):
                shape.append(Int(v))
            case .dimValue(let v)? where v != 0:
                throw ModelFormatError(file: file, message: "\(label) has an invalid extent \(v) on axis \(axis)")
            default:
                // Symbolic or unknown: only a leading batch axis, taken as 1.
                guard axis == 0, dims.count >= 2 else {
                    throw ModelFormatError(file: file, message: "\(label) has a symbolic or unknown extent on axis \(axis); only a leading batch axis may be symbolic")
                }
                shape.append(1)
            }
        }
        do {
            inputCount = try ONNXShape.count(shape)
        } catch let error as ONNXGraphError {
            throw ModelFormatError(file: file, message: "\(label): \(error.message)")
        }
        guard inputCount > 0 else { throw ModelFormatError(file: file, message: "\(label) has no elements") }
        guard inputCount <= FormatLimits.maximumInputCount else {
            throw ModelFormatError(file: file, message: "\(label) has shape \(ONNXShape.describe(shape)), \(inputCount) elements, "
                                   + "more than the limit of \(FormatLimits.describe(FormatLimits.maximumInputCount)) inputs")
        }
        values[input.name] = .input(ONNXNormalizedInput(shape: shape))
    }

    /// The network computed by the graph.
    ///
    /// - Parameter decision: the head; `nil` means `argmax` for two or more
    ///   outputs and `threshold` for one.
    /// - Throws: `ModelFormatError` naming the node (index and name) for an
    ///   unsupported operator or graph structure, wrong shapes, operand
    ///   element types that do not match, a result with an infinite or NaN
    ///   coefficient, or bad data.
    mutating func network(decision: DecisionHead?) throws -> Network {
        guard graph.output.count == 1 else {
            throw ModelFormatError(file: file, message: "the graph has \(graph.output.count) outputs; exactly one is supported")
        }
        let outputName = graph.output[0].name
        for index in try evaluationOrder(for: outputName) {
            let node = graph.node[index]
            do {
                guard node.output.count == 1, !node.output[0].isEmpty else {
                    throw ONNXGraphError("\(node.opType) has \(node.output.count) outputs; operators with one output are supported")
                }
                let value = try evaluate(node)
                guard value.isFinite else {
                    throw ONNXGraphError("\(node.opType): the result has an infinite or NaN coefficient "
                                         + "(a folded weight or constant overflows Double)")
                }
                values[node.output[0]] = value
            } catch let error as ONNXGraphError {
                throw ModelFormatError(file: file, keyPath: location(of: index), message: error.message)
            }
        }
        do {
            let output = try value(named: outputName)
            guard let last = try affine(output) else { throw ONNXGraphError("the graph output does not depend on the input") }
            guard last.stage == layers.count else {
                throw ONNXGraphError("the graph output bypasses a ReLU (only chains of layers are supported)")
            }
            guard last.elementCount > 0 else { throw ONNXGraphError("the graph output has no elements") }
            try appendLayer(from: last)
        } catch let error as ONNXGraphError {
            throw ModelFormatError(file: file, message: error.message)
        }
        let outputs = layers[layers.count - 1].outputCount
        let transform = inputTransform.flatMap { $0.isIdentity ? nil : $0 }
        do {
            return try Network(layers: layers, decision: decision ?? (outputs >= 2 ? .argmax : .threshold),
                               inputTransform: transform)
        } catch let error as NetworkError {
            throw ModelFormatError(file: file, wrapping: error)
        }
    }

    // MARK: Graph order

    /// Indices of the nodes the tensor `outputName` depends on, each after the
    /// nodes producing its inputs.
    func evaluationOrder(for outputName: String) throws -> [Int] {
        var producer: [String: Int] = [:]
        for (index, node) in graph.node.enumerated() {
            for name in node.output where !name.isEmpty {
                guard producer[name] == nil else {
                    throw ModelFormatError(file: file, keyPath: location(of: index),
                                           message: "tensor '\(Self.printable(name))' is also produced by node \(producer[name]!)")
                }
                producer[name] = index
            }
        }
        guard values[outputName] != nil || initializers[outputName] != nil || producer[outputName] != nil else {
            throw ModelFormatError(file: file, message: "the graph output '\(Self.printable(outputName))' is not computed by any node")
        }
        // Iterative depth-first search; state 1 = on the stack, 2 = done.
        var state = [UInt8](repeating: 0, count: graph.node.count)
        var order: [Int] = []
        var stack: [(node: Int, next: Int)] = []
        if let root = producer[outputName] { stack.append((root, 0)); state[root] = 1 }
        while let (index, next) = stack.last {
            let inputs = graph.node[index].input
            if next == inputs.count {
                stack.removeLast()
                state[index] = 2
                order.append(index)
                continue
            }
            stack[stack.count - 1].next += 1
            let name = inputs[next]
            if name.isEmpty || values[name] != nil || initializers[name] != nil { continue }
            guard let source = producer[name] else {
                throw ModelFormatError(file: file, keyPath: location(of: index),
                                       message: "input '\(Self.printable(name))' is neither the graph input, an initializer nor a node's output")
            }
            switch state[source] {
            case 0:
                state[source] = 1
                stack.append((source, 0))
            case 1:
                throw ModelFormatError(file: file, keyPath: location(of: index), message: "the graph has a cycle")
            default:
                break
            }
        }
        return order
    }

    /// "node 3 'Gemm_2'" (or "node 3" for an unnamed node): the 0-based index in the graph.
    func location(of index: Int) -> String {
        let name = graph.node[index].name
        return name.isEmpty ? "node \(index)" : "node \(index) '\(Self.printable(name))'"
    }

    /// `text` made safe for a one-line message: control characters become `?`,
    /// and long names are cut to 80 characters.
    static func printable(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return cleaned.count > 80 ? String(cleaned.prefix(80)) + "…" : cleaned
    }

    // MARK: Values

    /// The value of input `position` of `node`.
    ///
    /// - Throws: when the node has no such input or it is unknown.
    mutating func operand(_ node: Onnx_NodeProto, _ position: Int) throws -> ONNXValue {
        guard position < node.input.count, !node.input[position].isEmpty else {
            throw ONNXGraphError("\(node.opType) needs input \(position + 1), which is missing")
        }
        return try value(named: node.input[position])
    }

    /// The value of input `position` of `node`, or `nil` when it is absent or empty.
    mutating func optionalOperand(_ node: Onnx_NodeProto, _ position: Int) throws -> ONNXValue? {
        guard position < node.input.count, !node.input[position].isEmpty else { return nil }
        return try value(named: node.input[position])
    }

    /// The value named `name`, decoding an initializer on first use.
    mutating func value(named name: String) throws -> ONNXValue {
        if let value = values[name] { return value }
        guard let tensor = initializers[name] else {
            throw ONNXGraphError("input '\(Self.printable(name))' is unknown")
        }
        do {
            let value = ONNXValue.constant(try ONNXConstant(tensor))
            values[name] = value
            return value
        } catch let error as ONNXGraphError {
            throw ONNXGraphError("initializer '\(Self.printable(name))': \(error.message)")
        }
    }

    /// `value` as an affine function of the current stage input, or `nil` for a constant.
    ///
    /// The first time the (normalised) input becomes affine, its normalisation
    /// becomes the network's input transform and the tensor is the identity;
    /// later, a differently normalised view of the input becomes the diagonal
    /// map `(s₁/s₂) x' + (m₁ − m₂)/s₂` in terms of the transformed input `x'`.
    ///
    /// - Throws: when the input is used after a ReLU (a skip connection).
    mutating func affine(_ value: ONNXValue) throws -> ONNXAffineTensor? {
        switch value {
        case .constant:
            return nil
        case .affine(let a):
            return a
        case .input(let n):
            guard layers.isEmpty else {
                throw ONNXGraphError("the network input is used after a ReLU (skip connections are not supported)")
            }
            guard let chosen = inputTransform else {
                inputTransform = n.transform
                return .identity(shape: n.shape, stage: 0)
            }
            if chosen == n.transform { return .identity(shape: n.shape, stage: 0) }
            let factors = (0..<inputCount).map { chosen.scale[$0] / n.scale[$0] }
            let offsets = (0..<inputCount).map { (chosen.mean[$0] - n.mean[$0]) / n.scale[$0] }
            return ONNXAffineTensor.identity(shape: n.shape, stage: 0).scaled(by: factors).shifted(by: offsets)
        }
    }

    /// Appends the dense layer computing `tensor` from its stage input.
    ///
    /// - Throws: when the network's parameters would exceed
    ///   `FormatLimits.maximumParameterCount` (checked before the weight
    ///   matrix is allocated: a few bytes of graph can describe a dense layer
    ///   built from an identity).
    mutating func appendLayer(from tensor: ONNXAffineTensor) throws {
        let sizes = [layers.first?.inputCount ?? tensor.inputCount] + layers.map(\.outputCount) + [tensor.elementCount]
        guard let total = FormatLimits.parameterCount(layerSizes: sizes), total <= FormatLimits.maximumParameterCount else {
            throw ONNXGraphError("a \(tensor.elementCount) × \(tensor.inputCount) layer would bring the network past the limit of "
                                 + "\(FormatLimits.describe(FormatLimits.maximumParameterCount)) parameters")
        }
        layers.append(DenseLayer(weights: tensor.denseMatrix, bias: tensor.bias))
    }
}
