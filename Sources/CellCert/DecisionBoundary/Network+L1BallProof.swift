/// The largest radius at which each rival class was excluded from the ℓ1 ball
/// around one query, shared by that query's proofs: a proof at a radius no larger
/// skips the rival, since `B₁(x, ρ') ⊂ B₁(x, ρ)` for `ρ' ≤ ρ`. After a proof
/// runs out of time, the next one (at a smaller radius) spends its time on the
/// rivals still open.
final class ExcludedRivals {
    private(set) var radii: [Int: Double] = [:]

    /// Whether `rival` was excluded from a ball of radius at least `radius`.
    func covers(_ rival: Int, radius: Double) -> Bool { radii[rival].map { $0 >= radius } ?? false }

    func record(_ rival: Int, radius: Double) { radii[rival] = max(radii[rival] ?? radius, radius) }
}

extension Network {
    /// Whether an input of `B_1(x, ρ) ∩ D` is classified differently from `x`,
    /// answered with sound arguments only: the ℓ1 proofs of
    /// ``CertifiableNetwork/narrowedByProofs(_:at:norm:domain:deadline:prove:)``.
    ///
    /// The network is encoded exactly over the box `B_∞(x, ρ) ∩ D` with the ball's
    /// rows added (``L1Ball``: the first layer's bounds from the
    /// ball, the later layers' tightened by LPs over it), and for each rival, the
    /// one with the smallest output margin at `x` first, ``LinearRelaxationProof``
    /// tries to exclude `a·o ≥ 0` (the closure of that rival's region). Every
    /// rival excluded → `unsat` (`R₁ ≥ ρ`). A proof's candidate point → `sat` with
    /// that point (the caller accepts it only as a verified witness within `ρ`);
    /// the time limit → `timeout`; a failed proof → `unknown`. Rivals that
    /// `excluded` already covers at this radius are skipped, and those excluded
    /// here are recorded in it.
    func classChangeInL1Ball(around x: [Double], radius: Double, domain: InputBox?, timeLimitSeconds: Double?,
                             excluded: ExcludedRivals? = nil) throws -> PropertyVerificationResult {
        let deadline = Deadline(seconds: timeLimitSeconds)
        var programs = 0
        func result(_ answer: PropertyVerificationResult.Answer, _ counterexample: Counterexample? = nil,
                    note: String? = nil) -> PropertyVerificationResult {
            PropertyVerificationResult(answer: answer, counterexample: counterexample, mixedIntegerProgramsSolved: 0,
                                       linearProgramsSolved: programs, boxes: 1, seconds: deadline.elapsedSeconds, note: note)
        }
        guard let box = Self.searchBox(around: x, radius: radius, domain: domain) else {
            return result(.unknown, note: "the ball's bounding box is not finite")
        }
        let original = classify(x)
        let changes = rivals(of: original).filter { !(excluded?.covers($0, radius: radius) ?? false) }
            .map { (rival: $0, a: classChangeCoefficients(to: $0, from: original)) }
        guard !changes.isEmpty else { return result(.unsat) }
        let encoding = try NetworkEncoding(network: self, box: box, tightenWithLinearPrograms: true,
                                           l1Ball: L1Ball(center: x, radius: radius), deadline: deadline)
        programs += encoding.linearProgramsSolved
        let output = outputs(x)
        // The class change `a·o ≥ 0` nearest to holding at x first: its proof is the likeliest to find a point.
        let value = { (a: [Double]) -> Double in zip(a, output).reduce(0.0) { $0 + $1.0 * $1.1 } }
        for (rival, a) in changes.sorted(by: { value($0.a) > value($1.a) }) {
            var proof = LinearRelaxationProof(deadline: deadline)
            let row = VNNLibProperty.OutputInequality(coefficients: a, relation: .greaterOrEqual, constant: 0)
            // A program GLPK cannot take (e.g. a weight of 1e-300) is refused before any GLPK call: no proof, `unknown`.
            let outcome: LinearRelaxationProof.Outcome
            do {
                outcome = try proof.excludes([row], in: encoding) { point in
                    // An LP point past the boundary is a witness within ρ: the radius is not provable.
                    checkedWitness(box.clamped(point), from: x, originalClass: original, norm: .l1, domain: domain) != nil
                }
            } catch {
                return result(.unknown, note: "the proof failed: \(error)")
            }
            programs += proof.linearProgramsSolved
            switch outcome {
            case .proven: excluded?.record(rival, radius: radius)
            case .candidate(let point):
                let y = box.clamped(point)
                return result(.sat, Counterexample(input: y, output: outputs(y)))
            case .timedOut: return result(.timeout, note: "time limit reached")
            case .undecided(let reason): return result(.unknown, note: reason)
            }
        }
        return result(.unsat)
    }
}
