extension NetworkEncoding {
    /// An ℓ1 ball `{y : ‖y − center‖₁ ≤ radius}` (raw input units) that the
    /// encoded inputs must lie in besides the box: how a proof about an ℓ1 ball
    /// is posed (the box alone contains far more than the ball).
    struct L1Ball: Sendable {
        let center: [Double]
        let radius: Double
    }

    /// Adds `Σ_i s_i ≤ radius` with `y_i − s_i ≤ c_i ≤ y_i + s_i` (exact rows: the
    /// coefficients are ±1, the constants `c_i` and `radius` themselves).
    static func addBall(_ ball: L1Ball, inputVariables inputs: [Int], to model: inout MixedIntegerModel) {
        let distance = Network.addDistance(from: ball.center, norm: .l1, inputVariables: inputs, to: &model)
        model.addRow(distance, upper: ball.radius)
    }

    /// Bounds of the first layer's pre-activations over the ball. A linear
    /// function's range over an ℓ1 ball is its centre value ± radius times its
    /// largest coefficient: with the input transform `t_k = (y_k − m_k) / s_k`,
    /// `z_u ∈ z_u(c) ± radius · max_k |w_uk| / s_k`, widened by ``intervalSlack``
    /// times the magnitude of the terms (as interval bounds are), which covers the
    /// rounding of the centre value, the quotients and the product. Far tighter than
    /// the box's intervals when the ball is small against its box (MNIST in ℓ1).
    static func firstLayerBounds(_ network: Network, over ball: L1Ball) -> [ClosedRange<Double>] {
        let layer = network.layers[0]
        let transform = network.inputTransform
        let t = transform?.apply(ball.center) ?? ball.center
        let scale = { (k: Int) -> Double in transform.map { abs($0.scale[k]) } ?? 1 }
        return (0..<layer.outputCount).map { u in
            var centre = layer.bias[u]
            var magnitude = abs(layer.bias[u])
            var steepest = 0.0
            for k in 0..<layer.inputCount {
                let w = layer.weights[u, k]
                centre += w * t[k]
                magnitude += abs(w * t[k])
                steepest = max(steepest, abs(w) / scale(k))
            }
            let reach = ball.radius * steepest
            let slack = intervalSlack * (1 + magnitude + reach)
            return (centre - reach - slack)...(centre + reach + slack)
        }
    }
}
