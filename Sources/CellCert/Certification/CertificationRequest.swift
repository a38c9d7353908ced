import Foundation

/// What the certification pipeline computes for each input (`cellcert certify`
/// and `cellcert table` alike).
public struct CertificationRequest: Sendable {
    /// Norms of the certified balls, without repeats, in the order asked for.
    /// When ``robustness`` is set, ℓ2 is added (last) if missing: the bounds,
    /// `δ*` and "suspicious" compare against the certified ℓ2 radius, and every
    /// rendering must show the radius they used.
    public private(set) var norms: [Norm]
    /// Whether to classify facets with GLPK.
    public var facets: Bool
    /// Options of the facet search.
    public var facetOptions: FacetOptions
    /// The input domain for the domain-aware radii (raw input units), or `nil`.
    public var domain: InputBox?
    /// Features free within `domain`, 0-based (`--free`): every other feature is
    /// fixed at the input's own value, so the radii and `R_p` answer "can changing
    /// only these features change the class?". `nil`: every feature is free.
    /// Needs a `domain`.
    public var freeFeatures: [Int]?
    /// The decision-boundary query, or `nil` to skip it. It runs in `domain(for:)` (its own `domain` is replaced).
    public var boundary: DecisionBoundaryOptions?
    /// The probabilistic bounds and Monte Carlo estimates, or `nil` to skip them.
    public private(set) var robustness: RobustnessRequest?
    /// Whether to re-check every certified radius in exact rational arithmetic
    /// (``Cell/recheckExactly(at:norm:radius:)``).
    public var recheckExactly: Bool
    /// The most bytes a whole cell's rows may take (``CertifiableNetwork/wholeCellBytes``),
    /// or `nil` for no limit. Only requests that need every row at once
    /// (``needsWholeCell``) are refused above it; radii and the probabilistic bounds
    /// are measured block by block.
    public var maximumCellBytes: Int?
    /// Worker threads. Several inputs are certified on that many threads, one
    /// input per thread (Monte Carlo and facet checks then serial inside); a
    /// single input gives them to its Monte Carlo batches and facet blocks.
    /// Results never depend on it, only the times do.
    public var threads: Int

    public init(norms: [Norm] = Norm.allCases, facets: Bool = false, facetOptions: FacetOptions = FacetOptions(),
                domain: InputBox? = nil, freeFeatures: [Int]? = nil, boundary: DecisionBoundaryOptions? = nil,
                robustness: RobustnessRequest? = nil, recheckExactly: Bool = false, maximumCellBytes: Int? = nil,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.maximumCellBytes = maximumCellBytes
        self.norms = []
        self.recheckExactly = recheckExactly
        self.facets = facets
        self.facetOptions = facetOptions
        self.domain = domain
        self.freeFeatures = freeFeatures
        self.boundary = boundary
        self.threads = max(1, threads)
        self.norms = Self.normsNeeded(norms, robustness: robustness)
        self.robustness = robustness
    }

    /// Whether the request needs all the rows of a cell at once: facets, domain
    /// radii, the decision boundary and the exact re-check do; radii and the
    /// probabilistic bounds need only each row's distance (``CellMeasurement``).
    public var needsWholeCell: Bool {
        facets || domain != nil || boundary != nil || recheckExactly
    }

    /// The domain of input `x`: `domain` with every feature outside
    /// `freeFeatures` fixed at `x`'s value (the interval `[x_i, x_i]`); `domain`
    /// itself without `freeFeatures`.
    public func domain(for x: [Double]) -> InputBox? {
        guard var box = domain, let free = freeFeatures else { return domain }
        let isFree = Set(free)
        for i in 0..<min(box.dimension, x.count) where !isFree.contains(i) {
            box.lower[i] = x[i]
            box.upper[i] = x[i]
        }
        return box
    }

    /// The units in which the pipeline reports progress over `inputCount` inputs:
    /// Monte Carlo samples when sampling is requested (the bulk of the work), else inputs.
    public func progressUnits(inputCount: Int) -> (total: Int, unit: String) {
        guard let robustness, let monteCarlo = robustness.monteCarlo else { return (inputCount, "inputs") }
        let (perInput, overflow1) = monteCarlo.samples.multipliedReportingOverflow(by: robustness.epsilons.count)
        let (total, overflow2) = perInput.multipliedReportingOverflow(by: inputCount)
        return (overflow1 || overflow2 ? Int.max : total, "samples")
    }

    /// `norms` without repeats, with ℓ2 added last when the robustness bounds need it.
    private static func normsNeeded(_ norms: [Norm], robustness: RobustnessRequest?) -> [Norm] {
        var unique: [Norm] = []
        for n in norms where !unique.contains(n) { unique.append(n) }
        if robustness != nil, !unique.contains(.l2) { unique.append(.l2) }
        return unique
    }
}

/// The probabilistic part of a ``CertificationRequest``: the paper's bounds and
/// the tighter ones at each `ε` (`InputCertificate.probabilisticCertificate`)
/// and, optionally, Monte Carlo estimates.
public struct RobustnessRequest: Sendable {
    /// Perturbation sizes `ε`, at least one.
    public var epsilons: [Double]
    /// `η` of `δ*(η)` and `ε*(η)`.
    public var eta: Double
    /// Whether to add the Gaussian-noise bound (each `ε` read as a standard deviation).
    public var gaussian: Bool
    /// Monte Carlo options, or `nil` for no sampling; their `threads` is replaced
    /// by the request's (see ``CertificationRequest/threads``).
    public var monteCarlo: MonteCarloOptions?

    public init(epsilons: [Double], eta: Double = 0.01, gaussian: Bool = false, monteCarlo: MonteCarloOptions? = nil) {
        self.epsilons = epsilons
        self.eta = eta
        self.gaussian = gaussian
        self.monteCarlo = monteCarlo
    }
}
