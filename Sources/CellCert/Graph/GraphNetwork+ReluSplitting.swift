/// Branch and bound on ReLU signs for `verify` on graph networks whose boxes
/// are too wide to split (Docs/graph-networks.md, "verify").
extension GraphNetwork {
    /// Symbolic bounds of a property's rows over one box and sign pattern.
    enum SymbolicRanges {
        /// The split decisions leave no input of the box.
        case empty
        /// For every row of every disjunct, the range of `a·y − c`; and the node bounds behind them.
        case ranges([[RowRange]], GraphNodeBounds)
    }

    /// One ReLU split: unit `unit` of node `node` (the node a ReLU reads) has sign `active`.
    struct ReluSplit: Sendable {
        let node: Int
        let unit: Int
        let active: Bool
    }

    /// Whether every disjunct has a row that no output in `ranges` satisfies.
    static func excludes(_ disjuncts: [[VNNLibProperty.OutputInequality]], _ ranges: [[RowRange]]) -> Bool {
        zip(disjuncts, ranges).allSatisfy { conjunction, ranges in
            zip(conjunction, ranges).contains { row, range in range.excludes(row) }
        }
    }

    /// Proves that no input of the box `[lower, upper]` satisfies a disjunct by
    /// splitting unstable ReLUs: a sign pattern (a list of splits) is settled
    /// when its symbolic bounds exclude every disjunct or its splits contradict
    /// the bounds; otherwise the unit with the largest branching score is split
    /// into its two signs, which together cover the pattern's inputs.
    ///
    /// Depth first, the active half first; ties in the score go to the unit met
    /// first, so the search is deterministic. A child's node bounds resume
    /// from its parent's at the split node (the nodes before it are the same).
    /// `undecided` when an open pattern has no unstable unit left to split (its
    /// bounds are then exact up to the max-pool relaxations and rounding),
    /// `budgetSpent` after `budget` patterns, `timedOut` at the deadline.
    func proveBySplittingRelus(lower: [Double], upper: [Double], disjuncts: [[VNNLibProperty.OutputInequality]],
                               deadline: Deadline, boxes: inout Int, budget: Int? = nil) -> ProofOutcome {
        var stack: [(pattern: [ReluSplit], parent: GraphNodeBounds?)] = [([], nil)]
        var spent = 0
        while let (pattern, parent) = stack.popLast() {
            if deadline.isExpired { return .timedOut }
            if let budget, spent >= budget { return .budgetSpent }
            spent += 1
            boxes += 1
            guard let result = symbolicRanges(of: disjuncts, lower: lower, upper: upper, deadline: deadline, splits: pattern,
                                              resuming: parent) else {
                return .timedOut
            }
            guard case .ranges(let ranges, let nodes) = result else { continue }
            if Self.excludes(disjuncts, ranges) { continue }
            guard let branch = branchingUnit(disjuncts: disjuncts, ranges: ranges, nodes: nodes) else { return .undecided }
            stack.append((pattern + [ReluSplit(node: branch.node, unit: branch.unit, active: false)], nodes))
            stack.append((pattern + [ReluSplit(node: branch.node, unit: branch.unit, active: true)], nodes))
        }
        return .proven
    }

    /// For every row of every disjunct, the range of `a·y − c` over the outputs of
    /// the inputs of the box `[lower, upper]` with the signs `splits` fixes: the
    /// tighter of the symbolic bounds (``GraphNodeBounds/lowerBounds(of:at:observeRelu:)``
    /// of `a` and `−a`, the property's rows folded into the last operator) and the
    /// interval bounds of the output from the refined node bounds. `nil` at the deadline.
    ///
    /// `resuming`: the node bounds of `splits` without its last split, reused
    /// for the nodes before that split's node.
    func symbolicRanges(of disjuncts: [[VNNLibProperty.OutputInequality]], lower: [Double], upper: [Double],
                        deadline: Deadline, splits: [ReluSplit] = [], resuming parent: GraphNodeBounds? = nil) -> SymbolicRanges? {
        var decisions: [Int: [Int: Bool]] = [:]
        for split in splits { decisions[split.node, default: [:]][split.unit] = split.active }
        let bounds: GraphNodeBounds?
        if let parent, let last = splits.last {
            bounds = GraphNodeBounds(resuming: parent, from: last.node, splits: decisions)
        } else {
            bounds = GraphNodeBounds(network: self, lower: lower, upper: upper, deadline: deadline, splits: decisions)
        }
        guard let nodes = bounds else { return nil }
        if nodes.isEmpty { return .empty }
        let rows = disjuncts.flatMap { $0 }
        let out = graph.nodes.count - 1
        let m = 2 * rows.count
        var objectives = Matrix(rows: outputCount, columns: m)
        for (r, row) in rows.enumerated() {
            for (k, a) in row.coefficients.enumerated() {
                objectives.storage[k * m + 2 * r] = a
                objectives.storage[k * m + 2 * r + 1] = -a
            }
        }
        guard let bounds = nodes.lowerBounds(of: objectives, at: out) else { return nil }
        var ranges: [RowRange] = []
        for (r, row) in rows.enumerated() {
            // min(a·y) ≥ bounds[2r] and max(a·y) ≤ −bounds[2r + 1]; subtracting c rounds once.
            let interval = Self.range(of: row, lower: nodes.lower[out], upper: nodes.upper[out])
            ranges.append(RowRange(minimum: max((bounds[2 * r] - row.constant).nextDown, interval.minimum),
                                   maximum: min((-bounds[2 * r + 1] - row.constant).nextUp, interval.maximum)))
        }
        var start = 0
        let grouped = disjuncts.map { conjunction in
            defer { start += conjunction.count }
            return Array(ranges[start..<start + conjunction.count])
        }
        return .ranges(grouped, nodes)
    }

    /// The unstable unit to split next: for the first open disjunct, its row
    /// nearest to being excluded is back-substituted once more, and every
    /// unstable unit is scored by the most its relaxation can lose there,
    /// `|λ| s (−l)` under the chord, `λ (−l)` or `λ u` under the lower line
    /// (BaBSR's idea). When none scores above 0, the unstable unit with the
    /// widest chord anywhere; `nil` when no unit is unstable.
    private func branchingUnit(disjuncts: [[VNNLibProperty.OutputInequality]], ranges: [[RowRange]],
                               nodes: GraphNodeBounds) -> (node: Int, unit: Int)? {
        guard let open = zip(disjuncts, ranges).first(where: { conjunction, ranges in
            !zip(conjunction, ranges).contains { row, range in range.excludes(row) }
        }) else { return nil }
        // Slack toward exclusion: positive once excluded; the row with the largest is the target.
        var best: (slack: Double, coefficients: [Double])?
        for (row, range) in zip(open.0, open.1) {
            let below = -range.maximum, above = range.minimum
            let candidates: [(Double, [Double])]
            switch row.relation {
            case .lessOrEqual, .less: candidates = [(above, row.coefficients)]
            case .greaterOrEqual, .greater: candidates = [(below, row.coefficients.map { -$0 })]
            case .equal: candidates = [(above, row.coefficients), (below, row.coefficients.map { -$0 })]
            }
            for (slack, coefficients) in candidates where slack.isFinite && slack > (best?.slack ?? -.infinity) {
                best = (slack, coefficients)
            }
        }
        var choice: (node: Int, unit: Int, score: Double)?
        if let target = best {
            _ = nodes.lowerBounds(of: Matrix(rows: outputCount, columns: 1, storage: target.coefficients), at: graph.nodes.count - 1) { j, lambda in
                let (l, u) = (nodes.lower[j], nodes.upper[j])
                for i in 0..<lambda.rows where l[i] < 0 && u[i] > 0 {
                    let coefficient = lambda.storage[i]
                    let slope = u[i] / (u[i] - l[i])
                    let score = coefficient < 0 ? -coefficient * slope * -l[i] : coefficient * (u[i] > -l[i] ? -l[i] : u[i])
                    if score > (choice?.score ?? 0) { choice = (j, i, score) }
                }
            }
        }
        if let choice { return (choice.node, choice.unit) }
        // No unit moves the target row: split the widest relaxation anywhere,
        // the unit with the largest chord intercept u(−l)/(u − l).
        var widest: (node: Int, unit: Int, score: Double)?
        for n in graph.reluNodes {
            let j = graph.nodes[n].operands[0]
            let (l, u) = (nodes.lower[j], nodes.upper[j])
            for i in l.indices where l[i] < 0 && u[i] > 0 {
                let score = u[i] * -l[i] / (u[i] - l[i])
                if score > (widest?.score ?? 0) { widest = (j, i, score) }
            }
        }
        return widest.map { ($0.node, $0.unit) }
    }
}
