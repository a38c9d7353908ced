/// Branch and bound over the input box, with MILPs at the nodes: the driver of
/// both ``Network/verify(_:timeLimitSeconds:)`` and
/// ``Network/minimalDistortionMILP(at:options:upperBound:)``.
///
/// A box with many unstable units gives GLPK a MILP it cannot finish (ACAS Xu
/// property 1 over its whole box: 242 of 300 units unstable). Halving the box
/// makes units stable, and a parent's pre-activation bounds stay valid for its
/// halves. So each box is encoded (``NetworkEncoding``, starting from the
/// parent's bounds), each still-open *target* (a disjunct of a property, a rival
/// class) gets its MILP with a time share that shrinks with the number of
/// unstable units, and a target whose MILP is undecided within its share is
/// passed on to the two halves of the box, cut across the input with the
/// largest `width_i · Σ |∂(a·o)/∂x_i|` at the box's centre (`a·o` the output
/// combinations the target constrains). Boxes are examined depth first. A
/// network with more than ``BoundPropagationSearch/maximumSplitDimension``
/// inputs is not split: its MILPs get all the time. (MNIST 256x2, a box of
/// `ρ = 0.0477` with 83 unstable units: 0.1 s per rival and a split along one
/// pixel, again and again, until the proof timed out.)
struct InputSplittingSearch {
    /// What one target's MILP concluded on one box.
    enum Outcome {
        /// Settled on this box (infeasible, or its optimum found); `stop` ends the whole search.
        case settled(stop: Bool)
        /// The time share ran out: split the box. `bound` is the MILP's proven objective
        /// bound on this box, if any.
        case undecided(bound: Double?)
        /// The call's time limit ran out.
        case timeout
        /// Given up on this box (solver failure, unverifiable point), with the reason.
        case failed(String)
    }

    /// How a search ended.
    enum Ending {
        /// Every target settled (or failed) on every box.
        case completed
        /// A target asked to stop (e.g. a counterexample was found).
        case stopped
        /// The time limit.
        case timedOut
    }

    /// At most this many unstable units: a box's MILPs get all the remaining time.
    static let unstableUnitsForFullSearch = 40
    /// At most this many: a box's MILPs get ``mediumShareSeconds`` before the box is split.
    static let unstableUnitsForMediumSearch = 80
    static let mediumShareSeconds = 1.0
    /// More unstable units: the MILPs get this long (about their root relaxation).
    static let shortShareSeconds = 0.1
    /// Boxes bisected this many times are searched to the end, whatever their unstable units.
    static let maximumSplitDepth = 60

    let network: Network
    let deadline: Deadline
    /// An ℓ1 ball the inputs must also lie in: boxes that miss it are skipped, the
    /// others' encodings carry its rows (``NetworkEncoding/addBall(_:inputVariables:to:)``).
    let ball: L1Ball?
    /// Boxes examined (encoded).
    private(set) var boxes = 0
    /// Bound-tightening LPs solved.
    private(set) var linearProgramsSolved = 0
    /// After a time-out: the smallest proven objective bound of the boxes and
    /// targets left open (`−∞` where nothing was proven).
    private(set) var openBound = Double.infinity

    init(network: Network, deadline: Deadline, ball: L1Ball? = nil) {
        self.network = network
        self.deadline = deadline
        self.ball = ball
    }

    /// A part of the region still to examine.
    private struct PendingBox {
        var box: InputBox
        var knownBounds: [[ClosedRange<Double>]]?
        var targets: [Int]
        var bound: Double
        var depth: Int
    }

    /// Searches `box` for `targets`.
    ///
    /// - Parameters:
    ///   - combinations: the output combinations `a` whose sensitivity guides the split, per target.
    ///   - probe: a cheap look at a box before it is encoded; `true` stops the search.
    ///   - solve: the MILP of one target on one encoded box, with its time share
    ///     (`nil`: all the remaining time).
    mutating func run(box: InputBox, targets: [Int], combinations: (Int) -> [[Double]],
                      probe: (InputBox, [Int]) -> Bool,
                      solve: (NetworkEncoding, InputBox, Int, Double?) throws -> Outcome) throws -> Ending {
        // Halving one of many inputs barely changes the bounds (MNIST: one pixel of 784), so such a
        // box's MILPs get all the time instead of a share followed by a split.
        let splitsInput = network.inputDimension <= BoundPropagationSearch.maximumSplitDimension
        var stack = [PendingBox(box: box, knownBounds: nil, targets: targets, bound: -.infinity, depth: 0)]
        while let pending = stack.popLast() {
            guard !deadline.isExpired else {
                openBound = (stack.map(\.bound) + [pending.bound]).min()!
                return .timedOut
            }
            if let ball, ball.misses(pending.box) { continue }
            boxes += 1
            if probe(pending.box, pending.targets) { return .stopped }
            let encoding = try NetworkEncoding(network: network, box: pending.box, tightenWithLinearPrograms: true,
                                               knownBounds: pending.knownBounds, l1Ball: ball, deadline: deadline)
            linearProgramsSolved += encoding.linearProgramsSolved
            let share: Double? = !splitsInput || pending.depth >= Self.maximumSplitDepth
                || encoding.unstableUnitCount <= Self.unstableUnitsForFullSearch ? nil
                : (encoding.unstableUnitCount <= Self.unstableUnitsForMediumSearch ? Self.mediumShareSeconds : Self.shortShareSeconds)
            var open: [Int] = []
            var openBound = Double.infinity
            for target in pending.targets {
                switch try solve(encoding, pending.box, target, share) {
                case .settled(let stop):
                    if stop { return .stopped }
                case .undecided(let bound):
                    open.append(target)
                    openBound = min(openBound, max(pending.bound, bound ?? -.infinity))
                case .timeout:
                    // This target and the unexamined ones keep the box's bound.
                    self.openBound = (stack.map(\.bound) + [pending.bound]).min()!
                    return .timedOut
                case .failed:
                    continue
                }
            }
            guard !open.isEmpty else { continue }
            let coordinate = splitCoordinate(of: pending.box, combinations: open.flatMap(combinations))
            let halves = pending.box.bisected(along: coordinate)
            for half in [halves.upper, halves.lower] {
                stack.append(PendingBox(box: half, knownBounds: encoding.preActivationBounds, targets: open,
                                        bound: openBound, depth: pending.depth + 1))
            }
        }
        return .completed
    }

    /// The coordinate whose halving should help most: the largest
    /// `width_i · Σ_a |∂(a·o)/∂x_i|` at the box's centre, or the widest
    /// coordinate when every gradient vanishes.
    func splitCoordinate(of box: InputBox, combinations: [[Double]]) -> Int {
        let center = box.center
        var sensitivity = [Double](repeating: 0, count: box.dimension)
        for a in combinations {
            for (i, g) in network.outputGradient(of: a, at: center).enumerated() { sensitivity[i] += abs(g) }
        }
        let widths = box.lower.indices.map { box.upper[$0] - box.lower[$0] }
        let scores = widths.indices.map { widths[$0] * sensitivity[$0] }
        let pick = scores.contains(where: { $0 > 0 }) ? scores : widths
        return pick.indices.max { (pick[$0], -$0) < (pick[$1], -$1) }!
    }
}
