import Probability

extension CertifiableNetwork {
    /// A cheap upper bound on `R_p(x)`: a verified adversarial input, or `nil`.
    ///
    /// The network is affine on each cell, so the decision faces of the cell of
    /// the current point `y` linearise the boundary. Two kinds of attempts:
    /// 1. for each rival face of `x`'s own cell, the minimal `p`-norm step from
    ///    `x` onto that face's hyperplane (slightly overshot), clamped to the domain;
    /// 2. DeepFool (Moosavi-Dezfooli et al. 2016) in norm `p`: from `y = x`,
    ///    repeatedly step to the nearest linearised decision hyperplane of the
    ///    cell of `y` (overshoot 2%), clamp to the domain, until the class changes.
    /// Each candidate that changes the class is pulled back by bisection on the
    /// segment from `x`, and the smallest verified witness wins. A heuristic:
    /// it proves nothing about points it does not find; the witness it returns
    /// is re-evaluated by the forward pass like every other.
    ///
    /// - Precondition: `x` is a valid input (finite, right dimension), inside `domain` if given.
    public func boundaryAttack(at x: [Double], norm: Norm, domain: InputBox?, iterations: Int = 30) -> AdversarialWitness? {
        guard let start = try? cell(at: x) else { return nil }
        let originalClass = start.pattern.predictedClass
        var best: AdversarialWitness? = nil
        func consider(_ candidate: [Double]) {
            guard let witness = boundaryCrossing(from: x, to: candidate, originalClass: originalClass,
                                                 norm: norm, domain: domain) else { return }
            if best == nil || witness.distance < best!.distance { best = witness }
        }
        let decisionRows = start.faceRows.filter { start.units[$0].isDecision }
        for u in decisionRows {
            consider(Self.overshotStep(from: x, across: u, of: start, norm: norm, domain: domain))
        }
        var y = x
        for _ in 0..<iterations {
            guard let current = try? cell(at: y) else { break }
            if current.pattern.predictedClass != originalClass {
                consider(y)
                break
            }
            let rows = current.faceRows.filter { current.units[$0].isDecision }
            let distances = current.estimatedDistances(from: y, norm: norm)
            guard let nearest = rows.min(by: { distances[$0] < distances[$1] }), distances[nearest].isFinite else { break }
            let next = Self.overshotStep(from: y, across: nearest, of: current, norm: norm, domain: domain)
            if next == y { break }
            y = next
        }
        if decision.decide(outputs(y)) != originalClass { consider(y) }
        if best == nil, let found = randomBallCrossing(from: x, originalClass: originalClass, norm: norm, domain: domain) {
            best = found
        }
        return best
    }

    /// Samples per ball of ``randomBallCrossing(from:originalClass:norm:domain:)``, and the balls tried.
    static var randomBallSamples: Int { 64 }
    static var randomBallCount: Int { 40 }

    /// A third attempt when the linearised steps find no class change (their
    /// cells' decision faces can all lead back into the same class): seeded
    /// random points of ℓ∞ balls around `x` whose radii double from
    /// `10⁻⁶ (1 + ‖x‖∞)`, clamped to the domain (the domain's widest side ends
    /// the doubling); the first ball with a point of another class gives the
    /// witness, pulled back by bisection toward `x`. Deterministic.
    func randomBallCrossing(from x: [Double], originalClass: Int, norm: Norm, domain: InputBox?) -> AdversarialWitness? {
        var generator = SplitMix64(seed: 0x5eed_16)
        let largest = domain.map { box in box.lower.indices.map { box.upper[$0] - box.lower[$0] }.max() ?? 0 }
        var radius = 1e-6 * (1 + (x.map(abs).max() ?? 0))
        for _ in 0..<Self.randomBallCount {
            var best: AdversarialWitness?
            for _ in 0..<Self.randomBallSamples {
                let offset = x.map { _ in (Double(generator.next() >> 11) * 0x1p-53 * 2 - 1) * radius }
                let point = zip(x, offset).map { $0 + $1 }
                let candidate = domain?.clamped(point) ?? point
                guard decision.decide(outputs(candidate)) != originalClass,
                      let witness = boundaryCrossing(from: x, to: candidate, originalClass: originalClass,
                                                     norm: norm, domain: domain) else { continue }
                if best == nil || witness.distance < best!.distance { best = witness }
            }
            if let best { return best }
            if let largest, radius > largest { break }
            radius *= 2
        }
        return nil
    }

    /// The minimal `norm` step from `origin` onto row `u`'s hyperplane (the
    /// cell's affine function extended to all of ℝ^d), overshot by 2% plus a hair,
    /// then clamped to the domain.
    static func overshotStep(from origin: [Double], across u: Int, of cell: Cell,
                             norm: Norm, domain: InputBox?) -> [Double] {
        let target = cell.nearestPoint(onRow: u, to: origin, norm: norm)
        let scale = max(1, origin.map(abs).max() ?? 0)
        var step = zip(target, origin).map { ($0 - $1) * 1.02 }
        let length = Norm.linf.length(step)
        if length > 0 { step = step.map { $0 + 1e-9 * scale * $0 / length } }
        let point = zip(origin, step).map { $0 + $1 }
        return domain?.clamped(point) ?? point
    }

    /// A class change on the segment from `x` to `far` (`f(far) ≠ f(x)`),
    /// located by bisection to ~1e-15 of the segment, as a verified witness
    /// (``checkedWitness(_:from:originalClass:norm:domain:)``)
    /// (the segment may cross the boundary more than once; bisection keeps an
    /// endpoint of each class and finds one crossing).
    func boundaryCrossing(from x: [Double], to far: [Double], originalClass: Int, norm: Norm,
                          domain: InputBox?) -> AdversarialWitness? {
        guard var witness = checkedWitness(far, from: x, originalClass: originalClass, norm: norm, domain: domain) else {
            return nil
        }
        var inside = 0.0
        var outside = 1.0
        let point = { (t: Double) in zip(x, far).map { $0 + t * ($1 - $0) } }
        // "Outside" means a verified witness (a class change beyond rounding), so the
        // end point stays one; the segment lies in the (convex) domain, so every
        // bisection point does too.
        for _ in 0..<60 where outside - inside > 1e-15 {
            let middle = (inside + outside) / 2
            if let nearer = checkedWitness(point(middle), from: x, originalClass: originalClass, norm: norm, domain: domain) {
                (outside, witness) = (middle, nearer)
            } else {
                inside = middle
            }
        }
        return witness
    }
}

extension FaceUnit {
    /// Whether the face comes from a hidden unit (as opposed to the decision head).
    public var isHidden: Bool {
        if case .hidden = self { return true }
        return false
    }

    /// Whether the face belongs to the decision head (an output comparison, or the
    /// threshold unit): beyond it the class changes. Every other face (a ReLU, a
    /// max-pool comparison) leads to a neighbouring cell.
    public var isDecision: Bool {
        switch self {
        case .output, .comparison: return true
        case .hidden, .poolComparison: return false
        }
    }
}
