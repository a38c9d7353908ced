import Foundation
import LinearProgramming

extension Network {
    /// Margins, relative to `1 + |c|`, by which the output rows `a·o ≤ c` are
    /// tightened (`a·o ≤ c − m`) when a MILP point fails the forward-pass check by
    /// a hair: the MILP honours its rows only up to GLPK's feasibility tolerance
    /// (1e-7 relative), and a strict comparison of the property only in the limit.
    static let counterexampleMargins: [Double] = [1e-6, 1e-4]

    /// Answers the VNN-LIB query `property`: is there an input in one of its
    /// regions whose output satisfies that region's output constraint?
    ///
    /// Per region, in three stages (Docs/verification.md):
    /// 1. **Falsification.** Projected gradient descent from the box's centre and
    ///    seeded random points (``gradientFalsification(rows:box:starts:steps:property:)``).
    /// 2. **Bounds and input splitting** (``BoundPropagationSearch``): rigorous
    ///    symbolic bounds (``SymbolicBounds``, outward rounded) rule disjuncts out
    ///    box by box; undecided boxes are bisected (ReluVal's smear), their candidate
    ///    points and a few descent steps tried; a work queue over `threads` threads
    ///    whose answers do not depend on the thread count.
    /// 3. **Exact MILP** for boxes bisected ``BoundPropagationSearch/maximumDepth``
    ///    times without being settled, or at once with more than
    ///    ``BoundPropagationSearch/maximumSplitDimension`` inputs (``InputSplittingSearch``, below).
    ///
    /// Every counterexample, from any stage, is accepted only if it violates the
    /// property beyond the outputs' rounding margin
    /// (``robustCounterexampleOutputs(_:of:)``, the margin the decision
    /// boundary's witnesses use): then `sat`.
    ///
    /// The MILP stage: the network is encoded exactly over the box
    /// (``NetworkEncoding``, bounds tightened by LPs), and for each open disjunct a
    /// feasibility MILP adds that conjunction's rows (`<` and `>` are posed as `≤`
    /// and `≥`). A feasible point is clamped into the box and re-evaluated; if it
    /// fails the check (by a hair: a strict comparison met with equality, or the
    /// solver's tolerance), the MILP is re-solved with the rows tightened by
    /// ``counterexampleMargins``. A box with many unstable units gets a short time
    /// share and is bisected if undecided. The MILP minimises the largest violation
    /// `s` of the conjunction's rows (`a_i·o − c_i ≤ s`, `s ≤ 0`, rows scaled to unit
    /// coefficients) and stops at its first integer point.
    ///
    /// A box whose MILPs get all the time left is given to ``LinearRelaxationProof``
    /// (LP branch and bound with safe dual bounds) first; its MILP only looks for a
    /// counterexample the proof could not confirm.
    ///
    /// Every box and disjunct ruled out → `unsat`, always by rigorous bounds: a
    /// MILP's "infeasible" is only accepted once ``LinearRelaxationProof``
    /// has proven it on its box. The time limit (whole call)
    /// → `timeout`; a failure, or a point no margin makes verifiable → `unknown`
    /// (unless another box or disjunct answers `sat`).
    ///
    /// - Parameter threads: workers of the bound search (at least 1). The answer,
    ///   counterexample and counts do not depend on it (time limit aside).
    /// - Throws: ``VerificationError`` if the property's sizes do not match the
    ///   network, or a region's box is unbounded.
    public func verify(_ property: VNNLibProperty, timeLimitSeconds: Double? = nil,
                       threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> PropertyVerificationResult {
        let deadline = Deadline(seconds: timeLimitSeconds)
        try property.checkFits(inputCount: inputDimension, outputCount: outputCount)
        var run = PropertyVerificationRun(network: self, property: property, deadline: deadline, threads: max(1, threads))
        return try run.answer()
    }
}

/// The state of one ``Network/verify(_:timeLimitSeconds:)`` call.
private struct PropertyVerificationRun {
    let network: Network
    let property: VNNLibProperty
    let deadline: Deadline
    let threads: Int
    var milps = 0
    var linearPrograms = 0
    var boxes = 0

    init(network: Network, property: VNNLibProperty, deadline: Deadline, threads: Int) {
        self.network = network
        self.property = property
        self.deadline = deadline
        self.threads = threads
    }

    /// How one disjunct ended on one box.
    enum Outcome {
        case counterexample(Counterexample)
        case infeasible
        /// The box's own time share ran out (not the call's): split the box.
        case undecided
        case timeout
        case unknown(String)
    }

    mutating func answer() throws -> PropertyVerificationResult {
        var undecided: [String] = []
        for (r, region) in property.regions.enumerated() {
            let rows = region.outputConstraint.disjuncts.map { $0.flatMap(PropertyRow.rows(of:)) }
            // Falsification first: most unsafe regions have counterexamples a few gradient steps away.
            let starts = Network.falsificationStarts(in: region.inputBox, count: Self.falsificationStarts, seed: UInt64(r))
            for conjunction in rows {
                if let found = network.gradientFalsification(rows: conjunction, box: region.inputBox, ball: region.inputBall,
                                                             starts: starts,
                                                             steps: Self.falsificationSteps, property: property,
                                                             deadline: deadline) {
                    return result(.sat, counterexample: found, note: nil)
                }
            }
            var search = BoundPropagationSearch(network: network, property: property, deadline: deadline, threads: threads)
            let ending = try search.run(region: region, rows: rows)
            boxes += search.boxes
            switch ending {
            case .counterexample(let found):
                return result(.sat, counterexample: found, note: nil)
            case .timedOut:
                return result(.timeout, counterexample: nil, note: (["time limit reached"] + undecided).joined(separator: "; "))
            case .completed(let handedOff):
                // Boxes the bounds could not settle however small: the exact MILP.
                for item in handedOff {
                    var found: Counterexample?
                    let ending = try milpSearch(region: r, box: item.box, targets: item.open, found: &found, undecided: &undecided)
                    if let found { return result(.sat, counterexample: found, note: nil) }
                    if ending == .timedOut {
                        return result(.timeout, counterexample: nil, note: (["time limit reached"] + undecided).joined(separator: "; "))
                    }
                }
            }
        }
        if !undecided.isEmpty { return result(.unknown, counterexample: nil, note: undecided.joined(separator: "; ")) }
        return result(.unsat, counterexample: nil, note: nil)
    }

    /// Random starts (after the centre) of the falsification per region, and its steps per start.
    static let falsificationStarts = 32
    static let falsificationSteps = 60

    /// The MILP search (``InputSplittingSearch``) of `targets` (disjuncts of
    /// region `r`) over `box`: a counterexample goes to `found`, a failure's
    /// reason to `undecided`.
    mutating func milpSearch(region r: Int, box: InputBox, targets: [Int], found: inout Counterexample?,
                             undecided: inout [String]) throws -> InputSplittingSearch.Ending {
        let (disjuncts, ball) = (property.regions[r].outputConstraint.disjuncts, property.regions[r].inputBall)
        var search = InputSplittingSearch(network: network, deadline: deadline, ball: ball)
        var point: Counterexample?
        var failures: [String] = []
        let ending = try search.run(
            box: box, targets: targets,
            combinations: { j in disjuncts[j].map(\.coefficients) },
            probe: { box, open in
                // A free first try: the centre of the box.
                let center = box.center
                let output = network.outputs(center)
                guard output.allSatisfy(\.isFinite),
                      open.contains(where: { j in disjuncts[j].allSatisfy { $0.isSatisfied(by: output) } }),
                      let robust = network.robustCounterexampleOutputs(center, of: property) else { return false }
                point = Counterexample(input: center, output: robust)
                return true
            },
            solve: { encoding, box, j, share in
                switch try solve(disjuncts[j], over: encoding, box: box, ball: ball, seconds: share) {
                case .counterexample(let counterexample):
                    point = counterexample
                    return .settled(stop: true)
                case .infeasible:
                    return .settled(stop: false)
                case .undecided:
                    return .undecided(bound: nil)
                case .timeout:
                    return .timeout
                case .unknown(let reason):
                    failures.append("region \(r + 1), disjunct \(j + 1): \(reason)")
                    return .failed(reason)
                }
            })
        boxes += search.boxes
        linearPrograms += search.linearProgramsSolved
        found = point
        undecided += failures
        return ending
    }

    func result(_ answer: PropertyVerificationResult.Answer, counterexample: Counterexample?, note: String?) -> PropertyVerificationResult {
        PropertyVerificationResult(answer: answer, counterexample: counterexample, mixedIntegerProgramsSolved: milps,
                                   linearProgramsSolved: linearPrograms, boxes: boxes, seconds: deadline.elapsedSeconds,
                                   note: note)
    }

    /// The feasibility MILP of one conjunction over one box, re-solved with growing
    /// margins while its point fails the forward-pass check. `seconds` caps the
    /// MILP (`nil`: the rest of the call's time). Points are clamped into `box`
    /// and pulled into the region's `ball`, if any, before the check.
    mutating func solve(_ conjunction: [VNNLibProperty.OutputInequality], over encoding: NetworkEncoding,
                        box: InputBox, ball: L1Ball?, seconds: Double?) throws -> Outcome {
        func inside(_ point: [Double]) -> [Double] { box.clamped(point, into: ball) }
        let rows = conjunction.flatMap { Self.violations(of: $0, outputs: encoding.outputs) }
        // With the whole remaining time, the sound proof first: its branching settles most boxes in fewer
        // LPs than the MILP takes to be re-proven (and than GLPK's own branch and bound, on MNIST), and it
        // meets a counterexample on its way. The MILP then only looks for a point the proof could not confirm.
        var proofFailure: Outcome?
        if seconds == nil {
            switch prove(conjunction, in: encoding, inside: inside) {
            case .unknown(let reason): proofFailure = .unknown(reason)
            case let outcome: return outcome
            }
        }
        for margin in [0] + Network.counterexampleMargins {
            guard !deadline.isExpired else { return .timeout }
            var model = encoding.model
            // s ≥ −1 only keeps an empty conjunction bounded: rows never need s below their violation.
            let s = AffineExpression.variable(model.addVariable(.between(-1, 0)))
            for row in rows {
                // violation_i(o) − s ≤ −margin_i
                model.addRow(row.violation.minus(s), upper: -margin * row.scale)
            }
            let program = model.program(objective: s, direction: .minimize)
            let limit = [seconds, deadline.remainingSeconds].compactMap { $0 }.min()
            let solution = try solveMixedInteger(program, options: SolverOptions(timeLimitSeconds: limit),
                                                 branchAndBound: seconds == nil ? Self.search : Self.quickSearch)
            milps += 1
            let values: [Double]
            switch solution.status {
            case .optimal:
                values = solution.values!
            case .feasible:
                values = solution.incumbentValues!
            case .infeasible:
                // With a margin, infeasibility only says the earlier point satisfied the rows by a
                // hair (or within the solver's tolerance): the sound proof may still exclude them.
                let proof = proofFailure ?? prove(conjunction, in: encoding, inside: inside)
                if case .unknown(let reason) = proof, margin > 0 {
                    return .unknown("a MILP point failed the forward-pass check and no point satisfies the rows with a margin; \(reason)")
                }
                return proof
            case .timeLimit:
                return deadline.isExpired ? .timeout : .undecided
            default:
                return .unknown("MILP \(solution.status)")
            }
            if let found = network.robustCounterexample(inside(encoding.inputVariables.map { values[$0] }), of: property) {
                return .counterexample(found)
            }
        }
        return .unknown("the MILP points failed the forward-pass check at every margin")
    }

    /// The conjunction excluded from `box` with sound arguments
    /// (``LinearRelaxationProof``), before its MILP or after the MILP's
    /// "infeasible": GLPK's branch and bound prunes by tolerances, so its verdict
    /// alone may not answer `unsat`. The proof works on the MILP's own encoding of
    /// `box` (its bounds are rigorous). A candidate point the proof meets is
    /// checked like any counterexample, once `inside` has moved it into the box
    /// (and ball); a proof that fails leaves the box `unknown` (`timeout` at the
    /// call's time limit).
    mutating func prove(_ conjunction: [VNNLibProperty.OutputInequality], in encoding: NetworkEncoding,
                        inside: ([Double]) -> [Double]) -> Outcome {
        var proof = LinearRelaxationProof(deadline: deadline)
        let outcome = Result { try proof.excludes(conjunction, in: encoding) }
        linearPrograms += proof.linearProgramsSolved
        switch outcome {
        case .success(.proven): return .infeasible
        case .success(.timedOut): return .timeout
        case .success(.undecided(let reason)):
            return .unknown("the MILP found no counterexample, but its sound re-proof failed: \(reason)")
        case .success(.candidate(let point)):
            if let found = network.robustCounterexample(inside(point), of: property) { return .counterexample(found) }
            return .unknown("the MILP found no counterexample, but its sound re-proof met a point of the relaxation that satisfies the rows within the solver's tolerance")
        case .failure(let error):
            return .unknown("the MILP found no counterexample, but its sound re-proof failed: \(error)")
        }
    }

    /// Branch and bound for feasibility, stopping at the first integer point. With
    /// the whole remaining time: hybrid pseudo-cost branching (on ACAS Xu property 3,
    /// 3× faster than GLPK's default); its initialisation solves LPs without looking
    /// at the clock, so a box with a short time share uses GLPK's default branching.
    static let search = BranchAndBoundOptions(branching: .hybridPseudoCost, stopAtFirstSolution: true)
    static let quickSearch = BranchAndBoundOptions(stopAtFirstSolution: true)

    /// The rows `violation(o) ≤ 0` of one inequality, each scaled to unit
    /// largest coefficient, with `scale = 1 + |c|` (in the scaled units) for margins.
    /// `=` gives two rows.
    static func violations(of inequality: VNNLibProperty.OutputInequality,
                           outputs: [AffineExpression]) -> [(violation: AffineExpression, scale: Double)] {
        let size = inequality.coefficients.map(abs).max() ?? 0
        let unit = size > 0 ? 1 / size : 1
        let combination = AffineExpression.combination(inequality.coefficients.indices.map { (inequality.coefficients[$0] * unit, outputs[$0]) })
        let c = inequality.constant * unit
        let atMost = combination.minus(AffineExpression(constant: c))                       // a·o − c ≤ 0
        let atLeast = AffineExpression(constant: c).minus(combination)                      // c − a·o ≤ 0
        let scale = 1 + abs(c)
        switch inequality.relation {
        case .lessOrEqual, .less: return [(atMost, scale)]
        case .greaterOrEqual, .greater: return [(atLeast, scale)]
        case .equal: return [(atMost, 0), (atLeast, 0)]
        }
    }
}

