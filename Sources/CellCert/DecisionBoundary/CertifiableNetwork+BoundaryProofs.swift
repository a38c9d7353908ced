extension CertifiableNetwork {
    /// A ball prover: "does an input of the ball of radius `ρ` around the query
    /// (within the domain) have another class?", answered soundly within a time
    /// limit (`unsat`: no; `sat`: a point of the ball that may have).
    typealias BallProver = (_ radius: Double, _ seconds: Double?) throws -> PropertyVerificationResult

    /// The ball prover by `verify` (`prove`) of the property "some rival wins
    /// somewhere in `B_p(x, ρ) ∩ D`", one disjunct `a·o ≥ 0` per rival
    /// (``classChangeCoefficients(to:from:)``): the region's box is
    /// `B_∞(x, ρ) ∩ D`; in ℓ1 the region also carries the ball
    /// (``VNNLibProperty/Region/inputBall``), so input splitting drops the boxes
    /// that miss it and counterexamples lie in it.
    func ballProver(at x: [Double], norm: Norm, domain: InputBox?,
                    verify prove: @escaping (VNNLibProperty, Double?) throws -> PropertyVerificationResult) -> BallProver {
        precondition(norm != .l2, "the ball provers are ℓ∞ and ℓ1 only")
        let original = classify(x)
        let disjuncts = rivals(of: original).map { rival in
            [VNNLibProperty.OutputInequality(coefficients: classChangeCoefficients(to: rival, from: original),
                                             relation: .greaterOrEqual, constant: 0)]
        }
        return { radius, seconds in
            guard let box = Self.searchBox(around: x, radius: radius, domain: domain) else {
                return PropertyVerificationResult(answer: .unknown, counterexample: nil, mixedIntegerProgramsSolved: 0,
                                                  linearProgramsSolved: 0, boxes: 0, seconds: 0,
                                                  note: "the ball's bounding box is not finite")
            }
            var region = VNNLibProperty.Region(inputBox: box, outputConstraint: .init(disjuncts: disjuncts))
            if norm == .l1 { region.inputBall = L1Ball(center: x, radius: radius) }
            return try prove(VNNLibProperty(inputCount: inputDimension, outputCount: outputCount, regions: [region]), seconds)
        }
    }

    /// `R_p(x)` by the certified cell search; with a time limit and a ball prover
    /// for the norm (`prove`: ℓ∞, and ℓ1 for dense networks), the search gets
    /// ``searchShareBeforeProofs`` of it and proofs narrow what it leaves open
    /// (``narrowedByProofs(_:at:norm:domain:deadline:prove:)``).
    func searchThenProofs(at x: [Double], options: DecisionBoundaryOptions, witness: AdversarialWitness?,
                          prove: BallProver?) throws -> DecisionBoundaryResult {
        // Proofs need a time limit to share: without one the search keeps its own limits (cells) alone.
        guard let prove, options.timeLimitSeconds != nil else {
            return try decisionBoundarySearch(at: x, options: options, witness: witness)
        }
        let deadline = Deadline(seconds: options.timeLimitSeconds)
        var searchOptions = options
        searchOptions.timeLimitSeconds = deadline.remainingSeconds.map { $0 * Self.searchShareBeforeProofs }
        let searched = try decisionBoundarySearch(at: x, options: searchOptions, witness: witness)
        return try narrowedByProofs(searched, at: x, norm: options.norm, domain: options.domain, deadline: deadline,
                                    prove: prove)
    }

    /// How close the proven lower bound must come to the witness's distance `w`
    /// for ``narrowedByProofs(_:at:norm:domain:deadline:prove:)`` to call `R`
    /// exact: `10⁻⁵·w` plus a witness step at margin `10⁻¹⁰` (witnesses step past
    /// a boundary point by a multiple of the point's magnitude, to clear rounding),
    /// and never more than the search's slack
    /// (``AdversarialWitness/slack(norm:dimension:pointMagnitude:margin:)``).
    /// The slack alone scales with `‖x‖∞`: on ACAS Xu (`‖x‖∞` up to 60,760 ft)
    /// it is 0.06 raw units in ℓ∞ and 0.3 in ℓ1, and answers with `upper` 14 %
    /// above `lower` were called exact.
    static func proofClosingTolerance(norm: Norm, dimension d: Int, inputMagnitude: Double, distance: Double) -> Double {
        // ‖witness‖∞ ≤ ‖x‖∞ + its distance, since every ℓp distance bounds the ℓ∞ one.
        let magnitude = inputMagnitude + distance
        return min(AdversarialWitness.slack(norm: norm, dimension: d, pointMagnitude: magnitude),
                   1e-5 * distance + AdversarialWitness.slack(norm: norm, dimension: d, pointMagnitude: magnitude, margin: 1e-10))
    }

    /// Bounds this far apart (`upper / lower`) are narrowed from their geometric mean
    /// rather than from the witness (MNIST 256x4, image 20, ℓ1, 60 s: the first proof,
    /// at the witness's 9.12, took half the time and proved nothing).
    static var wideGapRatio: Double { 4 }

    /// The share of a query's time the cell search gets before proofs narrow its bounds.
    /// (Boundary benchmark, ℓ∞: with 0.2, ACAS Xu 98 of 100 exact, median 12.1 s, and
    /// MNIST 7 of 10, median 55.4 s; with 0.1, 98 of 100 in 6.1 s and 7 of 10 in 43.6 s.)
    static var searchShareBeforeProofs: Double { 0.1 }

    /// The share of the time left that one witness descent may take in ``narrowedByProofs(_:at:norm:domain:deadline:prove:)``
    /// (MNIST 256x4: unbounded, two descents took 54 of 60 s and left the proofs 6).
    static var descentShareOfRemainingTime: Double { 0.25 }

    /// Narrows a `.bounded` answer `lower ≤ R ≤ upper` by proofs: "no input of
    /// `B_p(x, ρ) ∩ D` is classified differently", which `prove` answers with sound
    /// arguments only (bound propagation rounded outward, safe LP bounds). In ℓ∞
    /// it is a VNN-LIB property (``ballProver(at:norm:domain:verify:)``) for
    /// ``Network/verify(_:timeLimitSeconds:threads:)`` or
    /// ``GraphNetwork/verify(_:timeLimitSeconds:)``; in ℓ1 (dense networks) the
    /// same with the ball in the property's region for few inputs, else
    /// ``Network/classChangeInL1Ball(around:radius:domain:timeLimitSeconds:)``. `unsat` proves
    /// `R ≥ ρ` (the closure of every rival's region misses the ball); `sat` gives an
    /// input of the ball on a rival's side, which becomes the witness once a
    /// forward pass confirms the class change beyond rounding
    /// (``verifiedWitness(near:from:originalClass:norm:domain:directions:)``), so
    /// `R ≤ ρ`.
    ///
    /// `ρ` is first the witness's distance less the closing tolerance
    /// (``proofClosingTolerance(norm:dimension:inputMagnitude:distance:)``): a
    /// near-optimal witness is confirmed by one proof. Where the witness lies more
    /// than ``wideGapRatio`` times as far as `lower`, `ρ` is the geometric mean of
    /// the two instead (and again after each `unsat`). After a new witness `ρ` is
    /// the midpoint of the bounds; after a proof that ran out of its time share
    /// (half the time left), the midpoint of `lower` and `ρ`. The answer is
    /// `.exact` once `upper − lower` is within that tolerance; else `.bounded`
    /// with the narrowed bounds (Docs/verification.md, "Proofs narrow the bounds").
    func narrowedByProofs(_ result: DecisionBoundaryResult, at x: [Double], norm: Norm, domain: InputBox?,
                          deadline: Deadline, prove: BallProver) throws -> DecisionBoundaryResult {
        guard result.status == .bounded, let searched = result.witness else { return result }
        let originalClass = classify(x)
        func descended(_ found: AdversarialWitness) -> AdversarialWitness {
            // Each descent step builds a whole cell and solves LPs over it: bounded, so the proofs keep their time.
            let share = Deadline(seconds: deadline.remainingSeconds.map { $0 * Self.descentShareOfRemainingTime })
            return descendedWitness(from: found, at: x, originalClass: originalClass, norm: norm, domain: domain, deadline: share)
        }
        var witness = descended(searched)
        var lower = result.lower
        var programs = 0
        var proofs = 0
        func tolerance() -> Double {
            Self.proofClosingTolerance(norm: norm, dimension: x.count, inputMagnitude: Norm.linf.length(x),
                                       distance: witness.distance)
        }
        // Done when `lower` reaches the witness's distance less the tolerance (the same expression as `ρ`'s first aim).
        func isClosed() -> Bool { lower >= witness.distance - tolerance() }
        // Where the witness lies more than `wideGapRatio` times as far as the lower bound, it is
        // likely far from R, and a proof at its distance is both the hardest and a likely waste.
        func aim() -> Double {
            lower > 0 && witness.distance > Self.wideGapRatio * lower
                ? (lower * witness.distance).squareRoot() : witness.distance - tolerance()
        }
        var rho = aim()
        while !isClosed(), rho > lower, !deadline.isExpired {
            let answer = try prove(rho, deadline.remainingSeconds.map { $0 / 2 })
            programs += answer.linearProgramsSolved + answer.mixedIntegerProgramsSolved
            proofs += 1
            switch answer.answer {
            case .unsat:
                lower = rho
                rho = aim()
            case .sat:
                guard let point = answer.counterexample?.input,
                      let found = verifiedWitness(near: point, from: x, originalClass: originalClass, norm: norm,
                                                  domain: domain, directions: [zip(point, x).map { $0 - $1 }]),
                      found.distance < witness.distance else {
                    return narrowed(result, lower: lower, witness: witness, programs: programs, exact: false, deadline: deadline,
                                    note: "a counterexample within distance \(rho) did not verify as a witness")
                }
                witness = descended(found)
                rho = lower + (witness.distance - lower) / 2
            case .timeout, .unknown:
                // Undecided at this radius: a smaller one is easier to prove.
                rho = lower + (rho - lower) / 2
            }
        }
        let exact = isClosed()
        return narrowed(result, lower: lower, witness: witness, programs: programs, exact: exact, deadline: deadline,
                        note: exact ? nil : deadline.isExpired
                            ? "time limit reached (the cell search, then \(proofs) proofs narrowed the bounds)"
                            : "\(proofs) proofs could not narrow the bounds further")
    }

    private func narrowed(_ result: DecisionBoundaryResult, lower: Double, witness: AdversarialWitness, programs: Int,
                          exact: Bool, deadline: Deadline, note: String?) -> DecisionBoundaryResult {
        let bound = min(lower, witness.distance)
        return DecisionBoundaryResult(
            norm: result.norm, method: result.method, status: exact ? .exact : .bounded, distance: exact ? bound : nil,
            lower: bound, upper: witness.distance, witness: witness, cellsExplored: result.cellsExplored,
            linearProgramsSolved: result.linearProgramsSolved + programs, seconds: deadline.elapsedSeconds, note: note)
    }
}
