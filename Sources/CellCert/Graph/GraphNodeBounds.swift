/// Sound bounds on the value of every node of a graph network over one box of
/// inputs, tightened by back-substitution (CROWN / DeepPoly) where interval
/// bounds are loose (Docs/verification.md, "Graph networks").
///
/// Built forward, node by node: each node first gets the interval bounds of
/// its operands' bounds (``GraphNetwork/intervalBounds(of:operands:columns:)``,
/// rounded outward); then every node read by a ReLU has its *unstable* units
/// (lower bound < 0 < upper bound) bounded again by back-substituting `±z_i` to
/// the input through the relaxations of the nodes before it
/// (``lowerBounds(of:at:observeRelu:)``), and the two bounds are intersected. Both are
/// sound for the exact (real-arithmetic) network, so the intersection is too.
///
/// Nodes that are affine images of the input through at most one mixing map
/// (the first convolution after a layout copy or a normalisation) are not
/// refined: their interval bounds are already exact up to rounding.
///
/// Splits (branch and bound on ReLU signs) clip the bounds of chosen units at
/// zero; a child pattern resumes from its parent's bounds at the split node.
struct GraphNodeBounds {
    let network: GraphNetwork
    /// Per node, sound lower and upper bounds of its exact value.
    private(set) var lower: [[Double]]
    private(set) var upper: [[Double]]
    /// Per node, `max(|lower|, |upper|)`: bounds the size of its exact value.
    private(set) var magnitude: [[Double]]
    /// Per affine node, `|L| m + |b|` (`m` the operand's magnitude), rounded up:
    /// bounds the terms whose rounding a back-substitution step through it commits.
    private(set) var affineSpread: [[Double]?]
    /// `|L|` of every affine node, formed once.
    let magnitudeMaps: [(any LinearMap)?]
    /// The error factor `κ = 2γ_N` of every back-substitution sum, `N` at least
    /// four times the graph's size (Docs/verification.md, "Graph networks").
    let errorFactor: Double
    /// Columns of one back-substitution pass: keeps every coefficient block near 32 MiB.
    let columnsPerPass: Int
    /// Per node, whether its unstable units are refined by back-substitution.
    let refined: [Bool]
    let deadline: Deadline

    /// Whether the split decisions contradict the bounds: no input of the box
    /// has that sign pattern, and no other bound was computed.
    private(set) var isEmpty = false

    /// The bounds of every node over the inputs of the box `[lowerInput, upperInput]`
    /// whose pre-activations have the signs `splits` fixes, or `nil` if `deadline`
    /// expires first.
    ///
    /// `splits[j][i] = true` restricts unit `i` of node `j` (a node read by a
    /// ReLU) to `z_i ≥ 0`, `false` to `z_i ≤ 0`: its bounds are clipped at 0
    /// before any later node is bounded. The two halves of a split cover the
    /// box, so a property excluded on both is excluded on the box.
    init?(network: GraphNetwork, lower lowerInput: [Double], upper upperInput: [Double], deadline: Deadline,
          splits: [Int: [Int: Bool]] = [:]) {
        let graph = network.graph
        self.network = network
        self.deadline = deadline
        // κ covers one dot product or sum of up to N terms in any order (γ_N,
        // doubled by the safety factor), N above every node's size and above the
        // number of error terms a whole pass adds up.
        let total = graph.nodes.reduce(0) { $0 + $1.count }
        errorFactor = RoundingModel.safetyFactor * RoundingModel.gamma(4 * total + 64)
        let widest = graph.nodes.map(\.count).max() ?? 1
        columnsPerPass = max(8, min(512, (1 << 22) / max(widest, 1)))
        magnitudeMaps = graph.nodes.map { node in
            if case .affine(let op) = node.operation { return op.map.magnitude }
            return nil
        }
        refined = Self.refinedNodes(of: graph)
        lower = [lowerInput]
        upper = [upperInput]
        magnitude = [zip(lowerInput, upperInput).map { max(abs($0), abs($1)) }]
        affineSpread = [nil]
        guard extend(from: 1, splits: splits) else { return nil }
    }

    /// The bounds under `splits` when they differ from `parent`'s only at node
    /// `first` and later: the nodes before `first` are `parent`'s, the others
    /// are computed again. `nil` if the deadline expires first.
    init?(resuming parent: GraphNodeBounds, from first: Int, splits: [Int: [Int: Bool]]) {
        precondition(first >= 1 && first <= parent.lower.count, "resuming at node \(first) of \(parent.lower.count) bounded")
        self = parent
        isEmpty = false
        lower.removeSubrange(first...)
        upper.removeSubrange(first...)
        magnitude.removeSubrange(first...)
        affineSpread.removeSubrange(first...)
        guard extend(from: first, splits: splits) else { return nil }
    }

    /// The nodes read by a ReLU whose unstable units are refined by back-substitution:
    /// all but the affine images of the input through at most one mixing map
    /// (not a copy or a diagonal scale), whose interval bounds are exact up to rounding.
    private static func refinedNodes(of graph: OperatorGraph) -> [Bool] {
        var mixing: [Int?] = [0]
        for node in graph.nodes.dropFirst() {
            if case .affine(let op) = node.operation {
                mixing.append(mixing[node.operands[0]].map { $0 + (op.map is IndexMap || op.map is ElementwiseScale ? 0 : 1) })
            } else {
                mixing.append(nil)
            }
        }
        var refined = [Bool](repeating: false, count: graph.nodes.count)
        for node in graph.nodes {
            if case .relu = node.operation, (mixing[node.operands[0]] ?? 2) > 1 { refined[node.operands[0]] = true }
        }
        return refined
    }

    /// Bounds nodes `first`, `first + 1`, … in order (the earlier ones are
    /// bounded); `false` at the deadline. Stops early when the bounds cross.
    private mutating func extend(from first: Int, splits: [Int: [Int: Bool]]) -> Bool {
        let graph = network.graph
        for index in first..<graph.nodes.count {
            let node = graph.nodes[index]
            if deadline.isExpired { return false }
            let operands = node.operands.map {
                (lower: Matrix(rows: lower[$0].count, columns: 1, storage: lower[$0]),
                 upper: Matrix(rows: upper[$0].count, columns: 1, storage: upper[$0]))
            }
            let interval = GraphNetwork.intervalBounds(of: node.operation, operands: operands, columns: 1)
            // A NaN bound (an overflow met ∞ − ∞) knows nothing: make it infinite.
            lower.append(interval.lower.storage.map { $0.isNaN ? -.infinity : $0 })
            upper.append(interval.upper.storage.map { $0.isNaN ? .infinity : $0 })
            if case .affine(let op) = node.operation, let map = magnitudeMaps[index] {
                let j = node.operands[0]
                let raw = map.apply(to: Matrix(rows: magnitude[j].count, columns: 1, storage: magnitude[j])).storage
                // |L| m is itself rounded (relative γ_fanIn at most): raise it past that.
                let raise = 1 + errorFactor
                affineSpread.append(raw.indices.map { i in ((raw[i] + abs(op.bias?[i] ?? 0)) * raise).nextUp })
            } else {
                affineSpread.append(nil)
            }
            if refined[index] {
                guard refine(node: index) else { return false }
            }
            for (unit, active) in splits[index] ?? [:] {
                if active { lower[index][unit] = max(lower[index][unit], 0) } else { upper[index][unit] = min(upper[index][unit], 0) }
            }
            // Sound bounds of a non-empty set of inputs never cross.
            if zip(lower[index], upper[index]).contains(where: { $0 > $1 }) {
                isEmpty = true
                return true
            }
            magnitude.append(zip(lower[index], upper[index]).map { max(abs($0), abs($1)) })
        }
        return true
    }

    /// Tightens the bounds of `node`'s unstable units by back-substitution; `false` at the deadline.
    private mutating func refine(node: Int) -> Bool {
        let unstable = lower[node].indices.filter { lower[node][$0] < 0 && upper[node][$0] > 0 }
        guard !unstable.isEmpty else { return true }
        let count = lower[node].count
        // Two objectives per unit, +e_i then −e_i, in passes of at most `columnsPerPass` columns.
        let perPass = max(1, columnsPerPass / 2)
        var start = 0
        while start < unstable.count {
            let units = Array(unstable[start..<min(start + perPass, unstable.count)])
            var objectives = Matrix(rows: count, columns: 2 * units.count)
            for (k, i) in units.enumerated() {
                objectives.storage[i * 2 * units.count + 2 * k] = 1
                objectives.storage[i * 2 * units.count + 2 * k + 1] = -1
            }
            guard let bounds = lowerBounds(of: objectives, at: node) else { return false }
            for (k, i) in units.enumerated() {
                lower[node][i] = max(lower[node][i], bounds[2 * k])
                upper[node][i] = min(upper[node][i], -bounds[2 * k + 1])
            }
            start += units.count
        }
        return true
    }
}
