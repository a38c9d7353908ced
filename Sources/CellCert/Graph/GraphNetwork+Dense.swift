extension GraphNetwork {
    /// A dense ReLU network as a graph: its input transform as a shift and a
    /// division, each layer a dense node and a ReLU node, its output transform
    /// as a scale and shift. The graph computes the same function, with the
    /// input transform's arithmetic as `InputTransform.apply` does it
    /// (the dense cell builder folds it into the first layer instead, so rows
    /// agree to rounding, not bit for bit).
    ///
    /// - Throws: `NetworkError` for Heaviside layers, which graphs do not have.
    public init(_ network: Network) throws {
        var nodes = [OperatorGraph.Node(operation: .input, operands: [], count: network.inputDimension)]
        func append(_ operation: GraphOperator, count: Int) {
            nodes.append(OperatorGraph.Node(operation: operation, operands: [nodes.count - 1], count: count))
        }
        let d = network.inputDimension
        if let t = network.inputTransform, !t.isIdentity {
            append(.affine(AffineOperator(map: ElementwiseScale(factors: Array(repeating: 1, count: d), divides: false),
                                          bias: t.mean.map { -$0 })), count: d)
            append(.affine(AffineOperator(map: ElementwiseScale(factors: t.scale, divides: true), bias: nil)), count: d)
        }
        for (l, layer) in network.layers.enumerated() {
            append(.affine(AffineOperator(map: DenseMap(weights: layer.weights), bias: layer.bias)), count: layer.outputCount)
            if l < network.hiddenActivations.count {
                guard network.hiddenActivations[l] == .relu else {
                    throw NetworkError("layer \(l + 1) has a Heaviside activation; graph networks have ReLUs only")
                }
                append(.relu, count: layer.outputCount)
            }
        }
        if let o = network.outputTransform {
            let k = network.outputCount
            append(.affine(AffineOperator(map: ElementwiseScale(factors: Array(repeating: o.scale, count: k), divides: false),
                                          bias: Array(repeating: o.mean, count: k))), count: k)
        }
        try self.init(graph: try OperatorGraph(nodes: nodes), decision: network.decision, domain: network.domain)
    }
}
