import LinearProgramming

/// The exact mixed-integer encoding of a network over an input box: the graph
/// `{(y, o(y)) : y ∈ box}` as the projection of a ``MixedIntegerModel``'s
/// feasible set (Tjeng, Xiao and Tedrake's MIPVerify formulation).
///
/// Variables: the inputs `y` (bounded by the box); for each hidden unit that is
/// not stably inactive, its post-activation `h`; for each unstable unit, a
/// binary `δ`. The input transform is folded into the first layer and the
/// output transform into ``outputs``, which are affine expressions of the last
/// hidden layer's variables (no output variables).
///
/// With pre-activation bounds `l ≤ z ≤ u` of a unit:
/// - ReLU, `u ≤ 0`: `h = 0` (no variable). `l ≥ 0`: `h = z` (one equality row).
///   Otherwise (unstable) `z` becomes a variable (``preActivationVariable(_:bounds:in:)``) and the big-M rows `h ≥ 0, h ≥ z, h ≤ z − l(1 − δ), h ≤ u δ`:
///   `δ = 1` forces `h = z ≥ 0`, `δ = 0` forces `h = 0 ≥ z`. Exact.
/// - Heaviside, `u ≤ 0`: `h = 0`; `l > 0`: `h = 1`. Otherwise `h = δ` with
///   `z ≤ u δ` and `z ≥ l (1 − δ)`: `δ = 0` forces `z ≤ 0`, `δ = 1` forces
///   `z ≥ 0`. This is exact except at `z = 0`, where it admits `h = 1` although
///   `ϑ(0) = 0`: the encoding describes the closure of each piece, which is what a
///   distance (an infimum) needs; points it returns are re-checked by a forward pass.
///
/// Bounds: interval arithmetic layer by layer (exact for the first layer over a
/// box), then, for the units interval arithmetic leaves unstable in later layers,
/// `min` and `max` of `z` over the LP relaxation of the encoding of the layers
/// before it (binaries relaxed to `[0, 1]`: the "triangle" relaxation of each
/// unstable ReLU). Interval bounds are widened by ``intervalSlack`` times the
/// magnitude of the terms, which covers the rounding of sums of up to 900 000
/// terms; an LP's bound is its safe dual bound
/// (``LinearProgram/safeObjectiveBound(rowMultipliers:)``), rigorous whatever
/// GLPK's tolerance. Every row has the network's own numbers as coefficients
/// (weights, the input transform's scale, the output transform's scale: never a
/// product or quotient of them), so the model contains every true point of the
/// graph exactly, and a proof from it (``LinearRelaxationProof``) is sound.
struct NetworkEncoding: Sendable {
    /// The model: the network's graph over the box.
    var model: MixedIntegerModel
    /// The variables `y_0 … y_{d−1}`.
    let inputVariables: [Int]
    /// The outputs `o_k(y)` (after the output transform), affine in the model's variables.
    let outputs: [AffineExpression]
    /// The bounds `[l, u]` of every hidden unit's pre-activation that the encoding uses.
    let preActivationBounds: [[ClosedRange<Double>]]
    /// An unstable hidden unit: the one with a binary variable.
    struct BinaryUnit: Sendable {
        /// Its hidden layer (0 first).
        let layer: Int
        /// Its pre-activation `z` and activation `h`, in the model's variables.
        let preActivation: AffineExpression
        let activation: AffineExpression
    }
    /// The unstable units, by their binary variable.
    let binaryUnits: [Int: BinaryUnit]
    /// Hidden units with a binary variable (unstable over the box).
    var unstableUnitCount: Int { binaryUnits.count }
    /// Bound-tightening LPs solved. The deadline may stop the tightening early:
    /// the remaining units keep their interval bounds (still valid, just looser).
    let linearProgramsSolved: Int

    /// Relative slack added to interval-arithmetic bounds: covers the rounding
    /// of sums of up to about 900 000 terms (`γ_n ≤ 1e-10`).
    static let intervalSlack = 1e-10

    /// Encodes `network` over `box`.
    ///
    /// - Parameters:
    ///   - tightenWithLinearPrograms: tighten the bounds of units that interval
    ///     arithmetic leaves unstable by LPs (layers after the first).
    ///   - knownBounds: valid pre-activation bounds over a box containing `box`
    ///     (e.g. those of a parent box when the input region is split): each unit's
    ///     interval bound is intersected with them before any LP.
    ///   - l1Ball: an ℓ1 ball the inputs must also lie in (its rows are added to
    ///     the model, and the first layer's bounds are intersected with their
    ///     range over it, ``firstLayerBounds(_:over:within:)``).
    ///   - deadline: stops the tightening (not the encoding) when it expires.
    /// - Throws: ``VerificationError`` if the box has the wrong dimension or an
    ///   infinite bound.
    init(network: Network, box: InputBox, tightenWithLinearPrograms: Bool, knownBounds: [[ClosedRange<Double>]]? = nil,
         l1Ball: L1Ball? = nil, deadline: Deadline) throws {
        guard box.dimension == network.inputDimension else {
            throw VerificationError("the input box has \(box.dimension) coordinates, the network takes \(network.inputDimension)")
        }
        if let i = box.lower.indices.first(where: { !box.lower[$0].isFinite || !box.upper[$0].isFinite }) {
            throw VerificationError("input \(i) is unbounded ([\(box.lower[i]), \(box.upper[i])]): the MILP needs a bounded input box")
        }
        if let i = box.lower.indices.first(where: { box.lower[$0] > box.upper[$0] }) {
            throw VerificationError("input \(i) has an empty range [\(box.lower[i]), \(box.upper[i])]")
        }
        var model = MixedIntegerModel()
        let inputs = box.lower.indices.map { model.addVariable(.between(box.lower[$0], box.upper[$0])) }
        if let l1Ball { Self.addBall(l1Ball, inputVariables: inputs, to: &model) }
        var previous: [AffineExpression] = inputs.map { AffineExpression.variable($0) }
        if let transform = network.inputTransform, !transform.isIdentity {
            // t = (y − mean) / scale as the exact row scale·t − y = −mean: a coefficient 1/scale
            // would be rounded, and the encoding must contain every true point.
            previous = inputs.indices.map { k in
                let (m, s) = (transform.mean[k], transform.scale[k])
                let ends = [(box.lower[k] - m) / s, (box.upper[k] - m) / s]
                let slack = Self.intervalSlack * (1 + ends.map(abs).max()!)
                let t = model.addVariable(.between(ends.min()! - slack, ends.max()! + slack))
                model.addRow(.combination([(s, .variable(t)), (-1, .variable(inputs[k]))]), lower: -m, upper: -m)
                return .variable(t)
            }
        }
        var allBounds: [[ClosedRange<Double>]] = []
        var binaryUnits: [Int: BinaryUnit] = [:]
        var solved = 0
        for (l, activation) in network.hiddenActivations.enumerated() {
            let preActivations = Self.affine(network.layers[l], of: previous)
            var bounds = preActivations.map { Self.intervalBounds(of: $0, in: model) }
            if let known = knownBounds?[l] { bounds = Self.intersection(bounds, known) }
            if l == 0, let l1Ball { bounds = Self.intersection(bounds, Self.firstLayerBounds(network, over: l1Ball, within: box)) }
            if tightenWithLinearPrograms && l > 0 {
                let tightening = Self.tighten(bounds, of: preActivations, activation: activation, in: model, deadline: deadline)
                bounds = tightening.bounds
                solved += tightening.linearProgramsSolved
            }
            previous = zip(preActivations, bounds).map { z, range in
                let variables = model.variableCount
                let h = Self.encode(activation, of: z, bounds: range, in: &model)
                for v in variables..<model.variableCount where model.integerVariables.contains(v) {
                    binaryUnits[v] = BinaryUnit(layer: l, preActivation: z, activation: h)
                }
                return h
            }
            allBounds.append(bounds)
        }
        var outputs = Self.affine(network.layers[network.layers.count - 1], of: previous)
        if let transform = network.outputTransform {
            // o' = scale·o + mean through variables and exact rows (scaling the coefficients would round them).
            outputs = outputs.map { o in
                let range = Self.intervalBounds(of: o, in: model)
                let raw = model.addVariable(.between(range.lowerBound, range.upperBound))
                model.addRow(AffineExpression.variable(raw).minus(o), lower: 0, upper: 0)
                let ends = [transform.scale * range.lowerBound + transform.mean, transform.scale * range.upperBound + transform.mean]
                let slack = Self.intervalSlack * (1 + abs(transform.mean) + ends.map(abs).max()!)
                let scaled = model.addVariable(.between(ends.min()! - slack, ends.max()! + slack))
                model.addRow(.combination([(1, .variable(scaled)), (-transform.scale, .variable(raw))]),
                             lower: transform.mean, upper: transform.mean)
                return .variable(scaled)
            }
        }
        self.model = model
        self.inputVariables = inputs
        self.outputs = outputs
        self.preActivationBounds = allBounds
        self.binaryUnits = binaryUnits
        self.linearProgramsSolved = solved
    }

    /// Unit by unit, the intersection of two valid bounds. Both contain the true
    /// range, so rounding cannot make an intersection empty in exact terms; a
    /// crossed one keeps its lower end.
    static func intersection(_ a: [ClosedRange<Double>], _ b: [ClosedRange<Double>]) -> [ClosedRange<Double>] {
        zip(a, b).map { first, second in
            let lower = max(first.lowerBound, second.lowerBound)
            return lower...max(lower, min(first.upperBound, second.upperBound))
        }
    }

    /// `W h + b` for the expressions `h` of the layer's inputs.
    static func affine(_ layer: DenseLayer, of inputs: [AffineExpression]) -> [AffineExpression] {
        (0..<layer.outputCount).map { u in
            .combination(inputs.indices.map { (layer.weights[u, $0], inputs[$0]) }, constant: layer.bias[u])
        }
    }

    /// Interval bounds of `z` over the model's variable bounds, widened by ``intervalSlack``.
    static func intervalBounds(of z: AffineExpression, in model: MixedIntegerModel) -> ClosedRange<Double> {
        let (lower, upper) = model.range(of: z)
        let slack = intervalSlack * (1 + magnitude(of: z, in: model))
        return (lower - slack)...(upper + slack)
    }

    /// `|c₀| + Σ |c_j| max(|l_j|, |u_j|)`: the size of the numbers summed when `z` is evaluated.
    static func magnitude(of z: AffineExpression, in model: MixedIntegerModel) -> Double {
        var total = abs(z.constant)
        for (index, coefficient) in zip(z.indices, z.coefficients) {
            let bounds = model.variableBounds[index]
            total += abs(coefficient) * max(abs(bounds.lower ?? 0), abs(bounds.upper ?? 0))
        }
        return total
    }

    /// Whether a unit with pre-activation range `range` needs a binary variable.
    static func isUnstable(_ range: ClosedRange<Double>, activation: HiddenActivation) -> Bool {
        switch activation {
        case .relu: return range.lowerBound < 0 && range.upperBound > 0
        case .heaviside: return range.lowerBound <= 0 && range.upperBound > 0
        }
    }

    /// An unstable unit's pre-activation as a variable in `[l, u]` with the row
    /// `z' − W·h = b`. The big-M rows then read `z'` and have the constant `l`
    /// alone: written on `W·h + b` they would hold `b − l`, a rounded sum that
    /// could cut off true points by an ulp.
    static func preActivationVariable(_ z: AffineExpression, bounds: ClosedRange<Double>,
                                      in model: inout MixedIntegerModel) -> AffineExpression {
        let variable = AffineExpression.variable(model.addVariable(.between(bounds.lowerBound, bounds.upperBound)))
        model.addRow(variable.minus(z), lower: 0, upper: 0)
        return variable
    }

    /// Adds the rows (and variables) of `h = activation(z)` and returns `h` as an expression.
    static func encode(_ activation: HiddenActivation, of z: AffineExpression, bounds: ClosedRange<Double>,
                       in model: inout MixedIntegerModel) -> AffineExpression {
        let (l, u) = (bounds.lowerBound, bounds.upperBound)
        switch activation {
        case .relu:
            if u <= 0 { return AffineExpression(constant: 0) }
            let h = model.addVariable(.between(max(0, l), u))
            let hExpression = AffineExpression.variable(h)
            if l >= 0 {
                model.addRow(hExpression.minus(z), lower: 0, upper: 0)
                return hExpression
            }
            let zVariable = preActivationVariable(z, bounds: bounds, in: &model)
            let delta = AffineExpression.variable(model.addVariable(.between(0, 1), integer: true))
            // h ≥ z;  h ≤ z − l(1 − δ);  h ≤ u δ   (h ≥ 0 is its bound).
            model.addRow(hExpression.minus(zVariable), lower: 0)
            model.addRow(.combination([(1, hExpression), (-1, zVariable), (-l, delta)], constant: l), upper: 0)
            model.addRow(.combination([(1, hExpression), (-u, delta)]), upper: 0)
            return hExpression
        case .heaviside:
            if u <= 0 { return AffineExpression(constant: 0) }
            // A fixed variable, not the constant 1: the next layer's constants would add up its weights, rounded.
            if l > 0 { return .variable(model.addVariable(.fixed(1))) }
            let zVariable = preActivationVariable(z, bounds: bounds, in: &model)
            let delta = AffineExpression.variable(model.addVariable(.between(0, 1), integer: true))
            // z ≤ u δ;  z ≥ l (1 − δ).
            model.addRow(.combination([(1, zVariable), (-u, delta)]), upper: 0)
            model.addRow(.combination([(1, zVariable), (l, delta)], constant: -l), lower: 0)
            return delta
        }
    }
}
