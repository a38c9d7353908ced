extension SymbolicBounds {
    /// Proven lower bounds of the rows `G z_top + c` (one per row of `rows`, `z_top`
    /// the pre-activations of layer `top`) over the box: the back-substitution of
    /// ``backSubstitute(_:constant:error:from:network:lower:upper:affineMagnitude:boxLower:boxUpper:adding:)``
    /// for many rows at once, each affine step one matrix product (BLAS), with the
    /// same relaxations and the same rounding terms row by row. The product's
    /// entries obey `γ_n |G|·|W|` whatever its summation order
    /// (``Matrix/multiplied(by:backend:)``), which is the term the error adds.
    ///
    /// Used to refine every unstable hidden unit's bounds (DeepPoly) while
    /// ``SymbolicBounds`` is built: rows `±e_u` give `z_u ≥ …` and `−z_u ≥ …`.
    static func backSubstitutedLowerBounds(rows: Matrix, constants: [Double], from top: Int, network: Network,
                                           lower: [[Double]], upper: [[Double]], affineMagnitude: [[Double]],
                                           boxLower: [Double], boxUpper: [Double]) -> [Double] {
        var g = rows
        let m = g.rows
        var constant = constants
        var error = [Double](repeating: 0, count: m)
        for l in stride(from: top, through: 0, by: -1) {
            let layer = network.layers[l]
            let nIn = layer.inputCount, nOut = layer.outputCount
            let kappaOut = OutwardRounding.errorFactor(terms: nOut)
            g.storage.withUnsafeBufferPointer { entries in
                for r in 0..<m {
                    var c = constant[r], size = abs(c)
                    for j in 0..<nOut {
                        let v = entries[r * nOut + j]
                        if v == 0 { continue }
                        c += v * layer.bias[j]
                        size += abs(v) * (abs(layer.bias[j]) + affineMagnitude[l][j])
                    }
                    constant[r] = c
                    error[r] += kappaOut * size
                }
            }
            g = g.multiplied(by: layer.weights)
            guard l > 0 else { break }
            let zl = lower[l - 1], zu = upper[l - 1]
            let activation = network.hiddenActivations[l - 1]
            let kappaIn = OutwardRounding.errorFactor(terms: nIn)
            // The chord slopes, once per unit (rounded up).
            let slopes = (0..<nIn).map { k in zl[k] < 0 && zu[k] > 0 ? OutwardRounding.chordSlope(lower: zl[k], upper: zu[k]) : 0 }
            g.storage.withUnsafeMutableBufferPointer { entries in
                for r in 0..<m {
                    var c = constant[r], size = 0.0
                    for k in 0..<nIn {
                        let gk = entries[r * nIn + k]
                        if gk == 0 { continue }
                        switch activation {
                        case .relu:
                            if zu[k] <= 0 {
                                entries[r * nIn + k] = 0
                            } else if zl[k] >= 0 {
                                continue
                            } else if gk > 0 {
                                if zu[k] < -zl[k] { entries[r * nIn + k] = 0 }
                            } else {
                                let s = gk * slopes[k]
                                entries[r * nIn + k] = s
                                c -= s * zl[k]
                                size += abs(s) * (max(abs(zl[k]), abs(zu[k])) + abs(zl[k]))
                            }
                        case .heaviside:
                            if zl[k] > 0 || (zu[k] > 0 && gk < 0) { c += gk }
                            size += abs(gk)
                            entries[r * nIn + k] = 0
                        }
                    }
                    constant[r] = c
                    error[r] += kappaIn * (size + abs(c))
                }
            }
        }
        let d = boxLower.count
        let kappa = OutwardRounding.errorFactor(terms: d)
        return g.storage.withUnsafeBufferPointer { entries in
            (0..<m).map { r in
                var low = constant[r], size = abs(constant[r])
                for i in 0..<d {
                    let v = entries[r * d + i]
                    low += v * (v >= 0 ? boxLower[i] : boxUpper[i])
                    size += abs(v) * max(abs(boxLower[i]), abs(boxUpper[i]))
                }
                let slack = OutwardRounding.inflated(error[r] + kappa * size, terms: 2 * network.layers.count + 2)
                return OutwardRounding.roundedDown(low - slack)
            }
        }
    }
}
