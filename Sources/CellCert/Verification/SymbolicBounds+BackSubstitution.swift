extension SymbolicBounds {
    /// A proven lower bound of one property row over the box, and the linear
    /// function of the (normalised) input that gives it.
    struct RowBound {
        /// `bound ≤ v(o(x))` for every `x` of the box, in exact arithmetic.
        let bound: Double
        /// `g` with `v(o(x)) ≥ g·x' + constant − ε` on the box: its largest entries
        /// (times the box's widths) say which inputs the bound depends on most.
        let coefficients: [Double]
        /// The corner of the normalised box minimising `g·x'`: where the row is
        /// most likely to be violated, a candidate counterexample.
        let minimizingCorner: [Double]
        /// `d` of the linear bound `g·x' + d − ε` (for proposing points and weights only).
        let constant: Double
    }

    /// A pre-activation `z_{layer, unit}` added with a weight to the function being
    /// back-substituted (``backSubstitute(_:constant:error:from:network:lower:upper:affineMagnitude:boxLower:boxUpper:adding:)``).
    struct UnitTerm: Sendable {
        let layer: Int
        let unit: Int
        let weight: Double
    }

    /// A lower bound of `v(o) = a·o − c` over the box by back-substitution
    /// (DeepPoly, CROWN: Singh et al. 2019, Zhang et al. 2018), using this
    /// object's pre-activation bounds for the relaxations.
    ///
    /// The row is carried backwards as `v ≥ g·y + d − ε` for the units `y` of
    /// each layer: through `z = W h + b` it becomes `(Wᵀg)·h + (d + g·b)`; through an
    /// unstable ReLU with bounds `[l, u]`, a positive `g_k` takes the lower
    /// relaxation `h ≥ α z` (`α = 1` if `u ≥ −l`, else 0: exact, no rounding), a
    /// negative one the chord `h ≤ λ (z − l)` (`λ` rounded up). At the input the
    /// linear function is minimised over the box. `ε` adds every step's rounding:
    /// `κ_n (Σ_j |g_j| (|b_j| + Σ_k |W_jk| |h_k|_max) + |d|)` for an affine step,
    /// `κ_n (Σ_k |g_k λ_k| (|z_k|_max + |l_k|) + |d|)` for a relaxation.
    ///
    /// With `adding` terms `w_t z_t` (hidden pre-activations), the bound is of
    /// `v(o(x)) + Σ_t w_t z_t(x)` instead: the Lagrangian terms of
    /// ``excludesByActivationPatterns(_:network:)``.
    func lowerBound(of row: PropertyRow, network: Network, adding terms: [UnitTerm] = []) -> RowBound {
        let layerCount = network.layers.count
        let outputs = layerCount - 1
        var g: [Double]
        var constant: Double
        var error = 0.0
        if let t = network.outputTransform {
            // v = Σ a_k (s raw_k + m) − c: fold s and m; their products round.
            g = row.coefficients.map { $0 * t.scale }
            constant = -row.constant
            var size = abs(row.constant)
            for k in row.coefficients.indices where row.coefficients[k] != 0 {
                constant += row.coefficients[k] * t.mean
                let rawSize = max(abs(lower[outputs][k]), abs(upper[outputs][k]))
                size += abs(row.coefficients[k] * t.scale) * rawSize + abs(row.coefficients[k] * t.mean)
            }
            error += OutwardRounding.errorFactor(terms: row.coefficients.count) * size
        } else {
            g = row.coefficients
            constant = -row.constant
        }
        return Self.backSubstitute(g, constant: constant, error: error, from: layerCount - 1, network: network,
                                   lower: lower, upper: upper, affineMagnitude: affineMagnitude,
                                   boxLower: boxLower, boxUpper: boxUpper, adding: terms)
    }

    /// The back-substitution of `g·z_layer + constant − error` (`g` over the
    /// pre-activations of `layer`) down to the input, and its minimum over the
    /// box: ``lowerBound(of:network:)`` for a property row, and the DeepPoly
    /// refinement of a hidden unit's bounds while ``SymbolicBounds`` is built
    /// (only the bounds of the layers below `layer` are read).
    ///
    /// `adding` terms `w z_{l,u}` enter `g` when the pass reaches layer `l`'s
    /// pre-activations (`l ≤ top`); the sum `g_u + w` rounds, and its error
    /// `κ_1 |g_u + w| max(|l_u|, |u_u|)` joins `ε`.
    static func backSubstitute(_ start: [Double], constant start0: Double, error start1: Double, from top: Int,
                               network: Network, lower: [[Double]], upper: [[Double]], affineMagnitude: [[Double]],
                               boxLower: [Double], boxUpper: [Double], adding terms: [UnitTerm] = []) -> RowBound {
        var g = start
        var constant = start0
        var error = start1
        let layerCount = network.layers.count
        precondition(terms.allSatisfy { $0.layer <= top }, "a term above the back-substitution's start")
        for l in stride(from: top, through: 0, by: -1) {
            for term in terms where term.layer == l {
                let sum = g[term.unit] + term.weight
                g[term.unit] = sum
                let size = max(abs(lower[l][term.unit]), abs(upper[l][term.unit]))
                error += OutwardRounding.errorFactor(terms: 1) * abs(sum) * size
            }
            let layer = network.layers[l]
            let nIn = layer.inputCount, nOut = layer.outputCount
            var next = [Double](repeating: 0, count: nIn)
            var size = abs(constant)
            layer.weights.storage.withUnsafeBufferPointer { w in
                next.withUnsafeMutableBufferPointer { v in
                    for j in 0..<nOut {
                        let gj = g[j]
                        if gj == 0 { continue }
                        constant += gj * layer.bias[j]
                        size += abs(gj) * (abs(layer.bias[j]) + affineMagnitude[l][j])
                        let base = j * nIn
                        for k in 0..<nIn { v[k] += gj * w[base + k] }
                    }
                }
            }
            error += OutwardRounding.errorFactor(terms: nOut) * size
            g = next
            guard l > 0 else { break }
            let zl = lower[l - 1], zu = upper[l - 1]
            var relaxationSize = 0.0
            switch network.hiddenActivations[l - 1] {
            case .relu:
                for k in 0..<nIn {
                    let gk = g[k]
                    if gk == 0 { continue }
                    if zu[k] <= 0 {
                        g[k] = 0
                    } else if zl[k] >= 0 {
                        continue
                    } else if gk > 0 {
                        if zu[k] < -zl[k] { g[k] = 0 }
                    } else {
                        let slope = OutwardRounding.chordSlope(lower: zl[k], upper: zu[k])
                        let s = gk * slope
                        g[k] = s
                        constant -= s * zl[k]
                        relaxationSize += abs(s) * (max(abs(zl[k]), abs(zu[k])) + abs(zl[k]))
                    }
                }
            case .heaviside:
                for k in 0..<nIn {
                    let gk = g[k]
                    if gk == 0 { continue }
                    // h is the constant 0 or 1, or in [0, 1]: the bound takes the worse end.
                    if zl[k] > 0 || (zu[k] > 0 && gk < 0) { constant += gk }
                    relaxationSize += abs(gk)
                    g[k] = 0
                }
            }
            error += OutwardRounding.errorFactor(terms: nIn) * (relaxationSize + abs(constant))
        }
        var corner = [Double](repeating: 0, count: g.count)
        var low = constant, size = abs(constant)
        for i in g.indices {
            corner[i] = g[i] >= 0 ? boxLower[i] : boxUpper[i]
            low += g[i] * corner[i]
            size += abs(g[i]) * max(abs(boxLower[i]), abs(boxUpper[i]))
        }
        error += OutwardRounding.errorFactor(terms: g.count) * size
        let slack = OutwardRounding.inflated(error, terms: 2 * layerCount + 2)
        return RowBound(bound: OutwardRounding.roundedDown(low - slack), coefficients: g, minimizingCorner: corner,
                        constant: constant)
    }
}
