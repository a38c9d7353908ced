extension Network {
    /// The outputs `ô = fl(o(x))` of the reference forward pass with, per output,
    /// a bound `E_k ≥ |ô_k − o_k(x)|` on their distance from the exact outputs.
    ///
    /// The bound is propagated layer by layer with the rounding model of
    /// Docs/floating-point.md: the computed pre-activation `ẑ = fl(W ĥ + b)` of a
    /// layer whose input `ĥ` is within `e` of the exact `h` satisfies
    /// `|ẑ − z| ≤ γ_{n+1}(|W||ĥ| + |b|) + |W| e` (any summation order), ReLU is
    /// 1-Lipschitz so it passes the bound on, and a Heaviside unit passes it on
    /// only when `|ẑ|` exceeds it (then its state is exact and its error 0). The
    /// input and output transforms add `γ_2` of their magnitudes. Every first-order
    /// term is doubled (``RoundingModel/safetyFactor``).
    ///
    /// Since the bound holds for every summation order, any other binary64
    /// evaluation of the network (numpy, onnxruntime, Marabou) lies within it of
    /// the exact outputs too: a decision margin above twice the bound is seen by
    /// all of them (``hasRobustDecision(_:roundingBound:otherThan:)``).
    ///
    /// - Returns: `nil` when a Heaviside unit lies within its error bound of the
    ///   threshold (the exact state is unknown, so nothing is bounded).
    public func outputsWithRoundingBound(_ x: [Double]) -> (outputs: [Double], bound: [Double])? {
        precondition(x.count == inputDimension, "input has \(x.count) values, the network takes \(inputDimension)")
        let factor = RoundingModel.safetyFactor
        var h = inputTransform?.apply(x) ?? x
        // (x − m)/s: two roundings, each relative to the result's magnitude.
        var error = inputTransform == nil ? [Double](repeating: 0, count: x.count)
            : h.map { factor * RoundingModel.gamma(2) * abs($0) }
        for (l, layer) in layers.enumerated() {
            let z = layer.apply(h)
            let gamma = factor * RoundingModel.gamma(layer.inputCount + 1)
            var zError = [Double](repeating: 0, count: z.count)
            for i in 0..<layer.outputCount {
                var magnitude = abs(layer.bias[i])
                var propagated = 0.0
                for j in 0..<layer.inputCount {
                    let w = abs(layer.weights[i, j])
                    magnitude += w * abs(h[j])
                    propagated += w * error[j]
                }
                // The bound's own sums are of non-negative terms: accurate to γ_n, covered by the factor.
                zError[i] = gamma * magnitude + propagated * (1 + gamma)
            }
            if l < hiddenActivations.count {
                switch hiddenActivations[l] {
                case .relu:
                    error = zError
                case .heaviside:
                    for i in z.indices where !(abs(z[i]) > zError[i]) { return nil }
                    error = [Double](repeating: 0, count: z.count)
                }
                h = z.map(hiddenActivations[l].apply)
            } else {
                h = z
                error = zError
            }
        }
        guard let t = outputTransform else { return (h, error) }
        let outputs = t.apply(h)
        let gamma = factor * RoundingModel.gamma(2)
        let bound = h.indices.map { k in abs(t.scale) * error[k] * (1 + gamma) + gamma * (abs(h[k] * t.scale) + abs(t.mean)) }
        return (outputs, bound)
    }
}
