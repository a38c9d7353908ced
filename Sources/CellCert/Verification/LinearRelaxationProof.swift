import LinearProgramming

/// A sound proof that no input of a box gives outputs satisfying a conjunction of
/// output rows: branch and bound on the binaries of the network's exact encoding
/// (``NetworkEncoding``), each node's LP relaxation decided by a rigorous bound.
///
/// **Nodes.** The conjunction's rows (`≥` and `≤` as they are, strict rows as
/// their closures) get a violation variable `s`: `a·o − s ≤ c`, `a·o + s ≥ c`
/// (`=` rows stay as they are). A true counterexample whose activation signs
/// agree with the node is a point of the node's LP with `s ≤ 0`. The node's LP
/// minimises `s` over the encoding's rows, the binaries the node fixes and the
/// box; its safe dual bound (``LinearProgram/safeObjectiveBound(rowMultipliers:)``,
/// from GLPK's optimal row duals, rigorous whatever GLPK's tolerances) above 0
/// closes the node. When that LP does not end optimal (GLPK finds its rows
/// infeasible within its tolerance, which is no proof), the *elastic* LP
/// decides: every row relaxed by one variable `e ≥ 0` (`a·x + e ≥ lower`,
/// `a·x − e ≤ upper`), feasible by construction, `min e`; a counterexample is a
/// point with `e = 0`, so a positive safe bound closes the node. (`glp_exact` is
/// not used: its optimum, rounded back to doubles, can violate rows by 1e-8.)
/// Both LPs share one warm-started session (``NodeRelaxation``).
///
/// **Branching** (``Branching``). An open node is split on a fractional binary,
/// the half its LP leans to first, depth first:
/// - ``Branching/pseudoCosts`` (a whole proof): the binary with the best product
///   of the two children's expected rise of `min s` (``PseudoCosts``), the
///   rises learnt from the nodes already solved; binaries not yet seen in both
///   directions are first tried by strong branching (both children's LPs), up to
///   ``strongBranchingCandidates`` per node. This is GLPK's hybrid pseudo-cost
///   rule, and `min s` is what makes it work: the elastic `min e` is 0 at every
///   open node and says nothing about which split brings a node closer to closing.
///   On MNIST 256x2 (a box of `ρ = 0.0477`, 83 binaries) one rival took 157
///   LPs and 1.2 s instead of 3,277 LPs and 47 s with the rule below, and the
///   rival GLPK's own branch and bound did not settle in 56 s took 206 LPs.
/// - ``Branching/deepestLayerFirst`` (the small budgeted proofs of the bound
///   search): the deepest layer that has a fractional binary; within it, the unit
///   whose relaxation the LP point leans on most, the largest `h − max(0, z)`
///   (ties: the lowest index). No LPs beyond the node's own: within a budget of
///   48 nodes, strong branching cost ACAS Xu property 2 on 3_3 27.9 s instead of 19.4 s.
///
/// A node with no fractional binary holds a point of the network (up to GLPK's
/// tolerance) that satisfies the rows, or one the rigorous bound cannot decide:
/// the proof then ends with that point as a `candidate` for the caller to check;
/// it ends `undecided` at a solver failure or when the node budget runs out,
/// `timedOut` at the time limit.
///
/// This is the only way ``Network/verify(_:timeLimitSeconds:threads:)`` answers
/// `unsat` for a box its bounds leave open: GLPK's branch and bound prunes by
/// tolerances, so its "infeasible" alone may not answer `unsat`.
struct LinearRelaxationProof {
    enum Outcome: Equatable {
        case proven
        /// A node with every binary integral whose relaxation reaches `e = 0` (up to
        /// GLPK's tolerance): its input point, a candidate counterexample to check.
        case candidate([Double])
        case undecided(String)
        case timedOut
    }

    let deadline: Deadline
    /// GLPK's primal tolerance in the proof's LPs: with GLPK's 1e-7, a basis may
    /// violate rows by up to 1e-7 (relative) and its dual bound then falls short
    /// of rows missed by less; 1e-11 lets the proof settle rows missed by 1e-9.
    static let primalFeasibilityTolerance = 1e-11

    /// LPs solved.
    private(set) var linearProgramsSolved = 0

    init(deadline: Deadline) {
        self.deadline = deadline
    }

    /// How an open node chooses the binary it splits on.
    enum Branching {
        /// Pseudo-costs of `min s`, initialised by strong branching: fewest nodes.
        case pseudoCosts
        /// The deepest layer's loosest unit: no LPs beyond the node's own.
        case deepestLayerFirst
    }

    /// Proves that no input of the box `encoding` describes satisfies every row of
    /// `conjunction`, examining at most `maximumNodes` nodes (`nil`: until the deadline).
    ///
    /// `probe`, if given, is asked about the input point of every open node's LP
    /// (the point the relaxation leans furthest into the rows): `true` means the
    /// caller has checked it is a counterexample, and the proof ends with it as a
    /// `candidate` at once, instead of branching until a node is integral. The
    /// proof's soundness does not depend on it: it only ends searches that a
    /// counterexample would make fail anyway.
    mutating func excludes(_ conjunction: [VNNLibProperty.OutputInequality], in encoding: NetworkEncoding,
                           maximumNodes: Int? = nil, branching: Branching = .pseudoCosts,
                           probe: (([Double]) -> Bool)? = nil) throws -> Outcome {
        var model = encoding.model
        // Each output as a variable: a·o over the output expressions would multiply (round) coefficients.
        let outputs = encoding.outputs.map { o -> AffineExpression in
            let range = NetworkEncoding.intervalBounds(of: o, in: model)
            let variable = model.addVariable(.between(range.lowerBound, range.upperBound))
            model.addRow(AffineExpression.variable(variable).minus(o), lower: 0, upper: 0)
            return .variable(variable)
        }
        // The rows with a violation variable s: a·o − s ≤ c, a·o + s ≥ c. A counterexample is a point
        // with s ≤ 0; min s over a node's relaxation measures how far it reaches into the rows.
        var combinations: [(AffineExpression, VNNLibProperty.Relation, Double)] = []
        var (deepest, highest) = (0.0, 0.0)
        for row in conjunction {
            let combination = AffineExpression.combination(row.coefficients.indices.map { (row.coefficients[$0], outputs[$0]) })
            let range = model.range(of: combination)
            switch row.relation {
            case .lessOrEqual, .less:
                (deepest, highest) = (min(deepest, range.lower - row.constant), max(highest, range.upper - row.constant))
            case .greaterOrEqual, .greater:
                (deepest, highest) = (min(deepest, row.constant - range.upper), max(highest, row.constant - range.lower))
            case .equal: break
            }
            combinations.append((combination, row.relation, row.constant))
        }
        let violation = model.addVariable(.between(deepest.isFinite ? deepest - 1 : -1, highest.isFinite ? highest + 1 : 1))
        let s = AffineExpression.variable(violation)
        for (combination, relation, constant) in combinations {
            switch relation {
            case .lessOrEqual, .less: model.addRow(combination.minus(s), upper: constant)
            case .greaterOrEqual, .greater: model.addRow(.combination([(1, combination), (1, s)]), lower: constant)
            case .equal: model.addRow(combination, lower: constant, upper: constant)
            }
        }
        let binaries = model.integerVariables.sorted()
        guard let program = Self.elastic(model.program(objective: AffineExpression(constant: 0), direction: .minimize)) else {
            return .undecided("the encoding's bounds are not finite")
        }
        var relaxation = NodeRelaxation(program: program, session: try SimplexSession(program), violation: violation,
                                        deadline: deadline)
        var pseudoCosts = PseudoCosts()
        var stack: [Node] = [Node(fixed: [:], parentViolation: nil, branch: nil)]
        var examined = 0
        defer { linearProgramsSolved += relaxation.linearProgramsSolved }
        while let node = stack.popLast() {
            if deadline.isExpired { return .timedOut }
            if let maximumNodes, examined >= maximumNodes { return .undecided("the proof's node budget ran out") }
            examined += 1
            for b in binaries {
                try relaxation.setBounds(b, node.fixed[b].map { VariableBounds.fixed($0) } ?? .between(0, 1))
            }
            let evaluation = try relaxation.evaluate()
            // What this node's branch gained: its `min s`, or 0 (where a node closes) when only the elastic LP closed it.
            if let branch = node.branch, let parent = node.parentViolation,
               let reached = evaluation.violation ?? (evaluation.closed ? 0 : nil) {
                pseudoCosts.record(branch, degradation: max(0, reached - parent))
            }
            switch evaluation.result {
            case .closed: continue
            case .failed(let reason):
                if deadline.isExpired { return .timedOut }
                return .undecided(reason)
            case .open(let values):
                if let probe {
                    let point = encoding.inputVariables.map { values[$0] }
                    if probe(point) { return .candidate(point) }
                }
                let candidates = binaries.filter { node.fixed[$0] == nil && min(values[$0], 1 - values[$0]) > 1e-9 }
                guard !candidates.isEmpty else { return .candidate(encoding.inputVariables.map { values[$0] }) }
                let split = branching == .deepestLayerFirst
                    ? Self.deepestLoosest(among: candidates, values: values, encoding: encoding)
                    : try choose(among: candidates, values: values, violation: evaluation.violation, encoding: encoding,
                                 pseudoCosts: &pseudoCosts, relaxation: &relaxation)
                let leaning: Double = values[split] >= 0.5 ? 1 : 0
                for value in [1 - leaning, leaning] {
                    let fraction = value == 1 ? 1 - values[split] : values[split]
                    stack.append(Node(fixed: node.fixed.merging([split: value]) { $1 },
                                      parentViolation: evaluation.violation,
                                      branch: PseudoCosts.Branch(variable: split, up: value == 1, fraction: fraction)))
                }
            }
        }
        return .proven
    }

    /// Binaries without pseudo-costs in both directions that one node may try by
    /// strong branching (both children's `min s`, two LPs each) before it chooses.
    static let strongBranchingCandidates = 8

    /// The binary to split an open node on: the largest ``PseudoCosts/score(_:value:)``
    /// of the rise of `min s`, after up to ``strongBranchingCandidates`` of the
    /// uninitialised candidates (those whose relaxation the LP point leans on
    /// most, `h − max(0, z)`, first) have had both children's LPs solved.
    private func choose(among candidates: [Int], values: [Double], violation: Double?, encoding: NetworkEncoding,
                        pseudoCosts: inout PseudoCosts, relaxation: inout NodeRelaxation) throws -> Int {
        if let violation {
            let looseness = { (b: Int) in Self.looseness(of: b, at: values, in: encoding) }
            let untried = candidates.filter { !pseudoCosts.isInitialized($0) }
                .sorted { (looseness($0), -$0) > (looseness($1), -$1) }.prefix(Self.strongBranchingCandidates)
            for b in untried {
                for up in [false, true] {
                    guard !deadline.isExpired else { break }
                    try relaxation.setBounds(b, .fixed(up ? 1 : 0))
                    // A child whose LP finds its rows infeasible counts as one that just closes (`min s` = 0).
                    let child = try relaxation.violationValue() ?? 0
                    pseudoCosts.record(PseudoCosts.Branch(variable: b, up: up, fraction: up ? 1 - values[b] : values[b]),
                                       degradation: max(0, child - violation))
                }
                try relaxation.setBounds(b, .between(0, 1))
            }
        }
        return candidates.max { (pseudoCosts.score($0, value: values[$0]), -$0) < (pseudoCosts.score($1, value: values[$1]), -$1) }!
    }

    /// The ``Branching/deepestLayerFirst`` choice (ties: the lowest index).
    static func deepestLoosest(among candidates: [Int], values: [Double], encoding: NetworkEncoding) -> Int {
        var split = candidates[0]
        var best = (Int.min, -Double.infinity)
        for b in candidates {
            let priority = (encoding.binaryUnits[b]?.layer ?? 0, looseness(of: b, at: values, in: encoding))
            if priority > best { (split, best) = (b, priority) }
        }
        return split
    }

    /// How far the LP point sits above binary `b`'s ReLU, `h − max(0, z)`: what
    /// that unit's relaxation lends it. (For a Heaviside unit `h` is the binary
    /// itself: a mere ordering, as any is sound.)
    static func looseness(of b: Int, at values: [Double], in encoding: NetworkEncoding) -> Double {
        encoding.binaryUnits[b].map { $0.activation.value(at: values) - max(0, $0.preActivation.value(at: values)) } ?? 0
    }

    /// `program`'s rows relaxed by one new last variable `e ∈ [0, E]`, objective
    /// `min e`: `a·x + e ≥ lower` and `a·x − e ≤ upper`. `E` exceeds every row's
    /// largest violation over the variables' bounds, so every point of the box
    /// is feasible with `e = E`. `nil` when a variable is unbounded.
    static func elastic(_ program: LinearProgram) -> LinearProgram? {
        let n = program.variableCount
        guard program.variableBounds.allSatisfy({ $0.lower != nil && $0.upper != nil }) else { return nil }
        var elastic = LinearProgram(variableCount: n + 1, direction: .minimize)
        elastic.objective[n] = 1
        var largest = 0.0
        for row in program.constraints {
            var (least, most) = (0.0, 0.0)
            for (j, a) in row.coefficients.enumerated() where a != 0 {
                let ends = [a * program.variableBounds[j].lower!, a * program.variableBounds[j].upper!]
                least += ends.min()!
                most += ends.max()!
            }
            if let lower = row.lower {
                largest = max(largest, lower - least)
                elastic.addConstraint(.greaterOrEqual(row.coefficients + [1], lower))
            }
            if let upper = row.upper {
                largest = max(largest, most - upper)
                elastic.addConstraint(.lessOrEqual(row.coefficients + [-1], upper))
            }
        }
        guard largest.isFinite else { return nil }
        elastic.variableBounds = program.variableBounds + [.between(0, largest * (1 + 1e-6) + 1)]
        elastic.integerVariables = program.integerVariables
        return elastic
    }
}
