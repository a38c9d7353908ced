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
        try minimalDistortion(at: x, options: options, upperBound: upperBound) { box, cell, cutoff, progress in
            try searchRivals(over: box, from: x, cell: cell, cutoff: cutoff, domain: options.domain, progress: &progress)
        }
    }

    /// One MILP per rival over `box` (nearest rival first), each with the
    /// objective row `‖y − x‖_p ≤ cutoff` tightened to the best value found so
    /// far; a rival whose MILP is undecided within its time share is passed on to
    /// the halves of the box (``InputSplittingSearch``).
    func searchRivals(over box: InputBox, from x: [Double], cell: Cell, cutoff initialCutoff: Double, domain: InputBox?,
                      progress: inout MinimalDistortionProgress) throws -> MinimalDistortionRound {
        let originalClass = cell.pattern.predictedClass
        var round = MinimalDistortionRound()
        var search = InputSplittingSearch(network: self, deadline: progress.deadline)
        let ending = try search.run(
            box: box, targets: rivalOrder(in: cell, at: x, norm: progress.norm),
            combinations: { rival in [self.classChangeCoefficients(to: rival, from: originalClass)] },
            probe: { _, _ in false },
            solve: { encoding, _, rival, share in
                try solveRival(rival, model: encoding.model, inputVariables: encoding.inputVariables,
                               outputs: encoding.outputs, from: x, originalClass: originalClass,
                               cutoff: min(initialCutoff, progress.best), share: share, domain: domain,
                               progress: &progress, round: &round)
            })
        progress.linearProgramsSolved += search.linearProgramsSolved
        switch ending {
        case .completed, .stopped:
            // Every piece settled: the best value found, or (none) more than the cutoff.
            round.lowest = round.foundPoint ? progress.best : min(initialCutoff, progress.best)
        case .timedOut:
            round.timedOut = true
            round.lowest = min(progress.best, search.openBound)
        }
        return round
    }
}
