import Probability

/// Lower bounds on the local robustness `ρ(x, ε)` at one perturbation size
/// (Docs/theory.md §4), all computed from the certified ℓ2 distances of the cell,
/// so each is a valid lower bound despite rounding.
///
/// JSON (Docs/json-output.md): `epsilon`, `paper`, `perHyperplane`, `exactCap`,
/// `facets` (`null` without facets) and `gaussian` (only when asked for);
/// `deltaStar` and `suspicious` are reported in the certificate's `thresholds`.
public struct RobustnessBoundSet: Sendable, Equatable, Encodable {
    /// The perturbation size `ε` (radius of the sphere of random perturbations).
    public let epsilon: Double
    /// Theorem 4.2: `1 − N exp(−d r²/(2ε²))` (1 when `r ≥ ε`).
    public let paper: Double
    /// Extension 1: `1 − Σ_{δ_u<ε} exp(−d δ_u²/(2ε²))` over the face hyperplanes.
    public let perHyperplane: Double
    /// Extension 2: `1 − Σ_{δ_u<ε} A_d(δ_u/ε)` with the exact cap measure.
    public let exactCap: Double
    /// Extension 3: the exact-cap bound over facets only (rows proved redundant
    /// or duplicate dropped; undecided rows kept); `nil` unless facets were computed.
    public let facets: Double?
    /// Gaussian noise `x + εg`, `g ~ N(0, I)`: `1 − Σ_u (1 − Φ(δ_u/ε))`; `nil` unless asked for.
    public let gaussian: Double?
    /// `δ*(η) = ε sqrt(2 ln(N/η)/d)`: inputs with `r ≥ δ*` have misclassification probability `≤ η`.
    public let deltaStar: Double
    /// Whether the certified radius is below `δ*(η)` (the paper's suspicious inputs).
    public let suspicious: Bool

    enum CodingKeys: String, CodingKey { case epsilon, paper, perHyperplane, exactCap, facets, gaussian }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(epsilon, forKey: .epsilon)
        try c.encode(paper, forKey: .paper)
        try c.encode(perHyperplane, forKey: .perHyperplane)
        try c.encode(exactCap, forKey: .exactCap)
        try c.encode(facets, forKey: .facets)
        try c.encodeIfPresent(gaussian, forKey: .gaussian)
    }
}

/// The probabilistic part of a certificate: bounds per `ε` and the inverse quantities.
public struct ProbabilisticCertificate: Sendable, Equatable {
    /// One entry per requested `ε`, in order.
    public let bounds: [RobustnessBoundSet]
    /// The target misclassification probability `η`.
    public let eta: Double
    /// `ε*(η) = r sqrt(d / (2 ln(N/η)))`: the largest perturbation size with misclassification probability `≤ η`.
    public let epsilonStar: Double
    /// Whether the radius is below `δ*(η)` for some requested `ε`.
    public var suspicious: Bool { bounds.contains { $0.suspicious } }
}

extension InputCertificate {
    /// The paper's bound and the tighter ones at every `ε`, and `δ*`, `ε*` for `η`.
    ///
    /// Uses the certified ℓ2 distances of every face row (`d` = input dimension,
    /// `N` = the network's face bound, `r` = their minimum). With `includeGaussian`,
    /// each `ε` is also read as the standard deviation of Gaussian noise.
    ///
    /// - Throws: `ProbabilityError` for `ε ≤ 0`, `η ∉ (0, 1)`, or a certificate without ℓ2 distances.
    public func probabilisticCertificate(epsilons: [Double], eta: Double, includeGaussian: Bool) throws -> ProbabilisticCertificate {
        guard let all = l2Distances else {
            throw ProbabilityError("the certificate has no per-row ℓ2 distances (ℓ2 not asked for, or the cell was released); "
                                   + "compute the probabilistic bounds before releasingCell()")
        }
        let d = input.count
        let n = rowCount
        // Degenerate rows are at distance +∞: they add nothing to any sum below.
        let faceDistances = all.filter(\.isFinite)
        let r = faceDistances.min() ?? .infinity
        let facetDistances: [Double]? = facets.map { analysis in
            all.indices.filter { u in
                switch analysis.verdicts[u] {
                case .facetByProjection, .facetByLP, .unknown: return all[u].isFinite
                case .redundant, .duplicate, .degenerate: return false
                }
            }.map { all[$0] }
        }
        let bounds = try epsilons.map { epsilon -> RobustnessBoundSet in
            let star = try deltaStar(eta: eta, epsilon: epsilon, dimension: d, unitCount: n)
            return RobustnessBoundSet(
                epsilon: epsilon,
                paper: r.isFinite ? try deepReLUBound(dimension: d, unitCount: n, radius: r, epsilon: epsilon) : 1,
                perHyperplane: try perHyperplaneBound(dimension: d, distances: faceDistances, epsilon: epsilon),
                exactCap: try exactCapBound(dimension: d, distances: faceDistances, epsilon: epsilon),
                facets: try facetDistances.map { try exactCapBound(dimension: d, distances: $0, epsilon: epsilon) },
                gaussian: includeGaussian ? try gaussianPerHyperplaneBound(distances: faceDistances, sigma: epsilon) : nil,
                deltaStar: star,
                suspicious: r < star)
        }
        let star = r.isFinite ? try epsilonStar(eta: eta, radius: r, dimension: d, unitCount: n) : .infinity
        return ProbabilisticCertificate(bounds: bounds, eta: eta, epsilonStar: star)
    }
}
