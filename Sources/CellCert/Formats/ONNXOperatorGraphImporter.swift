internal import ONNXProto

/// Turns an ONNX graph with convolutions, pooling, batch normalisation or
/// residual sums into a `GraphNetwork` (Docs/graph-networks.md), one
/// ``OperatorGraph`` node per operator that depends on the input.
///
/// It shares the chain importer's checks of the input, its evaluation order
/// and its reading of constants (`ONNXGraphImporter`); tensors that do not
/// depend on the input are folded into constants, and pure reshapes
/// (`Flatten`, `Reshape`, `Squeeze`, `Unsqueeze`, `Identity`, `Dropout`)
/// only relabel a node's shape.
struct ONNXOperatorGraphImporter {
    /// A tensor of the ONNX graph: a constant, or the output of a graph node viewed with a shape.
    enum Tensor {
        case constant(ONNXConstant)
        case node(Int, shape: [Int])

        var shape: [Int] {
            switch self {
            case .constant(let c): return c.shape
            case .node(_, let shape): return shape
            }
        }
    }

    /// The operators this importer understands, in the order error messages list them.
    static let supportedOperators = [
        "Conv", "ConvTranspose", "MaxPool", "AveragePool", "BatchNormalization", "Pad", "Transpose", "Dropout",
        "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu",
        "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Identity", "Constant",
    ]

    var base: ONNXGraphImporter
    var nodes: [OperatorGraph.Node]
    var tensors: [String: Tensor] = [:]
    /// How many nodes read each tensor name (a bias may be folded into its producer only when it has one reader).
    let readers: [String: Int]

    init(base: ONNXGraphImporter) {
        self.base = base
        nodes = [OperatorGraph.Node(operation: .input, operands: [], count: base.inputCount)]
        var readers: [String: Int] = [:]
        for node in base.graph.node { for name in node.input where !name.isEmpty { readers[name, default: 0] += 1 } }
        self.readers = readers
        guard case .input(let input)? = base.values[base.inputName] else { preconditionFailure("the base importer records the input") }
        tensors[base.inputName] = .node(0, shape: input.shape)
    }

    var file: String { base.file }

    /// The operator types the graph's output depends on that this importer does not know, in graph order.
    static func unsupportedOperators(in graph: Onnx_GraphProto, order: [Int]) -> [String] {
        var seen: [String] = []
        for index in order {
            let node = graph.node[index]
            let name = node.domain.isEmpty || node.domain == "ai.onnx" ? node.opType : "\(node.domain).\(node.opType)"
            if !supportedOperators.contains(name) || !(node.domain.isEmpty || node.domain == "ai.onnx") {
                let shown = ONNXGraphImporter.printable(name)
                if !seen.contains(shown) { seen.append(shown) }
            }
        }
        return seen
    }

    /// The network the graph computes.
    ///
    /// - Throws: `ModelFormatError` naming every unsupported operator at once, or
    ///   the node (index and name) whose attributes, shapes or values do not fit.
    mutating func network(decision: DecisionHead?) throws -> GraphNetwork {
        let graph = base.graph
        guard graph.output.count == 1 else {
            throw ModelFormatError(file: file, message: "the graph has \(graph.output.count) outputs; exactly one is supported")
        }
        let outputName = graph.output[0].name
        let order = try base.evaluationOrder(for: outputName)
        let unsupported = Self.unsupportedOperators(in: graph, order: order)
        guard unsupported.isEmpty else {
            throw ModelFormatError(file: file, message: "unsupported operator\(unsupported.count > 1 ? "s" : "") "
                                   + "\(unsupported.joined(separator: ", ")) (supported: \(Self.supportedOperators.joined(separator: ", ")))")
        }
        for index in order {
            let node = graph.node[index]
            do {
                guard !node.output.isEmpty, !node.output[0].isEmpty else {
                    throw ONNXGraphError("\(node.opType) has no output")
                }
                let extraOutputs = node.output.dropFirst().filter { !$0.isEmpty && readers[$0] != nil }
                guard extraOutputs.isEmpty else {
                    throw ONNXGraphError("\(node.opType): only the first output may be used (training outputs are not supported)")
                }
                tensors[node.output[0]] = try evaluate(node)
            } catch let error as ONNXGraphError {
                throw ModelFormatError(file: file, keyPath: base.location(of: index), message: error.message)
            } catch let error as NetworkError {
                throw ModelFormatError(file: file, keyPath: base.location(of: index), message: error.message)
            }
        }
        guard case .node(let last, _)? = tensors[outputName] else {
            throw ModelFormatError(file: file, message: "the graph output does not depend on the input")
        }
        guard last == nodes.count - 1 else {
            throw ModelFormatError(file: file, message: "the graph output is not the last operator computed")
        }
        do {
            let graph = try OperatorGraph(nodes: nodes)
            guard graph.parameterCount <= FormatLimits.maximumParameterCount else {
                throw NetworkError("the network has more than \(FormatLimits.describe(FormatLimits.maximumParameterCount)) parameters")
            }
            let head = decision ?? (graph.outputCount >= 2 ? .argmax : .threshold)
            guard case .input(let input)? = base.values[base.inputName] else { preconditionFailure("the input is recorded") }
            return try GraphNetwork(graph: graph, decision: head, inputShape: input.shape)
        } catch let error as NetworkError {
            throw ModelFormatError(file: file, wrapping: error)
        }
    }

    // MARK: Tensors

    /// Input `position` of `node`.
    mutating func operand(_ node: Onnx_NodeProto, _ position: Int) throws -> Tensor {
        guard position < node.input.count, !node.input[position].isEmpty else {
            throw ONNXGraphError("\(node.opType) needs input \(position + 1), which is missing")
        }
        let name = node.input[position]
        if let tensor = tensors[name] { return tensor }
        guard case .constant(let c) = try base.value(named: name) else {
            throw ONNXGraphError("input '\(ONNXGraphImporter.printable(name))' is unknown")
        }
        tensors[name] = .constant(c)
        return .constant(c)
    }

    /// Input `position` of `node`, or `nil` when absent or empty.
    mutating func optionalOperand(_ node: Onnx_NodeProto, _ position: Int) throws -> Tensor? {
        guard position < node.input.count, !node.input[position].isEmpty else { return nil }
        return try operand(node, position)
    }

    /// Input `position` of `node` as a constant.
    mutating func constantOperand(_ node: Onnx_NodeProto, _ position: Int, what: String) throws -> ONNXConstant {
        guard case .constant(let c) = try operand(node, position) else {
            throw ONNXGraphError("\(node.opType): \(what) must be a constant, not a tensor that depends on the input")
        }
        guard c.values.allSatisfy(\.isFinite) else { throw ONNXGraphError("\(node.opType): \(what) has a NaN or infinite value") }
        return c
    }

    /// Input `position` of `node` as a graph node (its index and shape).
    mutating func nodeOperand(_ node: Onnx_NodeProto, _ position: Int) throws -> (index: Int, shape: [Int]) {
        switch try operand(node, position) {
        case .node(let index, let shape): return (index, shape)
        case .constant:
            throw ONNXGraphError("\(node.opType) of constants only is not supported (its result would not depend on the input)")
        }
    }

    /// Appends a node and returns it as a tensor of `shape`.
    mutating func append(_ operation: GraphOperator, operands: [Int], shape: [Int]) throws -> Tensor {
        let count = try ONNXShape.count(shape)
        guard count > 0 else { throw ONNXGraphError("the result has no elements") }
        if case .affine(let a) = operation, !a.isFinite {
            throw ONNXGraphError("the folded operator has a NaN or infinite coefficient")
        }
        nodes.append(OperatorGraph.Node(operation: operation, operands: operands, count: count))
        return .node(nodes.count - 1, shape: shape)
    }
}
