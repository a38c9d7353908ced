import Probability

/// `verify` on graph networks: sound interval and symbolic (back-substitution)
/// bounds with input splitting for `unsat`, gradient falsification checked by
/// interval bounds for `sat` (Docs/graph-networks.md, "verify").
extension GraphNetwork {
    /// The most input coordinates that may vary for the search to split the box;
    /// above it only the whole box is bounded.
    static let maximumSplitDimensions = 16
    /// Boxes bounded together, as the columns of one pass.
    static let boxesPerPass = 32

    /// Answers the VNN-LIB query `property`: is there an input in one of its
    /// regions whose output satisfies that region's output constraint?
    ///
    /// Order per region: the box centre; interval bounds with splitting, up to
    /// ``firstProofBudget`` boxes; symbolic bounds of the whole region if it is
    /// too wide to split (within a quarter of the time left, at most
    /// ``firstSymbolicSeconds``); the gradient search; then, until the time limit, interval bounds and, for
    /// boxes they leave open, symbolic bounds, with ReLU splitting
    /// (``proveBySplittingRelus(lower:upper:disjuncts:deadline:boxes:budget:)``)
    /// where the box has too many free inputs to split.
    ///
    /// - `unsat`: for every region, every box of a split of the region has
    ///   bounds under which no disjunct of the output constraint can hold:
    ///   interval bounds (``intervalOutputs(lower:upper:)``) or back-substituted
    ///   linear bounds (``GraphNodeBounds``), both rounded outward. The box is
    ///   split (widest coordinate first) only when at most
    ///   ``maximumSplitDimensions`` coordinates vary.
    /// - `sat`: a point of the box, found from the centre and seeded random
    ///   starts by signed-gradient steps on the constraint's worst row, whose
    ///   outputs' interval bounds at that very point satisfy a whole disjunct:
    ///   the exact network's outputs there satisfy it, whatever the rounding.
    /// - `timeout` when the time limit ends the search, `unknown` otherwise.
    ///
    /// - Throws: ``VerificationError`` if the property's sizes do not match the
    ///   network or a region's box is unbounded.
    public func verify(_ property: VNNLibProperty, timeLimitSeconds: Double? = nil) throws -> PropertyVerificationResult {
        let deadline = Deadline(seconds: timeLimitSeconds)
        try property.checkFits(inputCount: inputDimension, outputCount: outputCount)
        var boxes = 0
        var unproven = false
        var timedOut = false
        func result(_ answer: PropertyVerificationResult.Answer, _ counterexample: Counterexample? = nil, note: String? = nil)
            -> PropertyVerificationResult {
            PropertyVerificationResult(answer: answer, counterexample: counterexample, mixedIntegerProgramsSolved: 0,
                                       linearProgramsSolved: 0, boxes: boxes, seconds: deadline.elapsedSeconds, note: note)
        }
        for region in property.regions {
            let box = region.inputBox
            let disjuncts = region.outputConstraint.disjuncts
            let centre = (0..<inputDimension).map { box.lower[$0] / 2 + box.upper[$0] / 2 }
            if let point = provenCounterexample(centre, disjuncts: disjuncts) {
                return result(.sat, Counterexample(input: point, output: outputs(point)))
            }
            // Interval bounds first, within a budget of boxes (most low-dimensional
            // unsat regions end here), then the order above.
            var outcome = prove(box: box, disjuncts: disjuncts, deadline: deadline, boxes: &boxes,
                                budget: Self.firstProofBudget, symbolic: false)
            let free = box.lower.indices.filter { box.upper[$0] > box.lower[$0] }.count
            if outcome != .proven, outcome != .timedOut, free > Self.maximumSplitDimensions {
                // One symbolic bound of a region too wide to split, before the gradient
                // search: it settles many regions in a fraction of the search's time.
                // It gets a share of the time; running out of it is not the end.
                let share = Deadline(seconds: deadline.remainingSeconds.map { min($0 / 4, Self.firstSymbolicSeconds) } ?? Self.firstSymbolicSeconds)
                outcome = prove(box: box, disjuncts: disjuncts, deadline: share, boxes: &boxes, budget: 1, symbolic: true)
                if outcome == .timedOut, !deadline.isExpired { outcome = .budgetSpent }
            }
            if outcome != .proven, outcome != .timedOut {
                if let point = falsify(box: box, disjuncts: disjuncts, deadline: deadline) {
                    return result(.sat, Counterexample(input: point, output: outputs(point)))
                }
                outcome = prove(box: box, disjuncts: disjuncts, deadline: deadline, boxes: &boxes, budget: nil, symbolic: true)
            }
            switch outcome {
            case .proven: continue
            case .undecided, .budgetSpent: unproven = true
            case .timedOut: timedOut = true
            }
        }
        if timedOut { return result(.timeout, note: "the time limit ended the search") }
        if unproven {
            return result(.unknown, note: "interval and symbolic bounds could not exclude the property and no counterexample was found"
                          + (inputDimension > 0 ? " (boxes are split only when at most \(Self.maximumSplitDimensions) inputs vary)" : ""))
        }
        return result(.unsat)
    }

    /// Boxes bounded before the gradient search gets its turn.
    static let firstProofBudget = 256
    /// The most seconds the symbolic bound of a whole region may take before the gradient search.
    static let firstSymbolicSeconds = 30.0

    enum ProofOutcome { case proven, undecided, budgetSpent, timedOut }

    /// Depth-first splitting of `box` until every part is excluded by its bounds,
    /// at most `budget` boxes (`nil`: until the deadline). When `symbolic`, a
    /// part the interval bounds leave open is bounded again by back-substitution,
    /// and a part that cannot be split (too many free inputs, or too narrow)
    /// goes to ReLU splitting.
    private func prove(box: InputBox, disjuncts: [[VNNLibProperty.OutputInequality]], deadline: Deadline,
                       boxes: inout Int, budget: Int?, symbolic: Bool) -> ProofOutcome {
        var spent = 0
        let varying = box.lower.indices.filter { box.upper[$0] > box.lower[$0] }
        let splits = varying.count <= Self.maximumSplitDimensions
        var stack = [box]
        while !stack.isEmpty {
            if deadline.isExpired { return .timedOut }
            if let budget, spent >= budget { return .budgetSpent }
            let batch = Array(stack.suffix(Self.boxesPerPass))
            spent += batch.count
            stack.removeLast(batch.count)
            boxes += batch.count
            let d = inputDimension
            var lower = Matrix(rows: d, columns: batch.count), upper = Matrix(rows: d, columns: batch.count)
            for (s, part) in batch.enumerated() {
                for k in 0..<d {
                    lower.storage[k * batch.count + s] = part.lower[k]
                    upper.storage[k * batch.count + s] = part.upper[k]
                }
            }
            let bounds = intervalOutputs(lower: lower, upper: upper)
            for (s, part) in batch.enumerated() {
                let (lo, hi) = Self.column(s, of: bounds)
                let excluded = disjuncts.allSatisfy { conjunction in
                    conjunction.contains { Self.range(of: $0, lower: lo, upper: hi).excludes($0) }
                }
                if excluded { continue }
                let widest = splits ? varying.max(by: { part.upper[$0] - part.lower[$0] < part.upper[$1] - part.lower[$1] }) : nil
                let axis = widest.flatMap { part.upper[$0] - part.lower[$0] > 1e-9 * max(1, abs(part.lower[$0])) ? $0 : nil }
                if symbolic, axis == nil {
                    // A box that cannot be split: split its ReLUs instead.
                    let outcome = proveBySplittingRelus(lower: part.lower, upper: part.upper, disjuncts: disjuncts,
                                                        deadline: deadline, boxes: &boxes, budget: budget)
                    if outcome == .proven { continue }
                    return outcome
                }
                if symbolic {
                    switch symbolicRanges(of: disjuncts, lower: part.lower, upper: part.upper, deadline: deadline) {
                    case nil: return .timedOut
                    case .empty?: continue
                    case .ranges(let ranges, _)?: if Self.excludes(disjuncts, ranges) { continue }
                    }
                }
                guard let axis else { return .undecided }
                let middle = part.lower[axis] / 2 + part.upper[axis] / 2
                var left = part, right = part
                left.upper[axis] = middle
                right.lower[axis] = middle
                stack.append(right)
                stack.append(left)
            }
        }
        return .proven
    }

    /// A point of `box` whose outputs provably satisfy one disjunct, or `nil`.
    private func falsify(box: InputBox, disjuncts: [[VNNLibProperty.OutputInequality]], deadline: Deadline) -> [Double]? {
        let d = inputDimension
        var generator = Xoshiro256StarStar(seed: 20261205)
        let centre = (0..<d).map { box.lower[$0] / 2 + box.upper[$0] / 2 }
        let starts = [centre] + (0..<3).map { _ in
            (0..<d).map { k in box.lower[k] + Double.random(in: 0...1, using: &generator) * (box.upper[k] - box.lower[k]) }
        }
        let steps = 25
        for start in starts {
            for conjunction in disjuncts {
                var x = start
                for step in 0...steps {
                    if deadline.isExpired { return nil }
                    if let point = provenCounterexample(x, disjuncts: disjuncts) { return point }
                    guard step < steps else { break }
                    // Signed gradient step on the worst row of the conjunction, shrinking.
                    let o = outputs(x)
                    guard let worst = conjunction.max(by: { Self.violation($0, o) < Self.violation($1, o) }) else { break }
                    let sign: Double = worst.relation == .greaterOrEqual || worst.relation == .greater ? -1 : 1
                    let g = gradient(of: worst.coefficients.map { $0 * sign }, at: x)
                    let size = 0.25 * (1 - Double(step) / Double(steps)) + 0.01
                    for k in 0..<d where box.upper[k] > box.lower[k] {
                        let moved = x[k] - size * (box.upper[k] - box.lower[k]) * (g[k] > 0 ? 1 : g[k] < 0 ? -1 : 0)
                        x[k] = min(max(moved, box.lower[k]), box.upper[k])
                    }
                }
            }
        }
        return nil
    }

    /// `x` if the interval bounds of its outputs (a box of width zero, so only
    /// rounding) satisfy every row of some disjunct.
    private func provenCounterexample(_ x: [Double], disjuncts: [[VNNLibProperty.OutputInequality]]) -> [Double]? {
        let point = Matrix(rows: x.count, columns: 1, storage: x)
        let bounds = intervalOutputs(lower: point, upper: point)
        let (lo, hi) = Self.column(0, of: bounds)
        let holds = disjuncts.contains { conjunction in
            conjunction.allSatisfy { Self.range(of: $0, lower: lo, upper: hi).guarantees($0) }
        }
        return holds ? x : nil
    }

    /// How far `output` is from satisfying `row` (positive: violated).
    private static func violation(_ row: VNNLibProperty.OutputInequality, _ output: [Double]) -> Double {
        let value = zip(row.coefficients, output).reduce(0) { $0 + $1.0 * $1.1 }
        switch row.relation {
        case .lessOrEqual, .less: return value - row.constant
        case .greaterOrEqual, .greater: return row.constant - value
        case .equal: return abs(value - row.constant)
        }
    }

    private static func column(_ s: Int, of bounds: (lower: Matrix, upper: Matrix)) -> ([Double], [Double]) {
        let b = bounds.lower.columns
        return ((0..<bounds.lower.rows).map { bounds.lower.storage[$0 * b + s] },
                (0..<bounds.upper.rows).map { bounds.upper.storage[$0 * b + s] })
    }

    /// The range of `a·y − constant` over the output box, widened by its rounding.
    struct RowRange {
        let minimum: Double
        let maximum: Double

        /// No output of the box satisfies the row.
        func excludes(_ row: VNNLibProperty.OutputInequality) -> Bool {
            guard minimum.isFinite, maximum.isFinite else { return false }
            switch row.relation {
            case .lessOrEqual: return minimum > 0
            case .less: return minimum >= 0
            case .greaterOrEqual: return maximum < 0
            case .greater: return maximum <= 0
            case .equal: return minimum > 0 || maximum < 0
            }
        }

        /// Every output of the box satisfies the row.
        func guarantees(_ row: VNNLibProperty.OutputInequality) -> Bool {
            guard minimum.isFinite, maximum.isFinite else { return false }
            switch row.relation {
            case .lessOrEqual: return maximum <= 0
            case .less: return maximum < 0
            case .greaterOrEqual: return minimum >= 0
            case .greater: return minimum > 0
            case .equal: return false
            }
        }
    }

    /// `min` and `max` of `a·y − c` over `y ∈ [lower, upper]`, each widened by
    /// `2γ_{K+1} (Σ_k |a_k| max(|lower_k|, |upper_k|) + |c|)` for its rounding.
    static func range(of row: VNNLibProperty.OutputInequality, lower: [Double], upper: [Double]) -> RowRange {
        var (low, high, magnitude) = (-row.constant, -row.constant, abs(row.constant))
        for (k, a) in row.coefficients.enumerated() where a != 0 {
            low += a > 0 ? a * lower[k] : a * upper[k]
            high += a > 0 ? a * upper[k] : a * lower[k]
            magnitude += abs(a) * max(abs(lower[k]), abs(upper[k]))
        }
        let error = RoundingModel.safetyFactor * RoundingModel.gamma(row.coefficients.count + 1) * magnitude
        return RowRange(minimum: (low - error).nextDown, maximum: (high + error).nextUp)
    }
}
