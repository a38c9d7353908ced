/// A feed-forward network: an optional input normalisation, affine layers with
/// a hidden activation between them, a linear last layer, an optional output
/// de-normalisation and a decision head (Docs/theory.md §1).
///
/// Every instance is valid: the initializer checks shapes, finiteness and the
/// head, so the geometry never has to.
public struct Network: Equatable, Sendable {
    /// Optional normalisation `x' = (x − mean) / scale` before the first layer.
    public let inputTransform: InputTransform?
    /// The affine layers; all but the last are followed by their activation.
    public let layers: [DenseLayer]
    /// The activation after each hidden layer (`layers.count − 1` entries).
    public let hiddenActivations: [HiddenActivation]
    /// Optional de-normalisation of the raw outputs.
    public let outputTransform: OutputTransform?
    /// How outputs become a class.
    public let decision: DecisionHead
    /// Optional input domain (e.g. pixels in `[0, 1]^d`), in raw input units.
    public let domain: InputBox?
    /// The first layer's rows of every cell (`cell(for:)`), built once here.
    let firstLayerRows: FirstLayerRows

    /// A validated network.
    ///
    /// - Throws: `NetworkError` when there is no layer, shapes do not chain,
    ///   a parameter is NaN or infinite, a scale is not positive, the output
    ///   transform's scale is zero, or `threshold` is used with more than one output.
    public init(
        layers: [DenseLayer],
        hiddenActivations: [HiddenActivation]? = nil,
        decision: DecisionHead,
        inputTransform: InputTransform? = nil,
        outputTransform: OutputTransform? = nil,
        domain: InputBox? = nil
    ) throws {
        guard let first = layers.first, let last = layers.last else {
            throw NetworkError("the network has no layers")
        }
        let activations = hiddenActivations ?? Array(repeating: .relu, count: layers.count - 1)
        guard activations.count == layers.count - 1 else {
            throw NetworkError("\(activations.count) hidden activations for \(layers.count - 1) hidden layers")
        }
        let d = first.inputCount
        guard d > 0 else { throw NetworkError("the input dimension is 0") }
        for (l, layer) in layers.enumerated() {
            guard layer.outputCount > 0 else { throw NetworkError("layer \(l + 1) has no units") }
            if l > 0, layer.inputCount != layers[l - 1].outputCount {
                throw NetworkError("layer \(l + 1) takes \(layer.inputCount) inputs but layer \(l) has \(layers[l - 1].outputCount) units")
            }
            guard layer.weights.isFinite else { throw NetworkError("layer \(l + 1) has a NaN or infinite weight") }
            guard layer.bias.allSatisfy(\.isFinite) else { throw NetworkError("layer \(l + 1) has a NaN or infinite bias") }
        }
        if decision == .threshold, last.outputCount != 1 {
            throw NetworkError("decision 'threshold' needs one output unit, the network has \(last.outputCount)")
        }
        if decision != .threshold, last.outputCount < 2 {
            throw NetworkError("decision '\(decision.rawValue)' needs at least two outputs, the network has \(last.outputCount)")
        }
        if let t = inputTransform {
            guard t.mean.count == d else { throw NetworkError("input transform has \(t.mean.count) entries for \(d) inputs") }
            guard t.mean.allSatisfy(\.isFinite) else { throw NetworkError("input transform has a NaN or infinite mean") }
            guard t.scale.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw NetworkError("input transform scales must be finite and positive")
            }
        }
        if let o = outputTransform {
            guard o.mean.isFinite, o.scale.isFinite, o.scale != 0 else {
                throw NetworkError("output transform must be finite with a non-zero scale")
            }
        }
        if let box = domain {
            guard box.dimension == d else { throw NetworkError("domain has \(box.dimension) coordinates for \(d) inputs") }
            for i in 0..<d {
                guard box.lower[i].isFinite, box.upper[i].isFinite else { throw NetworkError("domain bound \(i) is NaN or infinite") }
                guard box.lower[i] <= box.upper[i] else { throw NetworkError("domain bound \(i): lower \(box.lower[i]) > upper \(box.upper[i])") }
            }
        }
        self.layers = layers
        self.hiddenActivations = activations
        self.decision = decision
        self.inputTransform = inputTransform
        self.outputTransform = outputTransform
        self.domain = domain
        self.firstLayerRows = FirstLayerRows(first, transform: inputTransform)
    }

    /// The input dimension `d`.
    public var inputDimension: Int { layers[0].inputCount }
    /// Number of outputs of the last layer.
    public var outputCount: Int { layers[layers.count - 1].outputCount }
    /// Units per hidden layer (`n_1 … n_{L−1}`).
    public var hiddenLayerSizes: [Int] { layers.dropLast().map(\.outputCount) }
    /// All layer widths, input first: `[d, n_1, …, n_{L−1}, K]`.
    public var layerSizes: [Int] { [inputDimension] + layers.map(\.outputCount) }
    /// Number of hidden units `Σ n_l`.
    public var hiddenUnitCount: Int { hiddenLayerSizes.reduce(0, +) }
    /// Number of classes the decision head can return.
    public var classCount: Int { decision.classCount(outputCount: outputCount) }

    /// `N` of Theorems 4.1 and 4.2: hidden units plus the output comparisons
    /// (1 for `threshold`, `K − 1` for `argmax`/`argmin`). A cell has at most `N` faces.
    public var faceBound: Int { hiddenUnitCount + decision.comparisonCount(outputCount: outputCount) }

    /// The same network with another decision head.
    public func withDecision(_ head: DecisionHead) throws -> Network {
        try Network(layers: layers, hiddenActivations: hiddenActivations, decision: head,
                    inputTransform: inputTransform, outputTransform: outputTransform, domain: domain)
    }

    /// The same network with another input domain (or none).
    public func withDomain(_ box: InputBox?) throws -> Network {
        try Network(layers: layers, hiddenActivations: hiddenActivations, decision: decision,
                    inputTransform: inputTransform, outputTransform: outputTransform, domain: box)
    }
}
