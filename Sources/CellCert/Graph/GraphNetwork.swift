/// A ReLU network given as a graph of operators: convolutions, pooling,
/// residual sums, dense layers (``OperatorGraph``), with its decision head and
/// an optional input domain.
///
/// Its cells have a face for every ReLU unit, for every `winner − other` pair of
/// every max-pool window, and for the output comparisons (Docs/graph-networks.md).
public struct GraphNetwork: Sendable {
    let graph: OperatorGraph
    /// How outputs become a class.
    public let decision: DecisionHead
    /// Optional input domain, in raw input units.
    public let domain: InputBox?
    /// The input tensor's extents as the model file gives them (for messages and layouts).
    public let inputShape: [Int]

    init(graph: OperatorGraph, decision: DecisionHead, domain: InputBox? = nil, inputShape: [Int]? = nil) throws {
        let k = graph.outputCount
        if decision == .threshold, k != 1 {
            throw NetworkError("decision 'threshold' needs one output unit, the network has \(k)")
        }
        if decision != .threshold, k < 2 {
            throw NetworkError("decision '\(decision.rawValue)' needs at least two outputs, the network has \(k)")
        }
        if let box = domain {
            guard box.dimension == graph.inputCount else {
                throw NetworkError("domain has \(box.dimension) coordinates for \(graph.inputCount) inputs")
            }
        }
        self.graph = graph
        self.decision = decision
        self.domain = domain
        self.inputShape = inputShape ?? [graph.inputCount]
    }

    /// The input dimension `d`.
    public var inputDimension: Int { graph.inputCount }
    /// Number of outputs.
    public var outputCount: Int { graph.outputCount }
    /// Number of classes the decision head can return.
    public var classCount: Int { decision.classCount(outputCount: outputCount) }
    /// Units per ReLU node, in graph order.
    public var reluLayerSizes: [Int] { graph.reluNodes.map { graph.nodes[$0].count } }
    /// Number of ReLU units.
    public var reluUnitCount: Int { reluLayerSizes.reduce(0, +) }
    /// Number of `winner − other` rows of all max-pool windows.
    public var maxPoolComparisonCount: Int {
        graph.maxPoolNodes.reduce(0) { total, n in
            guard case .maxPool(let pool) = graph.nodes[n].operation else { return total }
            return total + pool.input.channels * pool.taps.reduce(0) { $0 + $1.count - 1 }
        }
    }
    /// The number of rows of every cell: ReLU units, max-pool comparisons and output comparisons.
    public var faceBound: Int { reluUnitCount + maxPoolComparisonCount + decision.comparisonCount(outputCount: outputCount) }
    /// The number of stored coefficients.
    public var parameterCount: Int { graph.parameterCount }
    /// The operators, one short description per node after the input.
    public var operatorDescriptions: [String] { graph.nodes.dropFirst().map(\.operation.name) }
}
