extension NetworkEncoding {
    /// An ℓ1 ball `{y : ‖y − center‖₁ ≤ radius}` (raw input units) that the
    /// encoded inputs must lie in besides the box: how a proof about an ℓ1 ball
    /// is posed (the box alone contains far more than the ball).
    struct L1Ball: Sendable {
        let center: [Double]
        let radius: Double
    }

    /// Adds `Σ_i d_i ≤ radius`, `d_i` standing for `|y_i − c_i|`. Where the box
    /// keeps `y_i` on one side of `c_i` (an MNIST pixel at 0 in the domain `[0, 1]`:
    /// most of them), `d_i` is `y_i − c_i` or `c_i − y_i` itself and the `c_i` move
    /// to the bound; elsewhere `d_i` is a variable `s_i ∈ [0, radius]` with
    /// `y_i − s_i ≤ c_i ≤ y_i + s_i` (exact rows: coefficients ±1, the constant
    /// `c_i`). The moved constants' sum is rounded up past its rounding error, so
    /// the rows admit the whole ball (a proof over them covers it). Folding saves
    /// a variable and two rows per coordinate in every LP of the proof.
    static func addBall(_ ball: L1Ball, inputVariables inputs: [Int], to model: inout MixedIntegerModel) {
        var terms: [(weight: Double, expression: AffineExpression)] = []
        var moved = 0.0, magnitude = abs(ball.radius), movedCount = 0
        for (i, input) in inputs.enumerated() {
            let (y, c, bounds) = (AffineExpression.variable(input), ball.center[i], model.variableBounds[input])
            if let lower = bounds.lower, lower >= c {
                terms.append((1, y))
                (moved, magnitude, movedCount) = (moved + c, magnitude + abs(c), movedCount + 1)
            } else if let upper = bounds.upper, upper <= c {
                terms.append((-1, y))
                (moved, magnitude, movedCount) = (moved - c, magnitude + abs(c), movedCount + 1)
            } else {
                let deviation = AffineExpression.variable(model.addVariable(.between(0, ball.radius)))
                model.addRow(y.minus(deviation), upper: c)
                model.addRow(.combination([(1, y), (1, deviation)]), lower: c)
                terms.append((1, deviation))
            }
        }
        let bound = (ball.radius + moved + OutwardRounding.errorFactor(terms: movedCount + 1) * magnitude).nextUp
        model.addRow(.combination(terms), upper: bound)
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
