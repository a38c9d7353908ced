/// Input splitting with symbolic bounds (ReluVal, Neurify) over one region of a
/// property: the first stage of ``Network/verify(_:timeLimitSeconds:threads:)``.
///
/// A box is examined by computing ``SymbolicBounds`` over it (cheap symbolic
/// intervals over its parent's bounds first, the back-substituted refinement
/// only if they leave a disjunct open) and, for every disjunct still open there,
/// a back-substituted lower bound of each of its rows: one row proven positive
/// on the box, or a combination of rows (``combinationExcludes(_:bounds:)``),
/// rules the disjunct out there. On a box with at most ``maximumPatternUnits``
/// unstable ReLUs, a disjunct still open is decided by branching on their
/// activation patterns (``SymbolicBounds/examineActivationPatterns(_:network:maximumUnits:maximumNodes:)``),
/// which also proposes a candidate point per open pattern; on a deeper box with
/// up to ``maximumLinearProofUnits`` of them, by LP branch and bound with safe
/// dual bounds (``LinearRelaxationProof``). A disjunct left open has its candidate points
/// tried (the box's centre, the corner minimising its most nearly proven
/// row's linear bound, the patterns' points, then a few descent steps from the corner), each accepted only
/// through ``Network/robustCounterexampleOutputs(_:of:)``. Otherwise the box is
/// bisected along the input with the largest smear (ReluVal,
/// ``splitCoordinate(_:rows:bounds:)``), the half nearer to unsafe first. A box
/// split ``maximumDepth`` times (with more than ``maximumSplitDimension`` inputs:
/// any box the bounds leave open) is handed back to the caller for the exact MILP.
/// After ``boxesBeforeWideFalsification`` boxes, a wide gradient falsification
/// runs once over the region. A region with an ℓ1 ball (the decision boundary's
/// ℓ1 proofs) settles every box that misses the ball, and its candidate points
/// are pulled into the ball.
///
/// **Work queue, deterministic answers.** Boxes are kept on a stack (depth
/// first) and taken ``batchSize`` at a time, every ``diversifyEvery``-th batch
/// from the bottom (the shallowest boxes); the batch is examined on
/// `threads` threads and its verdicts are read in batch order. So which boxes
/// are examined, which counterexample is reported and which boxes are handed
/// off depend on the batch size, never on the thread count or on timing (the
/// time limit aside).
struct BoundPropagationSearch {
    /// Boxes examined together; fixed, so that results do not depend on the thread count.
    static let batchSize = 32
    /// Every this many batches, the batch is taken from the bottom of the stack (the
    /// oldest, shallowest boxes) instead of the top: depth first alone can spend the
    /// whole time limit in one tight but safe area while a counterexample waits in
    /// another part of the region (ACAS Xu 5_3, property 2: `sat` after 1,407 boxes,
    /// 1 s, instead of no answer in 116 s). Deterministic: it depends on the batch
    /// count only.
    static let diversifyEvery = 8
    /// Bisections after which a box goes to the MILP.
    static let maximumDepth = 48
    /// Inputs beyond this many: bisecting the input cannot make the bounds tight
    /// (2^d boxes to halve every input once), so the region gets its bounds once and,
    /// if they leave it open, goes to the MILP at once (``splitDepth(inputDimension:)``).
    static let maximumSplitDimension = 16

    /// The bisections allowed before the MILP for a network with `d` inputs.
    static func splitDepth(inputDimension d: Int) -> Int {
        d <= maximumSplitDimension ? maximumDepth : 0
    }
    /// Unstable units up to which a box's open disjuncts are decided pattern by
    /// pattern (``SymbolicBounds/examineActivationPatterns(_:network:maximumUnits:maximumNodes:)``): up to `2^n` small LPs.
    /// (ACAS Xu 1_1, property 5: 2,143 boxes instead of 25,065.)
    static let maximumPatternUnits = 4
    /// Branching nodes allowed per disjunct and box: all `2^4` patterns and their ancestors.
    static let maximumPatternNodes = 32
    /// Unstable units up to which a box the patterns cannot take is tried with
    /// ``LinearRelaxationProof`` (LPs over the box's exact encoding, safe dual
    /// bounds), before it is bisected. (ACAS Xu, 2 threads, with the proof branching
    /// on the deepest layer first; property 2 on 4_2 and 3_3, then property 6 on
    /// 1_1: 32 units 20.1, 24.6 and 7.3 s; 36: 16.4, 22.2, 9.6 s; 40: 14.7,
    /// 19.8, 11.5 s; 48: 12.4, 14.7, 14.9 s; 64: 12.8, 12.4, 18.3 s. Property 6
    /// wastes proofs on boxes with many units that they cannot settle; 40 keeps all
    /// three within nnenum's time + 1 s. The depth (8, 12, 16) and the node budget
    /// (24, 48, 96) changed less, 12 and 48 best.)
    static let maximumLinearProofUnits = 40
    /// Bisections before the LP proof is tried: shallow boxes have too many
    /// unstable units for it, and the bounds settle most of their halves cheaply.
    static let linearProofDepth = 12
    /// Branch-and-bound nodes the LP proof may take per box and disjunct.
    static let linearProofNodes = 48
    /// Descent steps tried in every box the bounds leave open.
    static let falsificationSteps = 8

    let network: Network
    let property: VNNLibProperty
    let deadline: Deadline
    let threads: Int

    /// A box still to examine, with the disjuncts open on it.
    struct Item: Sendable {
        var box: InputBox
        var parent: SymbolicBounds?
        var open: [Int]
        var depth: Int
    }

    /// How the search of one region ended.
    enum Ending {
        /// A checked counterexample.
        case counterexample(Counterexample)
        /// Every box settled by bounds, except `handedOff` (too deep: for the MILP).
        case completed(handedOff: [Item])
        /// The time limit.
        case timedOut
    }

    /// What examining one box concluded.
    private enum Verdict: Sendable {
        case counterexample(Counterexample)
        case settled
        case split([Item])
        case handOff(Item)
        case timedOut
    }

    /// Boxes examined so far.
    private(set) var boxes = 0
    private(set) var wideFalsificationDone = false
    /// After this many boxes, the wide falsification runs once.
    static let boxesBeforeWideFalsification = 4096
    static let wideFalsificationStarts = 512

    /// Searches `region` for its disjuncts, each a conjunction of ``PropertyRow``s.
    mutating func run(region: VNNLibProperty.Region, rows: [[PropertyRow]]) throws -> Ending {
        let ball = region.inputBall
        var stack = [Item(box: region.inputBox, parent: nil, open: Array(rows.indices), depth: 0)]
        var handedOff: [Item] = []
        var batches = 0
        while !stack.isEmpty {
            guard !deadline.isExpired else { return .timedOut }
            batches += 1
            let batch: [Item]
            if batches % Self.diversifyEvery == 0 && stack.count > Self.batchSize {
                batch = Array(stack.prefix(Self.batchSize))
                stack.removeFirst(batch.count)
            } else {
                batch = Array(stack.suffix(Self.batchSize).reversed())
                stack.removeLast(batch.count)
            }
            let search = self
            let disjuncts = region.outputConstraint.disjuncts
            let verdicts = try ParallelLoop.map(count: batch.count, threads: threads) { i in
                search.examine(batch[i], rows: rows, disjuncts: disjuncts, ball: ball)
            }
            boxes += batch.count
            var children: [Item] = []
            for verdict in verdicts {
                switch verdict {
                case .counterexample(let point): return .counterexample(point)
                case .timedOut: return .timedOut
                case .settled: break
                case .split(let halves): children.append(contentsOf: halves)
                case .handOff(let item): handedOff.append(item)
                }
            }
            // The first box's children on top: depth first, in batch order.
            stack.append(contentsOf: children.reversed())
            if boxes >= Self.boxesBeforeWideFalsification && !wideFalsificationDone {
                // A long search: a counterexample may be hidden in a small part of the
                // region, so descend once from many more starting points (seeded).
                wideFalsificationDone = true
                let starts = Network.falsificationStarts(in: region.inputBox, count: Self.wideFalsificationStarts, seed: 0x16)
                for conjunction in rows {
                    if let found = network.gradientFalsification(rows: conjunction, box: region.inputBox, ball: ball,
                                                                 starts: starts,
                                                                 steps: 60, property: property, deadline: deadline) {
                        return .counterexample(found)
                    }
                }
            }
        }
        return .completed(handedOff: handedOff)
    }

    /// `ball`: the region's ℓ1 ball (``VNNLibProperty/Region/inputBall``), if
    /// any: boxes that miss it are settled, candidate points are pulled into it,
    /// the LP proofs' encodings carry its rows.
    private func examine(_ item: Item, rows: [[PropertyRow]], disjuncts: [[VNNLibProperty.OutputInequality]],
                         ball: L1Ball?) -> Verdict {
        guard !deadline.isExpired else { return .timedOut }
        // A box that misses the region's ball holds none of its inputs.
        if let ball, ball.misses(item.box) { return .settled }
        // Cheap forward bounds first (a child inherits its parent's refined bounds);
        // the back-substituted refinement only when they leave a disjunct open.
        // Row combinations only on the refined bounds: on the quick ones they almost never
        // settle a box (ACAS Xu 1_1 property 3: 451 boxes instead of 449) and their 19
        // back-substitutions per conjunction were most of the quick pass's time (4_2
        // property 2: 15 of 30 s, with no box settled by them).
        let quick = SymbolicBounds(network: network, box: item.box, parent: item.parent, refine: false)
        if settles(item.open, rows: rows, bounds: quick, combining: false).open.isEmpty { return .settled }
        let bounds = SymbolicBounds(network: network, box: item.box, parent: item.parent)
        var (open, guides, guideRows) = settles(item.open, rows: rows, bounds: bounds)
        guard !open.isEmpty else { return .settled }
        var patternPoints: [[Double]] = []
        // A box across the ball's sphere: its bounds and activation patterns cover the whole box, so
        // a class change just outside the ball keeps it open however small it gets; the LP proof
        // encodes the ball's rows and settles it exactly.
        let acrossBall = ball.map { !$0.contains(item.box) } ?? false
        if bounds.unstableUnitCount <= Self.maximumPatternUnits && !acrossBall {
            // Few unstable units: bisecting the input only shrinks their relaxations;
            // decide each open disjunct exactly instead, activation pattern by pattern.
            var kept: [Int] = []
            for position in open.indices {
                switch bounds.examineActivationPatterns(rows[open[position]], network: network,
                                                        maximumUnits: Self.maximumPatternUnits,
                                                        maximumNodes: Self.maximumPatternNodes) {
                case .excluded:
                    continue
                case .candidate(let point):
                    patternPoints.append(rawPoint(point, in: item.box))
                    kept.append(position)
                case .open:
                    kept.append(position)
                }
            }
            if kept.isEmpty { return .settled }
            open = kept.map { open[$0] }
            guides = kept.map { guides[$0] }
            guideRows = kept.map { guideRows[$0] }
        }
        let corners = guides.map { rawPoint($0.minimizingCorner, in: item.box) }
        for candidate in [item.box.center] + corners + patternPoints {
            if let found = network.robustCounterexample(item.box.clamped(candidate, into: ball), of: property) {
                return .counterexample(found)
            }
        }
        // A few descent steps from the most suspicious corner of each open disjunct.
        for (j, corner) in zip(open, corners) {
            if let found = network.gradientFalsification(rows: rows[j], box: item.box, ball: ball, starts: [corner],
                                                         steps: Self.falsificationSteps, property: property) {
                return .counterexample(found)
            }
        }
        if bounds.unstableUnitCount <= Self.maximumLinearProofUnits,
           acrossBall || (bounds.unstableUnitCount > Self.maximumPatternUnits && item.depth >= Self.linearProofDepth) {
            // Too many units for the patterns (or a box across the ball's sphere), few enough for LPs:
            // the exact encoding's LP relaxation with branching decides what bisection would take many
            // halves to.
            let outcomes = linearProofOutcomes(open.map { disjuncts[$0] }, box: item.box, ball: ball, bounds: bounds)
            for case .candidate(let point) in outcomes {
                if let found = network.robustCounterexample(item.box.clamped(point, into: ball), of: property) {
                    return .counterexample(found)
                }
            }
            let kept = open.indices.filter { outcomes[$0] != .proven }
            if kept.isEmpty { return .settled }
            open = kept.map { open[$0] }
            guideRows = kept.map { guideRows[$0] }
        }
        let here = Item(box: item.box, parent: bounds, open: open, depth: item.depth)
        guard item.depth < Self.splitDepth(inputDimension: network.inputDimension) else { return .handOff(here) }
        let coordinate = splitCoordinate(item.box, rows: guideRows, bounds: bounds)
        let halves = item.box.bisected(along: coordinate)
        // A box too thin to halve (adjacent doubles) cannot be split further.
        guard halves.lower.upper[coordinate] > item.box.lower[coordinate],
              halves.upper.lower[coordinate] < item.box.upper[coordinate] else { return .handOff(here) }
        // The half whose centre is nearer to unsafe first: a counterexample is found
        // sooner, and an unsat search examines the same boxes either way.
        var children = [halves.lower, halves.upper]
        if suspicion(of: children[1], open: open, rows: rows) < suspicion(of: children[0], open: open, rows: rows) {
            children.swapAt(0, 1)
        }
        return .split(children.map { Item(box: $0, parent: bounds, open: open, depth: item.depth + 1) })
    }

    /// For each conjunction, what ``LinearRelaxationProof`` concludes on `box`
    /// within ``linearProofNodes`` nodes (`proven`: excluded; a `candidate`
    /// point to try). The encoding starts from the symbolic bounds'
    /// pre-activation intervals (rigorous), so only units they leave unstable
    /// get binaries and tightening LPs.
    private func linearProofOutcomes(_ conjunctions: [[VNNLibProperty.OutputInequality]], box: InputBox, ball: L1Ball?,
                                     bounds: SymbolicBounds) -> [LinearRelaxationProof.Outcome] {
        let known = (0..<network.hiddenActivations.count).map { l in
            zip(bounds.lower[l], bounds.upper[l]).map { $0...max($0, $1) }
        }
        guard let encoding = try? NetworkEncoding(network: network, box: box, tightenWithLinearPrograms: true,
                                                  knownBounds: known, l1Ball: ball, deadline: deadline) else {
            return conjunctions.map { _ in .undecided("the box could not be encoded") }
        }
        return conjunctions.map { conjunction in
            var proof = LinearRelaxationProof(deadline: deadline)
            return (try? proof.excludes(conjunction, in: encoding, maximumNodes: Self.linearProofNodes,
                                          branching: .deepestLayerFirst))
                ?? .undecided("the proof failed")
        }
    }

    /// The disjuncts of `candidates` that no row's bound (nor, when `combining`, a
    /// combination of rows) rules out on the box, and for each the bound of its most
    /// nearly proven row (the split's guide).
    private func settles(_ candidates: [Int], rows: [[PropertyRow]], bounds: SymbolicBounds, combining: Bool = true)
        -> (open: [Int], guides: [SymbolicBounds.RowBound], guideRows: [PropertyRow]) {
        var open: [Int] = []
        var guides: [SymbolicBounds.RowBound] = []
        var guideRows: [PropertyRow] = []
        for j in candidates {
            var best: SymbolicBounds.RowBound?
            var bestRow: PropertyRow?
            var bestScore = -Double.infinity
            var excluded = false
            for row in rows[j] {
                let rowBound = bounds.lowerBound(of: row, network: network)
                if row.isExcluded(byLowerBound: rowBound.bound) {
                    excluded = true
                    break
                }
                let score = rowBound.bound / row.scale
                if score > bestScore || best == nil { (best, bestRow, bestScore) = (rowBound, row, score) }
            }
            guard !excluded else { continue }
            if combining && rows[j].count >= 2 && combinationExcludes(rows[j], bounds: bounds) { continue }
            open.append(j)
            if let best, let bestRow { guides.append(best); guideRows.append(bestRow) }
        }
        return (open, guides, guideRows)
    }

    /// `min_j max_i v_ji(o(c)) / scale_ji` at the box's centre `c` over the open
    /// disjuncts `j`: below 0 where the centre is unsafe (floating point; an ordering only).
    private func suspicion(of box: InputBox, open: [Int], rows: [[PropertyRow]]) -> Double {
        let o = network.outputs(box.center)
        let value = open.map { j in rows[j].map { $0.value(o) / $0.scale }.max() ?? -.infinity }.min() ?? .infinity
        return value.isNaN ? .infinity : value
    }

    /// Weights tried for pairs of rows in ``combinationExcludes(_:bounds:)``.
    static let pairWeights: [(Double, Double)] = [(0.5, 0.5), (0.25, 0.75), (0.75, 0.25)]
    /// Rows of a conjunction combined (ACAS Xu's have up to four).
    static let combinedRows = 4

    /// Whether a combination `Σ μ_i v_i` (`μ ≥ 0`, not all zero) of a
    /// conjunction's rows has a positive proven lower bound on the box: then no
    /// point has every `v_i ≤ 0`, although no single row is positive throughout
    /// (a box across the surface where the winning row changes). Tries the
    /// pairs of the ``combinedRows`` most nearly proven rows with ``pairWeights``,
    /// and those rows together with equal weights.
    ///
    /// The combined row is formed in floating point; its bound
    /// (``SymbolicBounds/combinedLowerBound(_:weights:network:adding:)``) is
    /// lowered by the rounding of forming it.
    private func combinationExcludes(_ rows: [PropertyRow], bounds: SymbolicBounds) -> Bool {
        let ranked = rows.map { ($0, bounds.lowerBound(of: $0, network: network).bound / $0.scale) }
            .sorted { $0.1 > $1.1 }.prefix(Self.combinedRows).map(\.0)
        var combinations: [[(Double, PropertyRow)]] = []
        for a in ranked.indices {
            for b in ranked.indices where b > a {
                for (wa, wb) in Self.pairWeights { combinations.append([(wa, ranked[a]), (wb, ranked[b])]) }
            }
        }
        if ranked.count >= 3 { combinations.append(ranked.map { (1.0 / Double(ranked.count), $0) }) }
        for combination in combinations {
            let proven = bounds.combinedLowerBound(combination.map(\.1), weights: combination.map(\.0), network: network,
                                                   adding: [])
            if proven.isFinite && proven > 0 { return true }
        }
        return false
    }

    /// A normalised point mapped back to raw input units, clamped into `box`.
    private func rawPoint(_ normalized: [Double], in box: InputBox) -> [Double] {
        guard let t = network.inputTransform else { return box.clamped(normalized) }
        return box.clamped(normalized.indices.map { normalized[$0] * t.scale[$0] + t.mean[$0] })
    }

    /// The input with the largest smear `Σ_rows S_i · width'_i` (ReluVal): `S_i`
    /// bounds `|∂v/∂x'_i|` over the box, back-propagating `|a|` through `|W|` and
    /// every unit that is not stably inactive (derivative in `[0, 1]`). Unlike the
    /// final linear bound's coefficients, it sees the inputs that unstable units
    /// depend on. The widest input when every smear vanishes.
    private func splitCoordinate(_ box: InputBox, rows: [PropertyRow], bounds: SymbolicBounds) -> Int {
        let widths = box.lower.indices.map { i in
            (box.upper[i] - box.lower[i]) / (network.inputTransform?.scale[i] ?? 1)
        }
        var scores = [Double](repeating: 0, count: widths.count)
        for row in rows {
            var s = row.coefficients.map { abs($0) * abs(network.outputTransform?.scale ?? 1) }
            for l in stride(from: network.layers.count - 1, through: 0, by: -1) {
                let layer = network.layers[l]
                var next = [Double](repeating: 0, count: layer.inputCount)
                for j in 0..<layer.outputCount where s[j] != 0 {
                    for k in 0..<layer.inputCount { next[k] += abs(layer.weights[j, k]) * s[j] }
                }
                if l > 0 {
                    for k in next.indices where bounds.upper[l - 1][k] <= 0 { next[k] = 0 }
                    if network.hiddenActivations[l - 1] == .heaviside {
                        // A Heaviside unit's derivative is 0 wherever it exists; its jump is what splitting resolves.
                        for k in next.indices where bounds.lower[l - 1][k] > 0 { next[k] = 0 }
                    }
                }
                s = next
            }
            for i in scores.indices { scores[i] += s[i] * widths[i] }
        }
        let pick = scores.contains(where: { $0 > 0 }) ? scores : widths
        return pick.indices.max { (pick[$0], -$0) < (pick[$1], -$1) }!
    }

}


