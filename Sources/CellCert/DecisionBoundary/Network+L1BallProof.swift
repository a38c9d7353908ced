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
    /// the time limit → `timeout`; a failed proof → `unknown`.
    func classChangeInL1Ball(around x: [Double], radius: Double, domain: InputBox?,
                             timeLimitSeconds: Double?) throws -> PropertyVerificationResult {
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
        let encoding = try NetworkEncoding(network: self, box: box, tightenWithLinearPrograms: true,
                                           l1Ball: L1Ball(center: x, radius: radius), deadline: deadline)
        programs += encoding.linearProgramsSolved
        let original = classify(x)
        let output = outputs(x)
        // The class change `a·o ≥ 0` nearest to holding at x first: its proof is the likeliest to find a point.
        let value = { (a: [Double]) -> Double in zip(a, output).reduce(0.0) { $0 + $1.0 * $1.1 } }
        let changes: [[Double]] = rivals(of: original).map { classChangeCoefficients(to: $0, from: original) }
        for a in changes.sorted(by: { value($0) > value($1) }) {
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
            case .proven: continue
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
