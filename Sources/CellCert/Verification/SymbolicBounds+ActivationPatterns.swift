import LinearProgramming

extension SymbolicBounds {
    /// How ``examineActivationPatterns(_:network:maximumUnits:maximumNodes:)`` ended for one conjunction.
    enum PatternVerdict {
        /// Proven: no point of the box has every row on its unsafe side.
        case excluded
        /// An activation pattern whose LP found a point (normalised coordinates)
        /// below every row: a candidate counterexample, still to be checked.
        case candidate([Double])
        /// Neither (a solver failure, a Heaviside unit, too many unstable units).
        case open
    }

    /// The hidden ReLU units these bounds leave unstable (`l < 0 < u`), or `nil`
    /// if an unstable unit is not a ReLU.
    func unstableReLUUnits(network: Network) -> [(layer: Int, unit: Int)]? {
        var units: [(layer: Int, unit: Int)] = []
        for l in network.hiddenActivations.indices {
            for u in lower[l].indices where lower[l][u] < 0 && upper[l][u] > 0 {
                guard network.hiddenActivations[l] == .relu else { return nil }
                units.append((l, u))
            }
        }
        return units
    }

    /// Decides a conjunction of rows on a box with at most `maximumUnits` unstable
    /// ReLUs, branching on their activation patterns (as nnenum and β-CROWN do,
    /// where bisecting the input only shrinks the relaxations), at most
    /// `maximumNodes` nodes; a node whose bounds already exclude the conjunction is
    /// not branched further (``branch(_:fixed:free:network:nodes:maximumNodes:)``).
    ///
    /// With every unstable unit fixed to a side (``fixing(_:)``), the network is
    /// affine on the pattern's polyhedron `P = {x ∈ box : s_j z_j(x) ≥ 0}`. A
    /// small LP over the `d + 1` variables `(x', t)`, `min t` subject to
    /// `v_i(x) ≤ t` and `−s_j z_j(x) ≤ t` over the box (the affine forms from
    /// back-substitution; linear lower bounds at a node with free units), either finds a point of
    /// `P` below every row (`t ≤ 0`: a candidate) or proves none exists, with row
    /// duals `y ≥ 0` (normalised to sum 1).
    ///
    /// **The proof does not rest on the LP.** With the duals as weights, the
    /// function `F = Σ_i y_i v_i − Σ_j y_j s_j z_j` is back-substituted over the
    /// pattern's bounds, outward rounded (``lowerBound(of:network:adding:)``). On
    /// `P`, every `s_j z_j ≥ 0`, so `Σ_i y_i v_i ≥ F`; a proven `F > 0` puts some
    /// `v_i > 0` at every point of `P`. Every pattern excluded (or ruled out by one
    /// row's bound alone) → the conjunction is excluded on the box. The combined row
    /// is formed in floating point and its bound lowered by the rounding of forming
    /// it, as in ``BoundPropagationSearch``'s row combinations.
    func examineActivationPatterns(_ rows: [PropertyRow], network: Network, maximumUnits: Int,
                                   maximumNodes: Int) -> PatternVerdict {
        guard let units = unstableReLUUnits(network: network), units.count <= maximumUnits else { return .open }
        var nodes = 0
        return branch(rows, fixed: [], free: units, network: network, nodes: &nodes, maximumNodes: maximumNodes)
    }

    /// One node of the branching: `fixed` units on their sides, `free` ones relaxed.
    /// Excluded when one row's bound or the LP-weighted combination (with the fixed
    /// units' Lagrangian terms) is proven positive; otherwise the first free unit
    /// (lowest layer first: it shapes every layer above) is fixed both ways.
    private func branch(_ rows: [PropertyRow], fixed: [FixedUnit], free: [(layer: Int, unit: Int)], network: Network,
                        nodes: inout Int, maximumNodes: Int) -> PatternVerdict {
        nodes += 1
        let d = boxLower.count
        let patterned = fixing(fixed)
        let rowBounds = rows.map { patterned.lowerBound(of: $0, network: network) }
        if zip(rows, rowBounds).contains(where: { $0.isExcluded(byLowerBound: $1.bound) }) { return .excluded }
        // Linear lower bounds of the fixed units' constraint functions −s_j z_j (exact
        // affine forms once every unit below is fixed).
        let unitForms = fixed.map { unit in
            var start = [Double](repeating: 0, count: network.layers[unit.layer].outputCount)
            start[unit.unit] = unit.active ? -1 : 1
            return Self.backSubstitute(start, constant: 0, error: 0, from: unit.layer, network: network,
                                       lower: patterned.lower, upper: patterned.upper,
                                       affineMagnitude: affineMagnitude, boxLower: boxLower, boxUpper: boxUpper)
        }
        let forms = rowBounds.map { ($0.coefficients, $0.constant) } + unitForms.map { ($0.coefficients, $0.constant) }
        guard forms.allSatisfy({ $0.1.isFinite && $0.0.allSatisfy(\.isFinite) }) else { return .open }
        var program = LinearProgram(variableCount: d + 1, direction: .minimize)
        program.objective[d] = 1
        for i in 0..<d { program.variableBounds[i] = .between(boxLower[i], boxUpper[i]) }
        for (g, c) in forms { program.addConstraint(.lessOrEqual(g + [-1], -c)) }
        guard let solution = try? solve(program), solution.status == .optimal,
              let optimum = solution.objectiveValue, let duals = solution.rowDuals,
              let point = solution.values else { return .open }
        if optimum > 0 {
            let weights = duals.map(abs)
            let total = weights.reduce(0, +)
            if total > 0 && total.isFinite {
                let y = weights.map { $0 / total }
                let terms = fixed.indices.map { j in
                    UnitTerm(layer: fixed[j].layer, unit: fixed[j].unit,
                             weight: fixed[j].active ? -y[rows.count + j] : y[rows.count + j])
                }
                let proven = patterned.combinedLowerBound(rows, weights: Array(y.prefix(rows.count)), network: network,
                                                          adding: terms)
                if proven.isFinite && proven > 0 { return .excluded }
            }
        }
        guard let next = free.first else {
            // Every unit fixed: the forms are the network itself on the pattern's polyhedron.
            return optimum <= 0 ? .candidate(Array(point.prefix(d))) : .open
        }
        guard nodes + 2 <= maximumNodes else { return .open }
        var candidate: [Double]?
        for active in [true, false] {
            let side = FixedUnit(layer: next.layer, unit: next.unit, active: active)
            switch branch(rows, fixed: fixed + [side], free: Array(free.dropFirst()), network: network,
                          nodes: &nodes, maximumNodes: maximumNodes) {
            case .excluded: continue
            case .candidate(let point): candidate = candidate ?? point
            case .open: return candidate.map { .candidate($0) } ?? .open
            }
        }
        return candidate.map { .candidate($0) } ?? .excluded
    }

    /// A proven lower bound of `Σ_i μ_i v_i + Σ_t w_t z_t` over the box (these
    /// bounds' part of it): the combined row `Σ μ_i a_i·o − Σ μ_i c_i` is formed in
    /// floating point, so its bound is lowered by `κ Σ μ_i (Σ_k |a_ik| |o_k|_max + |c_i|)`.
    func combinedLowerBound(_ rows: [PropertyRow], weights: [Double], network: Network, adding terms: [UnitTerm]) -> Double {
        let magnitudes = outputMagnitudes(network: network)
        var coefficients = [Double](repeating: 0, count: magnitudes.count)
        var constant = 0.0, size = 0.0
        for (weight, row) in zip(weights, rows) where weight != 0 {
            constant += weight * row.constant
            size += weight * abs(row.constant)
            for k in coefficients.indices {
                coefficients[k] += weight * row.coefficients[k]
                size += weight * abs(row.coefficients[k]) * magnitudes[k]
            }
        }
        let combined = PropertyRow(coefficients: coefficients, constant: constant, strict: false)
        let bound = lowerBound(of: combined, network: network, adding: terms).bound
        let kappa = OutwardRounding.errorFactor(terms: rows.count + 1)
        let allowance = OutwardRounding.inflated(kappa * size, terms: coefficients.count + rows.count + 2)
        return OutwardRounding.roundedDown(bound - allowance)
    }
}
