/// Back-substitution of linear lower bounds through the structured operators
/// of a graph network (CROWN / DeepPoly), with every rounding covered.
extension GraphNodeBounds {
    /// Absolute allowance for underflow: each product or sum that underflows errs
    /// by at most `2⁻¹⁰⁷⁵`, and no pass performs anywhere near `2⁹³` of them.
    static let underflowAllowance = Double.leastNormalMagnitude * 0x1p40

    /// For every column `c_r` of `objectives` (`count × m`, `count` the size of
    /// node `start`), a number at most `min c_r · x_start` over the box, the
    /// exact network's value of node `start` at every input of the box; `nil`
    /// if the deadline expires. A non-finite bound is returned as `−∞`.
    ///
    /// The objective `Λᵀ x_n` (starting with `Λ = C`) is pushed back node by
    /// node in reverse topological order, never forming a dense matrix of a
    /// structured map:
    /// - affine `x_n = L x_j + b`: `Λ_j += Lᵀ Λ` (``LinearMap/applyTransposed(to:)``;
    ///   a transposed convolution is a convolution), constant `+= bᵀ Λ`;
    /// - sum: `Λ` is added to every operand's coefficients;
    /// - ReLU over `[l, u]`: stably inactive units drop out, active ones pass
    ///   `λ`; an unstable unit uses `relu(z) ≥ α z` (`α = 1` if `u > −l`, else
    ///   0) for `λ ≥ 0` and the chord `relu(z) ≤ s (z − l)`, `s ≥ u/(u − l)`
    ///   (``OutwardRounding/chordSlope(lower:upper:)``) for `λ < 0`;
    /// - max pool: `y ≥ x_w` for the window entry `w` with the largest lower
    ///   bound (for `λ ≥ 0`, and for `λ < 0` when `l_w` is at least every other
    ///   entry's upper bound, so `y = x_w`); otherwise `y ≤ max_k u_k`;
    /// - input: `λ_k` meets `l_k` or `u_k` by its sign.
    ///
    /// *Rounding.* The invariant is `Cᵀx ≥ Σ_n Λ_nᵀ x_n + d − e` with the
    /// *computed* `Λ_n`, `d`. Every floating-point step adds to `e` a bound on
    /// what it may have lost: `κ Σ |terms|`, with `κ` = ``errorFactor`` (`2γ_N`,
    /// `N` above every sum's length) and the size of each term bounded through
    /// the node magnitudes `|x_j| ≤ m_j`: `κ |Λ|ᵀ(|L| m_j + |b|)` for an affine
    /// step (``affineSpread``), `κ Σ (|Λ_old| + |Λ_new|)ᵀ m_j` when coefficients
    /// are added up, `κ |s λ| (m_z + |l|)` for a chord, `κ |d|` for every
    /// constant update. The total is raised past its own rounding and the
    /// result moved one ulp down (`fl(x).nextDown ≤ x`).
    ///
    /// `observeRelu(j, Λ)`, if given, sees the coefficients `Λ` met at every ReLU
    /// node, `j` being the node it reads (branching heuristics; no effect on the bounds).
    func lowerBounds(of objectives: Matrix, at start: Int, observeRelu: ((Int, Matrix) -> Void)? = nil) -> [Double]? {
        let graph = network.graph
        precondition(objectives.rows == graph.nodes[start].count, "objectives of \(objectives.rows) rows for node \(start)")
        let m = objectives.columns
        var coefficients = [Matrix?](repeating: nil, count: start + 1)
        coefficients[start] = objectives
        var constant = [Double](repeating: 0, count: m)
        // Σ of the sizes of every rounded term; times κ it bounds the rounding errors.
        var charged = [Double](repeating: 0, count: m)

        /// charged[r] += Σ_i |M[i, r]| w[i].
        func charge(_ matrix: Matrix, _ w: [Double]) {
            matrix.storage.withUnsafeBufferPointer { entries in
                charged.withUnsafeMutableBufferPointer { sums in
                    for i in 0..<matrix.rows where w[i] != 0 {
                        let wi = w[i], base = i * m
                        for r in 0..<m { sums[r] += abs(entries[base + r]) * wi }
                    }
                }
            }
        }
        func chargeConstant() {
            for r in 0..<m { charged[r] += abs(constant[r]) }
        }
        func accumulate(_ g: Matrix, into j: Int) {
            guard var existing = coefficients[j] else {
                coefficients[j] = g
                return
            }
            charge(existing, magnitude[j])
            charge(g, magnitude[j])
            existing.storage.withUnsafeMutableBufferPointer { target in
                g.storage.withUnsafeBufferPointer { source in
                    for k in 0..<target.count { target[k] += source[k] }
                }
            }
            coefficients[j] = existing
        }

        for n in stride(from: start, through: 1, by: -1) {
            guard let lambda = coefficients[n] else { continue }
            coefficients[n] = nil
            if deadline.isExpired { return nil }
            let node = graph.nodes[n]
            switch node.operation {
            case .input:
                preconditionFailure("only node 0 is the input")
            case .affine(let op):
                guard let spread = affineSpread[n] else { preconditionFailure("affine node \(n) without its spread") }
                charge(lambda, spread)
                chargeConstant()
                if let bias = op.bias {
                    for (o, b) in bias.enumerated() where b != 0 {
                        for r in 0..<m { constant[r] += b * lambda.storage[o * m + r] }
                    }
                }
                accumulate(op.map.applyTransposed(to: lambda), into: node.operands[0])
            case .sum:
                for j in node.operands { accumulate(lambda, into: j) }
            case .relu:
                let j = node.operands[0]
                observeRelu?(j, lambda)
                let (l, u, size) = (lower[j], upper[j], magnitude[j])
                var g = lambda
                chargeConstant()
                for i in 0..<node.count {
                    let base = i * m
                    // An active unit (l ≥ 0) passes its coefficients; anything else is
                    // relaxed, NaN bounds included (their chord makes the bound NaN, so −∞).
                    if u[i] <= 0 {
                        for r in 0..<m { g.storage[base + r] = 0 }
                    } else if !(l[i] >= 0) {
                        let slope = OutwardRounding.chordSlope(lower: l[i], upper: u[i])
                        let alpha: Double = u[i] > -l[i] ? 1 : 0
                        let size = size[i] + abs(l[i])
                        for r in 0..<m {
                            let coefficient = g.storage[base + r]
                            if coefficient >= 0 {
                                g.storage[base + r] = alpha * coefficient
                            } else {
                                let v = coefficient * slope
                                g.storage[base + r] = v
                                constant[r] -= v * l[i]
                                charged[r] += abs(v) * size
                            }
                        }
                    }
                }
                accumulate(g, into: j)
            case .maxPool(let pool):
                let j = node.operands[0]
                let (l, u, size) = (lower[j], upper[j], magnitude[j])
                var g = Matrix(rows: graph.nodes[j].count, columns: m)
                chargeConstant()
                for i in 0..<node.count {
                    let window = pool.window(of: i)
                    guard var best = window.first else { continue }
                    for k in window where l[k] > l[best] { best = k }
                    let dominant = window.allSatisfy { $0 == best || u[$0] <= l[best] }
                    let top = window.reduce(-Double.infinity) { $0.isNaN || u[$1].isNaN ? .nan : max($0, u[$1]) }
                    for r in 0..<m {
                        let coefficient = lambda.storage[i * m + r]
                        if coefficient >= 0 || dominant {
                            g.storage[best * m + r] += coefficient
                            charged[r] += abs(coefficient) * size[best]
                        } else {
                            constant[r] += coefficient * top
                            charged[r] += abs(coefficient * top)
                        }
                    }
                }
                accumulate(g, into: j)
            }
        }

        // The input: every coefficient meets the end of the box its sign asks for.
        let (l, u, size) = (lower[0], upper[0], magnitude[0])
        let inputs = coefficients[0]
        let total = graph.nodes.reduce(0) { $0 + $1.count }
        let sumFactor = 1 + RoundingModel.safetyFactor * RoundingModel.gamma(16 * total + m + 64)
        return (0..<m).map { r in
            var value = constant[r]
            var terms = charged[r] + abs(constant[r])
            if let inputs {
                for k in 0..<l.count {
                    let coefficient = inputs.storage[k * m + r]
                    guard coefficient != 0 else { continue }
                    value += coefficient >= 0 ? coefficient * l[k] : coefficient * u[k]
                    terms += abs(coefficient) * size[k]
                }
            }
            let error = (terms * sumFactor * errorFactor).nextUp + Self.underflowAllowance
            let bound = (value - error).nextDown
            return bound.isFinite ? bound : -.infinity
        }
    }
}
