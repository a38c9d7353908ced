extension CertifiableNetwork {
    /// Steps of ``descendedWitness(from:at:originalClass:norm:domain:deadline:)`` at most.
    static var witnessDescentSteps: Int { 12 }
    /// Points sampled on the segment from `x` to a witness to find its first class change.
    static var witnessDescentSegmentSamples: Int { 16 }

    /// A witness at most as far from `x` as `witness`, found by local descent
    /// over cells; a heuristic that only moves the upper bound of `R_p(x)`.
    ///
    /// A witness from a proof or an attack is any point of another class, often
    /// at the corner of the box it was sought in. Each step:
    /// 1. the first class change on the segment from `x` to the witness
    ///    (``witnessDescentSegmentSamples`` samples, then bisection,
    ///    ``boundaryCrossing(from:to:originalClass:norm:domain:)``);
    /// 2. the cell of a point just before it, on `x`'s side: in that cell the
    ///    network is affine, so the nearest point of each decision face from `x`
    ///    is one exact program (``FacetDistanceProgram``, faces whose certified
    ///    hyperplane distance is beyond the witness skipped);
    /// 3. the nearest such point's verified witness
    ///    (``witness(near:across:of:from:originalClass:norm:domain:)``) replaces
    ///    the witness if it is nearer.
    /// It stops when a step gains nothing, after ``witnessDescentSteps`` steps,
    /// or at the deadline. The result is a local minimum at best: a nearer
    /// boundary point in a cell the walk never enters is not seen.
    func descendedWitness(from witness: AdversarialWitness, at x: [Double], originalClass: Int, norm: Norm,
                          domain: InputBox?, deadline: Deadline) -> AdversarialWitness {
        var best = witness
        for _ in 0..<Self.witnessDescentSteps {
            // A step returns a witness only when it is nearer.
            guard !deadline.isExpired, let next = descentStep(from: best, at: x, originalClass: originalClass, norm: norm,
                                                              domain: domain, deadline: deadline) else { break }
            best = next
        }
        return best
    }

    private func descentStep(from current: AdversarialWitness, at x: [Double], originalClass: Int, norm: Norm,
                             domain: InputBox?, deadline: Deadline) -> AdversarialWitness? {
        let point = { (t: Double) in zip(x, current.point).map { $0 + t * ($1 - $0) } }
        // The first sample of another class; the segment lies in the (convex) domain.
        let samples = Self.witnessDescentSegmentSamples
        guard let first = (1...samples).first(where: { classify(point(Double($0) / Double(samples))) != originalClass }),
              let crossing = boundaryCrossing(from: x, to: point(Double(first) / Double(samples)),
                                              originalClass: originalClass, norm: norm, domain: domain) else { return nil }
        var best = crossing.distance < current.distance ? crossing : current
        // A point just before the crossing, on x's side (a witness lies a rounding margin beyond the
        // boundary): steps back of 2⁻³⁰, 2⁻²⁹, … of the segment, at most half of it.
        let backOff = (0..<30).lazy.map { k in zip(x, crossing.point).map { $0 + (1 - 0x1p-30 * Double(1 << k)) * ($1 - $0) } }
        if let inside = backOff.first(where: { classify($0) == originalClass }),
           let cell = try? cell(at: inside), cell.pattern.predictedClass == originalClass {
            let program = FacetDistanceProgram(cell: cell, from: x, norm: norm, domain: domain)
            for u in cell.faceRows where cell.units[u].isDecision && program.hyperplaneDistances[u] < best.distance {
                guard !deadline.isExpired else { break }
                guard case let .reached(distance, _, nearest) = program.distance(toRow: u, timeLimitSeconds: deadline.remainingSeconds),
                      distance < best.distance,
                      let found = witness(near: nearest, across: u, of: cell, from: x, originalClass: originalClass,
                                          norm: norm, domain: domain),
                      found.distance < best.distance else { continue }
                best = found
            }
        }
        return best.distance < current.distance ? best : nil
    }
}
