import LinearProgramming

/// One round of per-rival MILPs over one box: what it established (see
/// ``CertifiableNetwork/minimalDistortion(at:options:upperBound:searchRivals:)``).
struct MinimalDistortionRound {
    /// The smallest proven lower bound on a rival's distance (within the box).
    var lowest = Double.infinity
    var timedOut = false
    var failures: [String] = []
    /// Why the box's MILPs were not posed at all (e.g. a program too large), if so.
    var refusal: String?
    /// Whether any MILP found an integer-feasible point.
    var foundPoint = false
}

/// The minimal-distortion MILP method shared by dense and graph networks: the
/// growing search boxes, the per-rival programs, the witnesses, and the
/// re-check of the MILP's claim by the certified cell search. Dense networks
/// (``Network/minimalDistortionMILP(at:options:upperBound:)``) search each box
/// with input splitting; graph networks
/// (``GraphNetwork/minimalDistortionMILP(at:options:upperBound:)``) solve one
/// MILP per rival over it.
extension CertifiableNetwork {
    /// The MILPs of one box: `(box, x's cell, cutoff, progress)` → the round's result.
    typealias RivalSearch = (InputBox, Cell, Double, inout MinimalDistortionProgress) throws -> MinimalDistortionRound

    /// `R_p(x)` by per-rival MILPs over growing boxes (`searchRivals` solves one
    /// box), re-checked by the certified cell search; see
    /// ``Network/minimalDistortionMILP(at:options:upperBound:)`` for the method.
    func minimalDistortion(at x: [Double], options: DecisionBoundaryOptions, upperBound: AdversarialWitness?,
                           searchRivals: RivalSearch) throws -> DecisionBoundaryResult {
        let deadline = Deadline(seconds: options.timeLimitSeconds)
        let claimed: DecisionBoundaryResult
        do {
            claimed = try unverifiedMinimalDistortion(at: x, options: options, upperBound: upperBound, deadline: deadline,
                                                      searchRivals: searchRivals)
        } catch let error as LinearProgramError {
            // The encoding's numbers are beyond what GLPK handles (weights or bounds
            // near 1e100 and beyond): an honest unknown, not a crash or a guess.
            let cellRadius = try cell(at: x).radius(at: x, norm: options.norm).radius
            return DecisionBoundaryResult(
                norm: options.norm, method: .milp, status: .unknown, distance: nil, lower: cellRadius, upper: .infinity,
                witness: nil, cellsExplored: 0, linearProgramsSolved: 0, seconds: deadline.elapsedSeconds,
                note: "the MILP cannot be posed to GLPK (\(error)); the search method has no such limit")
        }
        return try rechecked(claimed, at: x, options: options, deadline: deadline)
    }

    /// The MILP's answer re-checked by the certified cell search seeded with its
    /// witness, within the time left (see ``minimalDistortionMILP(at:options:upperBound:)``).
    private func rechecked(_ claimed: DecisionBoundaryResult, at x: [Double], options: DecisionBoundaryOptions,
                           deadline: Deadline) throws -> DecisionBoundaryResult {
        let cell = try cell(at: x)
        let cellRadius = cell.radius(at: x, norm: options.norm).radius
        guard claimed.status != .unknown, !deadline.isExpired else {
            // Nothing re-checked: only the rounding-proof cell radius stands as a lower bound.
            let note = claimed.status == .unknown ? claimed.note
                : "the MILP's lower bound \(claimed.lower) was not re-checked (time limit)"
            return DecisionBoundaryResult(
                norm: options.norm, method: .milp, status: claimed.status == .unknown ? .unknown : .bounded,
                distance: nil, lower: min(cellRadius, claimed.upper), upper: claimed.upper, witness: claimed.witness,
                cellsExplored: 0, linearProgramsSolved: claimed.linearProgramsSolved,
                seconds: deadline.elapsedSeconds, note: note)
        }
        var searchOptions = options
        searchOptions.method = .search
        searchOptions.timeLimitSeconds = deadline.remainingSeconds
        let search = DecisionBoundarySearch(network: self, from: x, originalClass: cell.pattern.predictedClass,
                                            options: searchOptions, witness: claimed.witness)
        let checked = search.run(firstCell: cell, cellRadius: cellRadius)
        let programs = claimed.linearProgramsSolved + checked.linearProgramsSolved
        if checked.status == .exact {
            return DecisionBoundaryResult(
                norm: options.norm, method: .milp, status: .exact, distance: checked.distance, lower: checked.lower,
                upper: checked.upper, witness: checked.witness, cellsExplored: checked.cellsExplored,
                linearProgramsSolved: programs, seconds: deadline.elapsedSeconds, note: claimed.note)
        }
        let note = claimed.status == .exact
            ? "the MILP's distance \(claimed.distance!) was not confirmed by the certified search (\(checked.note ?? "stopped"))"
            : [claimed.note, checked.note].compactMap { $0 }.joined(separator: "; ")
        return DecisionBoundaryResult(
            norm: options.norm, method: .milp, status: .bounded, distance: nil, lower: checked.lower,
            upper: min(claimed.upper, checked.upper), witness: checked.upper < claimed.upper ? checked.witness : claimed.witness,
            cellsExplored: checked.cellsExplored, linearProgramsSolved: programs, seconds: deadline.elapsedSeconds,
            note: note)
    }

    /// The MILP's own answer: bounds within GLPK's tolerances, a claim to re-check.
    private func unverifiedMinimalDistortion(at x: [Double], options: DecisionBoundaryOptions,
                                             upperBound: AdversarialWitness?, deadline: Deadline,
                                             searchRivals: RivalSearch) throws -> DecisionBoundaryResult {
        let norm = options.norm
        guard norm != .l2 else {
            throw VerificationError("the MILP method supports the linf and l1 norms, not l2 (use the search method)")
        }
        try validateQuery(x, domain: options.domain)
        let cell = try cell(at: x)
        let originalClass = cell.pattern.predictedClass
        let cellRadius = cell.radius(at: x, norm: norm).radius
        var witness = upperBound ?? boundaryAttack(at: x, norm: norm, domain: options.domain)
        if let given = witness {
            // Re-checked like every witness (domain, class change beyond rounding); else ignored.
            witness = checkedWitness(given.point, from: x, originalClass: originalClass, norm: norm, domain: options.domain)
        }
        var progress = MinimalDistortionProgress(norm: norm, from: x, cellRadius: cellRadius, witness: witness,
                                                 deadline: deadline)
        // The largest radius worth searching: the witness's distance (R is at most
        // that); else the farthest point of the domain; else a cap.
        let scale = max(1, Norm.linf.length(x))
        let domainReach = options.domain.map { box in
            norm.length(x.indices.map { max(x[$0] - box.lower[$0], box.upper[$0] - x[$0]) })
        }
        let reach = witness.map { norm.distance($0.point, x) }
            ?? domainReach.flatMap { $0.isFinite ? $0 : nil }
            ?? Self.largestSearchRadius * scale
        var radius = min(reach, max(2 * cellRadius, Self.smallestSearchRadius * scale))
        var proven = cellRadius
        while true {
            let box = Self.searchBox(around: x, radius: radius, domain: options.domain)!
            let pass = try searchRivals(box, cell, min(progress.best, radius), &progress)
            if let refusal = pass.refusal {
                progress.lower = proven
                return progress.result(status: .unknown, note: refusal)
            }
            if !pass.failures.isEmpty {
                // A failed rival proved nothing on this box: the lower bound stays at `proven`.
                progress.lower = proven
                return progress.result(status: .unknown, note: "MILP solver failure: " + pass.failures.joined(separator: "; "))
            }
            progress.lower = max(proven, pass.lowest)
            if pass.timedOut { return progress.result(status: .bounded, note: "time limit reached") }
            // An optimum within the radius is the global one: points farther away cost more.
            if pass.foundPoint { return progress.result(status: .exact, note: nil) }
            // No class change within the radius: R ≥ radius.
            proven = max(proven, radius)
            progress.lower = proven
            if radius >= reach {
                if witness != nil || options.domain != nil { return progress.result(status: .exact, note: nil) }
                return progress.result(status: .bounded, note: "no class change within distance \(radius) of x; "
                                       + "the MILP searches bounded regions only (give a domain)")
            }
            radius = min(2 * radius, reach)
        }
    }

    /// The first search radius is at least this many times `max(1, ‖x‖_∞)` (and
    /// twice the cell radius).
    static var smallestSearchRadius: Double { 1e-3 }
    /// Without a witness or a domain, the search radius grows up to this many times `max(1, ‖x‖_∞)`.
    static var largestSearchRadius: Double { 1e6 }

    /// The MILP "reach `rival`'s side within `cutoff`" over an encoded box (`model`,
    /// its input variables and outputs), within `share` seconds (`nil`: the time
    /// left). A point it finds lowers `progress.best` and, verified by a forward
    /// pass, becomes the witness; the outcome tells the box search what is settled.
    func solveRival(_ rival: Int, model: MixedIntegerModel, inputVariables: [Int], outputs: [AffineExpression],
                    from x: [Double], originalClass: Int, cutoff: Double, share: Double?, domain: InputBox?,
                    progress: inout MinimalDistortionProgress,
                    round: inout MinimalDistortionRound) throws -> InputSplittingSearch.Outcome {
        var model = model
        let objective = Self.addDistance(from: x, norm: progress.norm, inputVariables: inputVariables, to: &model)
        let change = classChange(to: rival, from: originalClass, outputs: outputs)
        // The rows "reach the rival's side, at least `margin` past the boundary" (and the cutoff).
        func program(margin: Double, cutoff: Double?) -> LinearProgram {
            var program = model
            program.addRow(change, lower: margin)
            if let cutoff, cutoff.isFinite { program.addRow(objective, upper: cutoff) }
            return program.program(objective: objective, direction: .minimize)
        }
        let milp = program(margin: 0, cutoff: cutoff)
        let deadline = progress.deadline
        let limit = [share, deadline.remainingSeconds].compactMap { $0 }.min()
        let solution = try solveMixedInteger(milp, options: SolverOptions(timeLimitSeconds: limit))
        progress.linearProgramsSolved += 1
        // A MILP point of objective `value`: re-solved with its binaries fixed (see
        // `LinearProgram.polished`), then, if no witness verifies near it, with the
        // class-change row pushed past the boundary by ``witnessRowMargins`` (scaled
        // by the size of the margin at x), which reaches into a thin rival region.
        func consider(_ value: Double, _ values: [Double]) {
            round.foundPoint = true
            var value = value
            var point = values
            if let polished = milp.polished(at: values, timeLimitSeconds: deadline.remainingSeconds) {
                progress.linearProgramsSolved += 1
                (value, point) = (max(value, polished.objectiveValue!), polished.values!)
            }
            if progress.consider(value: value, point: inputVariables.map { point[$0] }, network: self,
                                 x: x, originalClass: originalClass, rival: rival, domain: domain) { return }
            let outputsAtX = self.outputs(x).map { AffineExpression(constant: $0) }
            let scale = 1 + abs(classChange(to: rival, from: originalClass, outputs: outputsAtX).constant)
            for margin in Self.witnessRowMargins {
                guard !deadline.isExpired,
                      let pushed = program(margin: margin * scale, cutoff: nil)
                        .polished(at: values, timeLimitSeconds: deadline.remainingSeconds) else { continue }
                progress.linearProgramsSolved += 1
                if progress.consider(value: value, point: inputVariables.map { pushed.values![$0] }, network: self,
                                     x: x, originalClass: originalClass, rival: rival, domain: domain) { return }
            }
        }
        switch solution.status {
        case .optimal:
            consider(solution.objectiveValue!, solution.values!)
            return .settled(stop: false)
        case .infeasible:
            return .settled(stop: false)
        case .timeLimit:
            if let value = solution.incumbentObjectiveValue, let values = solution.incumbentValues { consider(value, values) }
            return deadline.isExpired ? .timeout : .undecided(bound: solution.objectiveBound)
        default:
            round.failures.append("rival \(rival): \(solution.status)")
        return .failed("\(solution.status)")
    }
    }

    /// The classes an input of class `original` can change to (`threshold` has one: the other class).
    func rivals(of original: Int) -> [Int] {
        decision == .threshold ? [1 - original] : (0..<outputCount).filter { $0 != original }
    }

    /// The coefficients `a` of the class-change expression `g = a·o` (see ``classChange(to:from:outputs:)``).
    func classChangeCoefficients(to rival: Int, from original: Int) -> [Double] {
        var a = [Double](repeating: 0, count: outputCount)
        switch decision {
        case .threshold: a[0] = original == 1 ? -1 : 1
        case .argmax: a[rival] += 1; a[original] -= 1
        case .argmin: a[original] += 1; a[rival] -= 1
        }
        return a
    }

    /// Margins (relative to `1 + |g(x)|`, `g` the class-change expression) by which a
    /// MILP point's pattern is re-solved strictly inside the rival's side when the
    /// point itself gives no witness.
    static var witnessRowMargins: [Double] { [1e-9, 1e-7, 1e-5] }

    /// `D ∩ {y : ‖y − x‖_∞ ≤ radius}`, or `nil` when that is unbounded.
    static func searchBox(around x: [Double], radius: Double, domain: InputBox?) -> InputBox? {
        var lower = x.map { $0 - radius }
        var upper = x.map { $0 + radius }
        if let domain {
            lower = x.indices.map { max(lower[$0], domain.lower[$0]) }
            upper = x.indices.map { min(upper[$0], domain.upper[$0]) }
        }
        guard lower.allSatisfy(\.isFinite), upper.allSatisfy(\.isFinite) else { return nil }
        // x lies in D, so the box is never empty; rounding of x ± radius cannot cross x.
        return InputBox(lower: zip(lower, x).map { min($0, $1) }, upper: zip(upper, x).map { max($0, $1) })
    }

    /// Adds the variables and rows of `‖y − x‖_p` and returns the objective:
    /// `t` with `y_i − t ≤ x_i ≤ y_i + t` (ℓ∞), or `Σ s_i` with `y_i − s_i ≤ x_i ≤ y_i + s_i` (ℓ1).
    static func addDistance(from x: [Double], norm: Norm, inputVariables inputs: [Int],
                            to model: inout MixedIntegerModel) -> AffineExpression {
        // The largest |y_i − x_i| over the box bounds each distance variable.
        let reach = inputs.indices.map { i -> Double in
            let bounds = model.variableBounds[inputs[i]]
            return max(abs(bounds.upper! - x[i]), abs(x[i] - bounds.lower!))
        }
        let y = inputs.map { AffineExpression.variable($0) }
        switch norm {
        case .linf:
            let t = AffineExpression.variable(model.addVariable(.between(0, reach.max() ?? 0)))
            for i in inputs.indices {
                model.addRow(y[i].minus(t), upper: x[i])
                model.addRow(.combination([(1, y[i]), (1, t)]), lower: x[i])
            }
            return t
        case .l1, .l2:
            let s = inputs.indices.map { AffineExpression.variable(model.addVariable(.between(0, reach[$0]))) }
            for i in inputs.indices {
                model.addRow(y[i].minus(s[i]), upper: x[i])
                model.addRow(.combination([(1, y[i]), (1, s[i])]), lower: x[i])
            }
            return .combination(s.map { (1, $0) })
        }
    }

    /// The rivals of the cell's class, nearest comparison hyperplane first
    /// (`threshold` has one: the other class).
    func rivalOrder(in cell: Cell, at x: [Double], norm: Norm) -> [Int] {
        let c = cell.pattern.predictedClass
        if decision == .threshold { return rivals(of: c) }
        let estimates = cell.estimatedDistances(from: x, norm: norm)
        var distance: [Int: Double] = [:]
        for (u, unit) in cell.units.enumerated() {
            if case .comparison(let rival) = unit { distance[rival] = estimates[u] }
        }
        return rivals(of: c).sorted { (distance[$0] ?? .infinity, $0) < (distance[$1] ?? .infinity, $1) }
    }

    /// The expression `g` whose region `g ≥ 0` is the closure of the inputs classified
    /// `rival` rather than `original`: `o_rival − o_original` (argmax),
    /// `o_original − o_rival` (argmin), `−o` from class 1 and `o` from class 0 (threshold).
    func classChange(to rival: Int, from original: Int, outputs: [AffineExpression]) -> AffineExpression {
        switch decision {
        case .threshold: return original == 1 ? outputs[0].scaled(by: -1) : outputs[0]
        case .argmax: return outputs[rival].minus(outputs[original])
        case .argmin: return outputs[original].minus(outputs[rival])
        }
    }
}
