/// The result of certifying a data set: one row per input and a summary
/// (`cellcert table`). Rendered as text, Markdown, CSV, LaTeX or JSON
/// (`rendered(as:)`, Docs/json-output.md) and plotted as SVG (`SVGPlot`).
///
/// Every number comes from the same computations as `cellcert certify`:
/// radii are certified lower bounds on the distance to the cell boundary
/// (Docs/floating-point.md), bounds are lower bounds on `ρ(x, ε)` computed
/// from the certified ℓ2 distances (Docs/theory.md §4), Monte Carlo estimates
/// come with exact Clopper–Pearson intervals.
public struct DatasetTable: Sendable, Encodable {
    /// The two robustness bounds the table shows at one `ε`.
    public struct Bounds: Sendable, Equatable, Codable {
        /// The perturbation size `ε`.
        public let epsilon: Double
        /// Theorem 4.2: `1 − N exp(−d r²/(2ε²))`, clamped at 0 (1 when `r ≥ ε`).
        public let paper: Double
        /// `1 − Σ_{δ_u<ε} A_d(δ_u/ε)`, the exact-cap bound over the face hyperplanes.
        public let exactCap: Double
        /// The Gaussian-noise bound `1 − Σ_u (1 − Φ(δ_u/ε))`, only when asked for.
        public let gaussian: Double?
        /// `δ*(η) = ε sqrt(2 ln(N/η)/d)`.
        public let deltaStar: Double
        /// Whether the certified ℓ2 radius is below `δ*(η)`.
        public let suspicious: Bool

        /// The bounds of one `ε` of a probabilistic certificate.
        public init(_ set: RobustnessBoundSet) {
            self.init(epsilon: set.epsilon, paper: set.paper, exactCap: set.exactCap, gaussian: set.gaussian,
                      deltaStar: set.deltaStar, suspicious: set.suspicious)
        }

        /// Bounds given directly (tests, other sources).
        public init(epsilon: Double, paper: Double, exactCap: Double, gaussian: Double? = nil, deltaStar: Double, suspicious: Bool) {
            self.epsilon = epsilon
            self.paper = paper
            self.exactCap = exactCap
            self.gaussian = gaussian
            self.deltaStar = deltaStar
            self.suspicious = suspicious
        }
    }

    /// Facet counts of one cell (with `--facets`).
    public struct FacetCount: Sendable, Equatable, Codable {
        /// True facets (coincident hyperplanes count once).
        public let count: Int
        /// Rows the LP solver could not decide.
        public let unknown: Int

        /// Facet counts.
        public init(count: Int, unknown: Int) {
            self.count = count
            self.unknown = unknown
        }
    }

    /// One input's row.
    public struct Row: Sendable, Equatable, Encodable {
        /// 0-based row of the data file.
        public let index: Int
        /// The label from the data, if any.
        public let label: Int?
        /// `f(x)`.
        public let predictedClass: Int
        /// Face hyperplanes of the cell (rows with a non-zero normal).
        public let hyperplanes: Int
        /// Facets, when they were computed.
        public let facets: FacetCount?
        /// Certified radius per norm (`+∞` when the cell has no face).
        public let radius: [Norm: Double]
        /// Bounds per requested `ε`, in order (empty without `ε`).
        public let bounds: [Bounds]
        /// Whether the ℓ2 radius is below `δ*(η)` for some `ε` (`nil` without `ε`).
        public let suspicious: Bool?
        /// Monte Carlo estimates per `ε` (`nil` without samples).
        public let monteCarlo: [MonteCarloEstimate]?
        /// The unit whose face binds the radius in the first norm (`nil` for a cell without faces).
        public let binding: CertificationReport.Binding?
        /// Certified radius inside the domain per norm (`+∞` when no face meets
        /// the domain); `nil` without a domain or for an input outside it.
        public let radiusInDomain: [Norm: Double]?
        /// `R_p(x)` or its bounds, with `--boundary` (`nil` otherwise).
        public let decisionBoundary: BoundaryDistance?
        /// `ε*(η) = r₂ sqrt(d / (2 ln(N/η)))` (`+∞` without a face; `nil` without `ε`).
        public let epsilonStar: Double?
        /// Wall time spent on this input, in milliseconds (the only value that
        /// differs between runs).
        public var milliseconds: Double

        /// Whether the prediction matches the label (`nil` without a label).
        public var correct: Bool? { label.map { $0 == predictedClass } }

        /// A row.
        public init(index: Int, label: Int?, predictedClass: Int, hyperplanes: Int, facets: FacetCount?,
                    radius: [Norm: Double], bounds: [Bounds], suspicious: Bool?, monteCarlo: [MonteCarloEstimate]?,
                    binding: CertificationReport.Binding? = nil, radiusInDomain: [Norm: Double]? = nil,
                    decisionBoundary: BoundaryDistance? = nil, epsilonStar: Double? = nil, milliseconds: Double) {
            self.binding = binding
            self.radiusInDomain = radiusInDomain
            self.decisionBoundary = decisionBoundary
            self.epsilonStar = epsilonStar
            self.index = index
            self.label = label
            self.predictedClass = predictedClass
            self.hyperplanes = hyperplanes
            self.facets = facets
            self.radius = radius
            self.bounds = bounds
            self.suspicious = suspicious
            self.monteCarlo = monteCarlo
            self.milliseconds = milliseconds
        }

        enum CodingKeys: String, CodingKey {
            case index, label, predictedClass, correct, hyperplanes, facets, radius, bounds, suspicious, monteCarlo, milliseconds
            case binding, radiusInDomain, decisionBoundary, epsilonStar, epsilonStarOverRadius
        }

        /// `ε*(η) / r₂`, the same `sqrt(d / (2 ln(N/η)))` for every input of a
        /// network (`nil` without `ε`, or when `r₂` is 0 or `+∞`).
        public var epsilonStarOverRadius: Double? {
            guard let star = epsilonStar, let r = radius[.l2], r > 0, r.isFinite, star.isFinite else { return nil }
            return star / r
        }

        /// JSON: every key, `null` where absent; radii by norm name, `null` when infinite.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(label, forKey: .label)
            try c.encode(predictedClass, forKey: .predictedClass)
            try c.encode(correct, forKey: .correct)
            try c.encode(hyperplanes, forKey: .hyperplanes)
            try c.encode(facets, forKey: .facets)
            try c.encode(Dictionary(uniqueKeysWithValues: radius.map { ($0.key.rawValue, $0.value.isFinite ? $0.value : nil) }),
                         forKey: .radius)
            try c.encode(bounds, forKey: .bounds)
            try c.encode(suspicious, forKey: .suspicious)
            try c.encode(monteCarlo, forKey: .monteCarlo)
            try c.encode(binding, forKey: .binding)
            try c.encode(radiusInDomain.map(JSONRadii.init), forKey: .radiusInDomain)
            try c.encode(decisionBoundary, forKey: .decisionBoundary)
            try c.encode(epsilonStar.map { $0.isFinite ? $0 : nil } ?? nil, forKey: .epsilonStar)
            try c.encode(epsilonStarOverRadius, forKey: .epsilonStarOverRadius)
            try c.encode(milliseconds, forKey: .milliseconds)
        }
    }

    /// The Monte Carlo settings, when samples were drawn.
    public struct MonteCarloSettings: Sendable, Equatable, Codable {
        /// Directions per input and `ε`.
        public let samples: Int
        /// The seed (the same for every input, so a row does not depend on the selection).
        public let seed: UInt64
        /// Confidence level of the Clopper–Pearson intervals.
        public let confidence: Double

        /// Monte Carlo settings.
        public init(samples: Int, seed: UInt64, confidence: Double) {
            self.samples = samples
            self.seed = seed
            self.confidence = confidence
        }
    }

    /// What was computed, as the command asked for it.
    public struct Settings: Sendable, Equatable, Codable {
        /// The data file, as named by the user.
        public let inputs: String
        /// Norms of the radii, in the order asked for.
        public let norms: [Norm]
        /// Perturbation sizes of the bounds.
        public let epsilons: [Double]
        /// `η` of `δ*(η)` and the `suspicious` flag.
        public let eta: Double
        /// Whether facets were classified.
        public let facets: Bool
        /// Monte Carlo settings, `nil` without samples.
        public let monteCarlo: MonteCarloSettings?
        /// Worker threads over the inputs.
        public let threads: Int
        /// The input domain of the in-domain radii and of `R_p`, `nil` without one.
        public let domain: DomainSettings?
        /// The decision-boundary query, `nil` without `--boundary`.
        public let boundary: BoundarySettings?

        /// Settings.
        public init(inputs: String, norms: [Norm], epsilons: [Double], eta: Double, facets: Bool,
                    monteCarlo: MonteCarloSettings?, threads: Int, domain: DomainSettings? = nil,
                    boundary: BoundarySettings? = nil) {
            self.domain = domain
            self.boundary = boundary
            self.inputs = inputs
            self.norms = norms
            self.epsilons = epsilons
            self.eta = eta
            self.facets = facets
            self.monteCarlo = monteCarlo
            self.threads = threads
        }

        enum CodingKeys: String, CodingKey { case inputs, norms, epsilons, eta, facets, monteCarlo, threads, domain, boundary }

        /// JSON: every key; `monteCarlo` is `null` without samples.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(inputs, forKey: .inputs)
            try c.encode(norms, forKey: .norms)
            try c.encode(epsilons, forKey: .epsilons)
            try c.encode(eta, forKey: .eta)
            try c.encode(facets, forKey: .facets)
            try c.encode(monteCarlo, forKey: .monteCarlo)
            try c.encode(threads, forKey: .threads)
            try c.encode(domain, forKey: .domain)
            try c.encode(boundary, forKey: .boundary)
        }
    }

    /// The network.
    public let model: CertificationReport.ModelSummary
    /// What was computed.
    public let settings: Settings
    /// One row per input, in the order of the selection.
    public let rows: [Row]
    /// Counts and statistics over the rows.
    public let summary: DatasetSummary

    /// A table; `summary` is computed from `rows`, with `wallSeconds` the
    /// elapsed time of the whole run.
    public init(model: CertificationReport.ModelSummary, settings: Settings, rows: [Row], wallSeconds: Double) {
        self.model = model
        self.settings = settings
        self.rows = rows
        self.summary = DatasetSummary(rows: rows, norms: settings.norms, epsilons: settings.epsilons, wallSeconds: wallSeconds,
                                      boundaryNorm: settings.boundary?.norm, hasDomain: settings.domain != nil)
    }
}
