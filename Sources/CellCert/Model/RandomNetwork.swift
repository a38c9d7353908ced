import Probability

extension Network {
    /// A random ReLU network with He-initialised weights, `N(0, 2/fan_in)`, and
    /// biases `N(0, biasStandardDeviation²)`; reproducible for a seeded generator.
    ///
    /// Used by property tests and by `cellcert sweep`.
    ///
    /// - Parameter layerSizes: `[d, n_1, …, n_{L−1}, K]`, at least two entries.
    public static func random<Generator: RandomNumberGenerator>(
        layerSizes: [Int],
        decision: DecisionHead,
        hiddenActivation: HiddenActivation = .relu,
        biasStandardDeviation: Double = 0.1,
        using generator: inout Generator
    ) throws -> Network {
        guard layerSizes.count >= 2, layerSizes.allSatisfy({ $0 > 0 }) else {
            throw NetworkError("a random network needs at least an input and an output size, all positive: \(layerSizes)")
        }
        var layers: [DenseLayer] = []
        for l in 1..<layerSizes.count {
            let fanIn = layerSizes[l - 1]
            let std = (2.0 / Double(fanIn)).squareRoot()
            var w = Matrix(rows: layerSizes[l], columns: fanIn)
            for k in w.storage.indices { w.storage[k] = std * standardNormal(using: &generator) }
            let b = (0..<layerSizes[l]).map { _ in biasStandardDeviation * standardNormal(using: &generator) }
            layers.append(DenseLayer(weights: w, bias: b))
        }
        return try Network(layers: layers,
                           hiddenActivations: Array(repeating: hiddenActivation, count: layers.count - 1),
                           decision: decision)
    }
}
