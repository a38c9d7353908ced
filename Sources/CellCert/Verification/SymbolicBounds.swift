/// Rigorous bounds on every pre-activation of a network over an input box, by
/// symbolic interval propagation (ReluVal, Neurify: Wang et al. 2018).
///
/// Each unit carries two affine functions of the (normalised) input, `L(x')`
/// and `U(x')`, with `L(x') − ε_L ≤ z(x) ≤ U(x') + ε_U` for every `x` of the box,
/// where `z` is the unit's value in exact arithmetic and `ε` covers every
/// floating-point rounding made so far. An affine layer combines them
/// (positive weights take `L` for `L`, negative ones `U`); a ReLU that the
/// bounds leave unstable is relaxed linearly, Neurify's way: `h ≤ λ (U − l_U)`
/// with the chord slope `λ ≥ u_U / (u_U − l_U)` of `U`'s own range, and
/// `h ≥ α L` with `α = u_L / (u_L − l_L) ∈ [0, 1]` (any `α` in `[0, 1]` is valid,
/// so its rounding does not matter). A Heaviside unit that is unstable gets the
/// constants `0 ≤ h ≤ 1`.
///
/// **Soundness in floating point.** Every step adds to `ε` a bound on its own
/// rounding (``OutwardRounding/errorFactor(terms:)`` times the magnitude of
/// the terms summed, which each unit's magnitude bound `Σ|e_i| X_i + |c|` gives),
/// and every concrete bound is taken from the functions with `ε` and the
/// concretisation's own rounding subtracted, then moved one ulp outward. So
/// ``lower`` and ``upper`` contain the exact network's pre-activation at every
/// point of the box. A parent box's bounds (valid on a superset) are intersected
/// in; the relaxations use only the functions' own ranges, so that they stay valid.
///
/// The input transform, if any, is applied to the box with outward rounding: the
/// functions are in the coordinates `x' = (x − mean) / scale`, over a box that
/// contains every exact image of the raw box.
struct SymbolicBounds: Sendable {
    /// `lower[l][u] ≤ z_{l,u}(x) ≤ upper[l][u]` on the box, for every layer `l`
    /// (the last entry: the raw outputs, before the output transform). Narrowed
    /// only by ``fixing(_:)``, whose bounds hold on a part of the box.
    private(set) var lower: [[Double]]
    /// See ``lower``.
    private(set) var upper: [[Double]]
    /// The box in normalised coordinates, rounded outward.
    let boxLower: [Double]
    let boxUpper: [Double]
    /// `inputMagnitude[l][k]`: a bound on `|h_k|` for the inputs `h` of layer `l`
    /// (for `l = 0` the normalised inputs), used to bound rounding in back-substitution.
    let inputMagnitude: [[Double]]
    /// `affineMagnitude[l][j] = Σ_k |W_jk| inputMagnitude[l][k]`.
    let affineMagnitude: [[Double]]
    /// Hidden units whose bounds straddle the activation's threshold.
    let unstableUnitCount: Int

    /// The bounds of `network` over `box` (raw input units), intersected with
    /// `parent`'s when given (which must hold on a box containing `box`).
    ///
    /// - Parameter refine: also back-substitute (DeepPoly) the bounds of every
    ///   hidden unit the forward functions leave unstable, layer by layer: much
    ///   tighter on deep networks, and about ten times the work.
    init(network: Network, box: InputBox, parent: SymbolicBounds? = nil, refine: Bool = true) {
        let d = network.inputDimension
        precondition(box.dimension == d, "the box has \(box.dimension) coordinates, the network takes \(d)")
        var lo = box.lower
        var hi = box.upper
        if let t = network.inputTransform {
            for i in 0..<d {
                lo[i] = OutwardRounding.roundedDown(OutwardRounding.roundedDown(box.lower[i] - t.mean[i]) / t.scale[i])
                hi[i] = OutwardRounding.roundedUp(OutwardRounding.roundedUp(box.upper[i] - t.mean[i]) / t.scale[i])
            }
        }
        let magnitudeX = (0..<d).map { max(abs(lo[$0]), abs(hi[$0])) }
        var state = SymbolicEquations.identity(dimension: d, magnitudes: magnitudeX)
        var lowers: [[Double]] = []
        var uppers: [[Double]] = []
        var inputMagnitudes: [[Double]] = []
        var affineMagnitudes: [[Double]] = []
        var unstable = 0
        var inputMagnitude = magnitudeX
        let concretizer = Concretizer(lower: lo, upper: hi, magnitude: magnitudeX)
        for (l, layer) in network.layers.enumerated() {
            inputMagnitudes.append(inputMagnitude)
            affineMagnitudes.append(Self.absoluteProduct(layer, inputMagnitude))
            let z = state.affine(layer)
            var ranges = z.ranges(concretizer)
            var zl = ranges.lowerOfLower
            var zu = ranges.upperOfUpper
            if let parent {
                for u in zl.indices {
                    zl[u] = max(zl[u], parent.lower[l][u])
                    zu[u] = min(zu[u], parent.upper[l][u])
                }
            }
            if refine && l > 0 && l < network.hiddenActivations.count {
                // DeepPoly: the units the forward functions leave unstable get back-substituted bounds.
                let activation = network.hiddenActivations[l]
                let refined = zl.indices.filter { NetworkEncoding.isUnstable(zl[$0]...max(zl[$0], zu[$0]), activation: activation) }
                if !refined.isEmpty {
                    var rows = Matrix(rows: 2 * refined.count, columns: zl.count)
                    for (r, u) in refined.enumerated() {
                        rows[2 * r, u] = 1
                        rows[2 * r + 1, u] = -1
                    }
                    let bounds = Self.backSubstitutedLowerBounds(
                        rows: rows, constants: [Double](repeating: 0, count: rows.rows), from: l, network: network,
                        lower: lowers, upper: uppers, affineMagnitude: affineMagnitudes, boxLower: lo, boxUpper: hi)
                    for (r, u) in refined.enumerated() {
                        zl[u] = max(zl[u], bounds[2 * r])
                        zu[u] = min(zu[u], -bounds[2 * r + 1])
                    }
                }
            }
            for u in zl.indices {
                // An overflowed or NaN bound proves nothing: widen it to the trivial one.
                if zl[u].isNaN || zl[u] == .infinity { zl[u] = -.infinity }
                if zu[u].isNaN || zu[u] == -.infinity { zu[u] = .infinity }
            }
            ranges.lowerOfLower = zl
            ranges.upperOfUpper = zu
            lowers.append(zl)
            uppers.append(zu)
            guard l < network.hiddenActivations.count else { break }
            let activation = network.hiddenActivations[l]
            var next = z
            next.activate(activation, ranges: ranges, concretizer: concretizer)
            state = next
            inputMagnitude = zl.indices.map { u in
                switch activation {
                case .relu: return max(0, zu[u])
                case .heaviside: return zu[u] > 0 ? 1 : 0
                }
            }
            unstable += zl.indices.count { u in NetworkEncoding.isUnstable(zl[u]...max(zl[u], zu[u]), activation: activation) }
        }
        lower = lowers
        upper = uppers
        boxLower = lo
        boxUpper = hi
        self.inputMagnitude = inputMagnitudes
        affineMagnitude = affineMagnitudes
        unstableUnitCount = unstable
    }

    /// A hidden ReLU unit and the side of its threshold it is fixed to.
    struct FixedUnit: Sendable, Hashable {
        let layer: Int
        let unit: Int
        /// `z ≥ 0` (the unit passes its input) rather than `z ≤ 0`.
        let active: Bool
    }

    /// These bounds with each unit of `units` confined to its side of 0: `[max(l, 0), u]`
    /// or `[l, min(u, 0)]`. They hold on the part of the box where every unit takes
    /// its side (the activation pattern's polyhedron), not on the whole box; every
    /// other bound and magnitude stays valid there, being valid on the whole box.
    func fixing(_ units: [FixedUnit]) -> SymbolicBounds {
        var copy = self
        for fixed in units {
            if fixed.active {
                copy.lower[fixed.layer][fixed.unit] = max(0, lower[fixed.layer][fixed.unit])
            } else {
                copy.upper[fixed.layer][fixed.unit] = min(0, upper[fixed.layer][fixed.unit])
            }
        }
        return copy
    }

    /// Bounds on `|o_k|` over the box for the outputs after the output transform.
    func outputMagnitudes(network: Network) -> [Double] {
        let raw = zip(lower[lower.count - 1], upper[upper.count - 1]).map { max(abs($0), abs($1)) }
        guard let t = network.outputTransform else { return raw }
        return raw.map { OutwardRounding.roundedUp(OutwardRounding.roundedUp(abs(t.scale) * $0) + abs(t.mean)) }
    }

    /// `Σ_k |W_jk| m_k` for every unit `j` of `layer`.
    private static func absoluteProduct(_ layer: DenseLayer, _ m: [Double]) -> [Double] {
        let n = layer.inputCount
        return layer.weights.storage.withUnsafeBufferPointer { w in
            (0..<layer.outputCount).map { j in
                var total = 0.0
                for k in 0..<n { total += abs(w[j * n + k]) * m[k] }
                return total
            }
        }
    }
}
