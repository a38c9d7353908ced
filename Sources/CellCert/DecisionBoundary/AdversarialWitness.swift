/// An input the network classifies differently from `x`, checked by a forward
/// pass: never constructed unless `f(point) ≠ f(x)` holds beyond the rounding
/// error of the outputs and `point ∈ D`.
public struct AdversarialWitness: Sendable, Equatable {
    /// The adversarial input (raw units).
    public let point: [Double]
    /// `f(point)`, different from the class of `x`.
    public let predictedClass: Int
    /// `‖point − x‖_p` in the norm of the query, computed in floating point.
    public let distance: Double
    /// The network's outputs at `point`.
    public let outputs: [Double]
}

extension AdversarialWitness {
    /// Relative sizes of the steps tried past a boundary point, in units of
    /// `max(1, ‖boundaryPoint‖_∞)`: the smallest that flips the class wins.
    /// A point found by an LP or MILP lies on the boundary only up to the
    /// solver's tolerance (~1e-9 relative), so the first steps are a few
    /// orders of magnitude above rounding and the last one caps how far a
    /// witness may sit beyond the reported distance.
    static let margins: [Double] = [1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6]

    /// How far beyond its boundary point a witness of
    /// ``CertifiableNetwork/verifiedWitness(near:from:originalClass:norm:domain:directions:)`` may lie,
    /// in `norm`: the largest step, `margins.last · max(1, ‖point‖_∞)` along
    /// a direction of ℓ∞ length 1, has ℓp length at most that times `d^{1/p}`.
    /// (With `margin`: a step of that size instead of the largest.)
    static func slack(norm: Norm, dimension d: Int, pointMagnitude: Double, margin: Double = margins.last!) -> Double {
        let step = margin * max(1, pointMagnitude)
        switch norm {
        case .linf: return step
        case .l2: return step * Double(d).squareRoot()
        case .l1: return step * Double(d)
        }
    }
}

extension CertifiableNetwork {
    /// A verified witness near `boundaryPoint`, a point on (or within solver
    /// tolerance of) the decision boundary of `x`'s class.
    ///
    /// Tries `boundaryPoint` itself, then steps of growing size (see
    /// ``witnessMargins``) along each of `directions` (typically: away from `x`,
    /// and out through the decision face), clamped to the domain. Each candidate
    /// is re-evaluated by the forward pass; the first (smallest step) that is
    /// classified differently from `originalClass` is returned.
    ///
    /// - Returns: `nil` when no candidate changes the class (the caller must then
    ///   not report a witness).
    public func verifiedWitness(near boundaryPoint: [Double], from x: [Double], originalClass: Int,
                                norm: Norm, domain: InputBox?, directions: [[Double]]) -> AdversarialWitness? {
        guard boundaryPoint.count == inputDimension, boundaryPoint.allSatisfy(\.isFinite) else { return nil }
        if let witness = checkedWitness(boundaryPoint, from: x, originalClass: originalClass, norm: norm, domain: domain) {
            return witness
        }
        let scale = max(1, boundaryPoint.map(abs).max() ?? 0)
        let units = directions.compactMap { direction -> [Double]? in
            let length = Norm.linf.length(direction)
            guard length > 0, length.isFinite else { return nil }
            return direction.map { $0 / length }
        }
        for margin in AdversarialWitness.margins {
            for unit in units {
                let step = margin * scale
                var candidate = zip(boundaryPoint, unit).map { $0 + step * $1 }
                if let box = domain { candidate = box.clamped(candidate) }
                if let witness = checkedWitness(candidate, from: x, originalClass: originalClass, norm: norm, domain: domain) {
                    return witness
                }
            }
        }
        return nil
    }

    /// `point` as a witness if it lies in the domain and the forward pass
    /// classifies it differently by a margin above twice the rounding bound of the
    /// outputs (``outputsWithRoundingBound(_:)``, ``hasRobustDecision(_:roundingBound:otherThan:)``):
    /// then the exact network, and any other binary64 evaluation of it, changes
    /// the class too. A point only an ulp past the boundary is not a witness; the
    /// callers step further (``AdversarialWitness/margins``).
    func checkedWitness(_ point: [Double], from x: [Double], originalClass: Int, norm: Norm, domain: InputBox?) -> AdversarialWitness? {
        if let box = domain, !box.contains(point) { return nil }
        guard let (out, bound) = outputsWithRoundingBound(point), out.allSatisfy(\.isFinite),
              hasRobustDecision(out, roundingBound: bound, otherThan: originalClass) else { return nil }
        return AdversarialWitness(point: point, predictedClass: decision.decide(out), distance: norm.distance(point, x),
                                  outputs: out)
    }
}
