import LinearProgramming

extension Network {
    /// `R_p(x) = inf{ ‖y − x‖_p : y ∈ D, f(y) ≠ f(x) }` for `p ∈ {∞, 1}` as
    /// mixed-integer linear programs (the minimal adversarial distortion of
    /// MIPVerify, Tjeng et al. 2019), solved with GLPK. Docs/verification.md.
    ///
    /// The network is encoded exactly (``NetworkEncoding``) over boxes
    /// `B_ρ = D ∩ {y : ‖y − x‖_∞ ≤ ρ}`, with the objective row `‖y − x‖_p ≤ ρ`;
    /// the objective is `t` with `−t ≤ y_i − x_i ≤ t` (ℓ∞) or `Σ s_i` with
    /// `−s_i ≤ y_i − x_i ≤ s_i` (ℓ1). The ℓ1 ball of radius `ρ` lies in the ℓ∞ box of
    /// the same radius, so an optimum found within `B_ρ` is `R_p(x)`, and infeasibility
    /// proves `R_p(x) > ρ`. The radius starts small (twice the cell radius, at least
    /// ``smallestSearchRadius`` `· max(1, ‖x‖_∞)`) and doubles until a MILP is
    /// feasible: small boxes leave few unstable units (the MILPs' binaries), and
    /// every infeasible round raises the proven lower bound. It stops growing at the
    /// distance of an adversarial witness (`upperBound`, else the result of
    /// ``boundaryAttack(at:norm:domain:iterations:)``), else at the farthest point of
    /// the domain (then no feasible MILP means `R_p(x) = +∞`), else at
    /// ``largestSearchRadius`` `· max(1, ‖x‖_∞)`.
    ///
    /// One MILP per rival class `j` of `x`'s class `c`, with the closed condition
    /// of reaching `j`'s side: `o_j ≥ o_c` (argmax), `o_j ≤ o_c` (argmin), or for
    /// `threshold` `o ≤ 0` (from class 1) / `o ≥ 0` (from class 0). `R_p(x)` is the
    /// smallest optimum. Per-rival programs rather than one disjunction: each keeps
    /// the tight encoding of a single half-space (a disjunction needs more binaries
    /// and a big-M on output differences, which weakens every relaxation), they
    /// share the encoding and its bounds, and they are solved nearest rival first
    /// (by the distance to its comparison hyperplane in `x`'s cell) with the best
    /// objective so far as a cutoff (`t ≤ best`), so the later ones are usually
    /// infeasible at the root.
    ///
    /// Status: every MILP solved (optimal or infeasible) → `.exact`. The time limit
    /// (`options.timeLimitSeconds`, for the whole call) → `.bounded`, with `lower` the
    /// smallest of the per-rival proven bounds (GLPK's best open-node bound for an
    /// interrupted MILP, the largest infeasible radius); also `.bounded` when the
    /// radius reaches ``largestSearchRadius`` without a class change (`upper = +∞`).
    /// A solver failure → `.unknown`. `lower` is never below the certified cell
    /// radius.
    ///
    /// The MILP's bounds hold only up to GLPK's tolerances, which extreme weights or
    /// input scales break. So its answer is a claim that the certified cell search
    /// (``DecisionBoundarySearch``, rigorous lower bounds) re-checks, seeded with the
    /// MILP's witness, in the time left: `.exact` only when the search confirms it;
    /// otherwise `.bounded` with the search's proven lower bound (never the MILP's).
    ///
    /// The witness does not depend on them: a MILP point is re-solved as an LP
    /// with its binaries fixed (``LinearProgram/polished(at:timeLimitSeconds:)``)
    /// and becomes a witness only if a forward pass at it (or a tiny step past it,
    /// ``verifiedWitness(near:from:originalClass:norm:domain:directions:)``) changes
    /// the class; failing that, the pattern's LP is re-solved with the class-change
    /// row pushed past the boundary by ``witnessRowMargins``. Otherwise the result
    /// keeps the nearest verified witness it has and says so in `note`.
    ///
    /// A network whose encoding needs numbers GLPK cannot take
    /// (`LinearProgram.safeMagnitudes`) gets `.unknown` with a note.
    ///
    /// - Parameters:
    ///   - options: the norm (`.linf` or `.l1`), the domain, the time limit; `method` and `maxCells` are not used.
    ///   - upperBound: a verified adversarial input, or `nil` to run the attack.
    /// - Throws: `CellError` for an invalid input, a domain of the wrong dimension
    ///   or an input outside the domain; ``VerificationError`` for the ℓ2 norm.
    public func minimalDistortionMILP(at x: [Double], options: DecisionBoundaryOptions,
                                      upperBound: AdversarialWitness?) throws -> DecisionBoundaryResult {
        let deadline = Deadline(seconds: options.timeLimitSeconds)
        let claimed: DecisionBoundaryResult
        do {
            claimed = try unverifiedMinimalDistortion(at: x, options: options, upperBound: upperBound, deadline: deadline)
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
                                             upperBound: AdversarialWitness?, deadline: Deadline) throws -> DecisionBoundaryResult {
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
            let pass = try searchRivals(over: box, from: x, cell: cell, cutoff: min(progress.best, radius),
                                        domain: options.domain, progress: &progress)
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
    static let smallestSearchRadius = 1e-3
    /// Without a witness or a domain, the search radius grows up to this many times `max(1, ‖x‖_∞)`.
    static let largestSearchRadius = 1e6

    /// What one round of per-rival MILPs over one box established.
    struct RivalSearch {
        /// The smallest proven lower bound on a rival's distance (within the box).
        var lowest = Double.infinity
        var timedOut = false
        var failures: [String] = []
        /// Whether any MILP found an integer-feasible point.
        var foundPoint = false
    }

    /// One MILP per rival over `box` (nearest rival first), each with the
    /// objective row `‖y − x‖_p ≤ cutoff` tightened to the best value found so
    /// far; a rival whose MILP is undecided within its time share is passed on to
    /// the halves of the box (``InputSplittingSearch``).
    func searchRivals(over box: InputBox, from x: [Double], cell: Cell, cutoff initialCutoff: Double, domain: InputBox?,
                      progress: inout MinimalDistortionProgress) throws -> RivalSearch {
        let originalClass = cell.pattern.predictedClass
        let deadline = progress.deadline
        var result = RivalSearch()
        let outputsAtX = outputs(x).map { AffineExpression(constant: $0) }
        var search = InputSplittingSearch(network: self, deadline: deadline)
        let ending = try search.run(
            box: box, targets: rivalOrder(in: cell, at: x, norm: progress.norm),
            combinations: { rival in [self.classChangeCoefficients(to: rival, from: originalClass)] },
            probe: { _, _ in false },
            solve: { encoding, _, rival, share in
                var model = encoding.model
                let objective = Self.addDistance(from: x, norm: progress.norm, over: encoding, to: &model)
                let change = classChange(to: rival, from: originalClass, outputs: encoding.outputs)
                let cutoff = min(initialCutoff, progress.best)
                // The rows "reach the rival's side, at least `margin` past the boundary" (and the cutoff).
                func program(margin: Double, cutoff: Double?) -> LinearProgram {
                    var program = model
                    program.addRow(change, lower: margin)
                    if let cutoff, cutoff.isFinite { program.addRow(objective, upper: cutoff) }
                    return program.program(objective: objective, direction: .minimize)
                }
                let milp = program(margin: 0, cutoff: cutoff)
                let limit = [share, deadline.remainingSeconds].compactMap { $0 }.min()
                let solution = try solveMixedInteger(milp, options: SolverOptions(timeLimitSeconds: limit))
                progress.linearProgramsSolved += 1
                // A MILP point of objective `value`: re-solved with its binaries fixed (see
                // `LinearProgram.polished`), then, if no witness verifies near it, with the
                // class-change row pushed past the boundary by ``witnessRowMargins`` (scaled
                // by the size of the margin at x), which reaches into a thin rival region.
                func consider(_ value: Double, _ values: [Double]) {
                    result.foundPoint = true
                    var value = value
                    var point = values
                    if let polished = milp.polished(at: values, timeLimitSeconds: deadline.remainingSeconds) {
                        progress.linearProgramsSolved += 1
                        (value, point) = (max(value, polished.objectiveValue!), polished.values!)
                    }
                    if progress.consider(value: value, point: encoding.inputVariables.map { point[$0] }, network: self,
                                         x: x, originalClass: originalClass, rival: rival, domain: domain) { return }
                    let scale = 1 + abs(classChange(to: rival, from: originalClass, outputs: outputsAtX).constant)
                    for margin in Self.witnessRowMargins {
                        guard !deadline.isExpired,
                              let pushed = program(margin: margin * scale, cutoff: nil)
                                .polished(at: values, timeLimitSeconds: deadline.remainingSeconds) else { continue }
                        progress.linearProgramsSolved += 1
                        if progress.consider(value: value, point: encoding.inputVariables.map { pushed.values![$0] }, network: self,
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
                    result.failures.append("rival \(rival): \(solution.status)")
                    return .failed("\(solution.status)")
                }
            })
        progress.linearProgramsSolved += search.linearProgramsSolved
        switch ending {
        case .completed, .stopped:
            // Every piece settled: the best value found, or (none) more than the cutoff.
            result.lowest = result.foundPoint ? progress.best : min(initialCutoff, progress.best)
        case .timedOut:
            result.timedOut = true
            result.lowest = min(progress.best, search.openBound)
        }
        return result
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
    static let witnessRowMargins: [Double] = [1e-9, 1e-7, 1e-5]

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
    static func addDistance(from x: [Double], norm: Norm, over encoding: NetworkEncoding,
                            to model: inout MixedIntegerModel) -> AffineExpression {
        let inputs = encoding.inputVariables
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
        if decision == .threshold { return [1 - c] }
        let estimates = cell.estimatedDistances(from: x, norm: norm)
        var distance: [Int: Double] = [:]
        for (u, unit) in cell.units.enumerated() {
            if case .comparison(let rival) = unit { distance[rival] = estimates[u] }
        }
        return (0..<outputCount).filter { $0 != c }.sorted { (distance[$0] ?? .infinity, $0) < (distance[$1] ?? .infinity, $1) }
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
