/// The two affine functions of the input that bound each unit of one layer in
/// ``SymbolicBounds``: `L_u(x') − ε^L_u ≤ value_u(x) ≤ U_u(x') + ε^U_u` on the box.
///
/// Stored flat, one row of `d + 1` numbers per unit (the `d` coefficients, then
/// the constant). `magnitude` bounds `Σ|e_i| X_i + |c|` (`X_i = max|x'_i|` on the
/// box): the size of the numbers a later step sums, hence of its rounding.
struct SymbolicEquations {
    /// The input dimension `d`.
    let dimension: Int
    /// Number of units.
    let count: Int
    var lowerRows: [Double]
    var upperRows: [Double]
    var lowerError: [Double]
    var upperError: [Double]
    var lowerMagnitude: [Double]
    var upperMagnitude: [Double]

    /// Each input bounded by itself, exactly.
    static func identity(dimension d: Int, magnitudes: [Double]) -> SymbolicEquations {
        var rows = [Double](repeating: 0, count: d * (d + 1))
        for i in 0..<d { rows[i * (d + 1) + i] = 1 }
        let zero = [Double](repeating: 0, count: d)
        return SymbolicEquations(dimension: d, count: d, lowerRows: rows, upperRows: rows, lowerError: zero, upperError: zero,
                                 lowerMagnitude: magnitudes, upperMagnitude: magnitudes)
    }

    /// The functions of `W h + b` for `h` bounded by `self`: a positive weight takes
    /// a unit's lower function into the lower function, a negative one its upper.
    /// The new `ε` adds `Σ_j |w_j| ε_j` and the rounding of the sums,
    /// `κ_n (Σ_j |w_j| magnitude_j + |b|)`.
    func affine(_ layer: DenseLayer) -> SymbolicEquations {
        let nIn = layer.inputCount, nOut = layer.outputCount
        precondition(nIn == count, "layer takes \(nIn) inputs, the equations have \(count) units")
        let width = dimension + 1
        var newLower = [Double](repeating: 0, count: nOut * width)
        var newUpper = [Double](repeating: 0, count: nOut * width)
        var lowerErr = [Double](repeating: 0, count: nOut)
        var upperErr = [Double](repeating: 0, count: nOut)
        var lowerMag = [Double](repeating: 0, count: nOut)
        var upperMag = [Double](repeating: 0, count: nOut)
        let kappa = OutwardRounding.errorFactor(terms: nIn)
        layer.weights.storage.withUnsafeBufferPointer { w in
            lowerRows.withUnsafeBufferPointer { L in
                upperRows.withUnsafeBufferPointer { U in
                    newLower.withUnsafeMutableBufferPointer { NL in
                        newUpper.withUnsafeMutableBufferPointer { NU in
                            for u in 0..<nOut {
                                let b = layer.bias[u]
                                var errL = 0.0, errU = 0.0, magL = abs(b), magU = abs(b)
                                let target = u * width
                                for j in 0..<nIn {
                                    let weight = w[u * nIn + j]
                                    if weight == 0 { continue }
                                    let source = j * width
                                    if weight > 0 {
                                        for i in 0..<width {
                                            NL[target + i] += weight * L[source + i]
                                            NU[target + i] += weight * U[source + i]
                                        }
                                        errL += weight * lowerError[j]
                                        errU += weight * upperError[j]
                                        magL += weight * lowerMagnitude[j]
                                        magU += weight * upperMagnitude[j]
                                    } else {
                                        for i in 0..<width {
                                            NL[target + i] += weight * U[source + i]
                                            NU[target + i] += weight * L[source + i]
                                        }
                                        errL -= weight * upperError[j]
                                        errU -= weight * lowerError[j]
                                        magL -= weight * upperMagnitude[j]
                                        magU -= weight * lowerMagnitude[j]
                                    }
                                }
                                NL[target + dimension] += b
                                NU[target + dimension] += b
                                lowerErr[u] = OutwardRounding.inflated(errL + kappa * magL, terms: nIn)
                                upperErr[u] = OutwardRounding.inflated(errU + kappa * magU, terms: nIn)
                                // The true function's size is at most the combination of the sizes (plus rounding).
                                lowerMag[u] = OutwardRounding.inflated(magL, terms: nIn)
                                upperMag[u] = OutwardRounding.inflated(magU, terms: nIn)
                            }
                        }
                    }
                }
            }
        }
        return SymbolicEquations(dimension: dimension, count: nOut, lowerRows: newLower, upperRows: newUpper,
                                 lowerError: lowerErr, upperError: upperErr, lowerMagnitude: lowerMag, upperMagnitude: upperMag)
    }

    /// The rigorous ranges of both functions of every unit.
    func ranges(_ concretizer: Concretizer) -> EquationRanges {
        var result = EquationRanges(count: count)
        let width = dimension + 1
        lowerRows.withUnsafeBufferPointer { L in
            upperRows.withUnsafeBufferPointer { U in
                for u in 0..<count {
                    let l = concretizer.range(UnsafeBufferPointer(rebasing: L[(u * width)..<((u + 1) * width)]), error: lowerError[u])
                    let h = concretizer.range(UnsafeBufferPointer(rebasing: U[(u * width)..<((u + 1) * width)]), error: upperError[u])
                    result.lowerOfLower[u] = l.min
                    result.upperOfLower[u] = l.max
                    result.lowerOfUpper[u] = h.min
                    result.upperOfUpper[u] = h.max
                }
            }
        }
        return result
    }

    /// Replaces each unit's functions by those of its activation's output.
    ///
    /// `ranges.lowerOfLower` and `ranges.upperOfUpper` are the unit's value
    /// bounds (possibly tightened by a parent box); the relaxations use the
    /// functions' own ranges. ReLU: stably inactive → 0; stably active → kept;
    /// otherwise `h ≤ λ (U − l)` with `l = max(l_U, low)` and `λ` the chord slope
    /// of `[l, high]` (or `U` when `l ≥ 0`), and `h ≥ α L`
    /// (or `0` when `u_L ≤ 0`, `L` when `l_L ≥ 0`). Heaviside: the constants
    /// 0, 1, or `[0, 1]`.
    mutating func activate(_ activation: HiddenActivation, ranges: EquationRanges, concretizer: Concretizer) {
        let width = dimension + 1
        let kappa = OutwardRounding.errorFactor(terms: 2)
        for u in 0..<count {
            let low = ranges.lowerOfLower[u], high = ranges.upperOfUpper[u]
            let row = u * width
            switch activation {
            case .relu:
                if high <= 0 {
                    setConstant(u, lower: 0, upper: 0)
                    continue
                }
                if low >= 0 { continue }
                // Ũ = U + ε ≥ z ≥ low everywhere, so Ũ ≥ left; and relu(z) ≤ relu(min(Ũ, high)) ≤
                // chord(min(Ũ, high)) ≤ chord(Ũ) for the increasing chord of [left, high].
                let left = max(ranges.lowerOfUpper[u], low)
                if left < 0 {
                    let slope = OutwardRounding.chordSlope(lower: left, upper: high)
                    for i in 0..<dimension { upperRows[row + i] *= slope }
                    upperRows[row + dimension] = slope * (upperRows[row + dimension] - left)
                    upperError[u] = OutwardRounding.inflated(slope * upperError[u] + kappa * slope * (upperMagnitude[u] + abs(left)),
                                                             terms: 2)
                    upperMagnitude[u] = OutwardRounding.inflated(slope * (upperMagnitude[u] + abs(left)), terms: 2)
                }
                let lL = ranges.lowerOfLower[u], uL = ranges.upperOfLower[u]
                if uL <= 0 {
                    for i in 0..<width { lowerRows[row + i] = 0 }
                    lowerError[u] = 0
                    lowerMagnitude[u] = 0
                } else if lL < 0 {
                    // Any α in [0, 1] is valid: h ≥ max(z, 0) ≥ α z ≥ α (L − ε).
                    let alpha = min(1, max(0, uL / (uL - lL)))
                    for i in 0..<width { lowerRows[row + i] *= alpha }
                    lowerError[u] = OutwardRounding.inflated(alpha * lowerError[u] + kappa * alpha * lowerMagnitude[u], terms: 2)
                    lowerMagnitude[u] = OutwardRounding.inflated(alpha * lowerMagnitude[u], terms: 2)
                }
            case .heaviside:
                if high <= 0 {
                    setConstant(u, lower: 0, upper: 0)
                } else if low > 0 {
                    setConstant(u, lower: 1, upper: 1)
                } else {
                    setConstant(u, lower: 0, upper: 1)
                }
            }
        }
    }

    private mutating func setConstant(_ u: Int, lower: Double, upper: Double) {
        let width = dimension + 1
        for i in 0..<width {
            lowerRows[u * width + i] = 0
            upperRows[u * width + i] = 0
        }
        lowerRows[u * width + dimension] = lower
        upperRows[u * width + dimension] = upper
        lowerError[u] = 0
        upperError[u] = 0
        lowerMagnitude[u] = abs(lower)
        upperMagnitude[u] = abs(upper)
    }
}

/// The ranges of the two functions of every unit of a layer (see ``SymbolicEquations``).
struct EquationRanges {
    var lowerOfLower: [Double]
    var upperOfLower: [Double]
    var lowerOfUpper: [Double]
    var upperOfUpper: [Double]

    init(count: Int) {
        let zero = [Double](repeating: 0, count: count)
        lowerOfLower = zero
        upperOfLower = zero
        lowerOfUpper = zero
        upperOfUpper = zero
    }
}
