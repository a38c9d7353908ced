extension NetworkEncoding {
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

    /// Bounds of the first layer's pre-activations over the ball within `box`. A
    /// linear function's largest rise over `B₁(c, ρ) ∩ box` is a fractional
    /// knapsack: the budget `ρ` goes to the coordinates by decreasing
    /// `|w_k| / s_k` (the input transform `t_k = (y_k − m_k) / s_k`), each up to
    /// the room the box leaves it in its rising direction; its largest fall
    /// likewise. Far tighter than `ρ · max_k |w_k| / s_k` where the steepest
    /// coordinates cannot move the harmful way: an MNIST pixel at 0 in `[0, 1]`
    /// can only brighten, and by at most 1. A box that does not contain `c` is
    /// widened to (its rooms are clamped at 0), which only loosens the bounds.
    /// The bounds are widened by ``intervalSlack`` times the magnitude of the
    /// terms, `ρ · max_k |w_k| / s_k` included, which covers the rounding of the
    /// centre value, the quotients, the products, the sums and the budget's
    /// subtractions.
    static func firstLayerBounds(_ network: Network, over ball: L1Ball, within box: InputBox) -> [ClosedRange<Double>] {
        let layer = network.layers[0]
        let transform = network.inputTransform
        let t = transform?.apply(ball.center) ?? ball.center
        let scale = { (k: Int) -> Double in transform.map { $0.scale[k] } ?? 1 }
        let rise = box.upper.indices.map { max(0, box.upper[$0] - ball.center[$0]) }
        let fall = box.lower.indices.map { max(0, ball.center[$0] - box.lower[$0]) }
        return (0..<layer.outputCount).map { u in
            var centre = layer.bias[u]
            var magnitude = abs(layer.bias[u])
            var gradient = [Double](repeating: 0, count: layer.inputCount)
            for k in 0..<layer.inputCount {
                let w = layer.weights[u, k]
                centre += w * t[k]
                magnitude += abs(w * t[k])
                gradient[k] = w / scale(k)
            }
            let steepest = gradient.reduce(0) { max($0, abs($1)) }
            // Rooms in the direction that raises z_u (rise where the gradient is positive) and that lowers it.
            let up = gradient.indices.map { gradient[$0] > 0 ? rise[$0] : fall[$0] }
            let down = gradient.indices.map { gradient[$0] > 0 ? fall[$0] : rise[$0] }
            let order = gradient.indices.sorted { abs(gradient[$0]) > abs(gradient[$1]) }
            func reach(_ room: [Double]) -> Double {
                var (budget, total) = (ball.radius, 0.0)
                for k in order where budget > 0 {
                    let step = min(room[k], budget)
                    total += abs(gradient[k]) * step
                    budget -= step
                }
                return total
            }
            let slack = intervalSlack * (1 + magnitude + ball.radius * steepest)
            return (centre - reach(down) - slack)...(centre + reach(up) + slack)
        }
    }
}
