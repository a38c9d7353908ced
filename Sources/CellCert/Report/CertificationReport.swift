/// The stable, documented output of `cellcert certify` (Docs/json-output.md).
/// The JSON encoding is this type's; text, CSV and Markdown render the same values.
public struct CertificationReport: Encodable, Sendable {
    /// What was certified.
    public struct ModelSummary: Encodable, Sendable {
        public let path: String
        public let format: String
        public let inputDimension: Int
        public let layerSizes: [Int]
        public let outputs: Int
        public let decision: String
        /// `N`: hidden units plus the output comparisons.
        public let faceBound: Int
    }

    /// The unit whose face binds the radius.
    public struct Binding: Encodable, Sendable, Equatable {
        /// The norm whose radius this unit binds.
        public let norm: String
        /// `"hidden"` or `"output"`.
        public let kind: String
        /// 0-based hidden layer; for output faces, the number of hidden layers.
        public let layer: Int
        /// Unit within the hidden layer; for output faces the rival class (argmax/argmin) or 0 (threshold).
        public let unit: Int
    }

    /// Facet counts.
    public struct Facets: Encodable, Sendable {
        /// True facets (merged coincident hyperplanes count once).
        public let count: Int
        /// Rows the LP solver could not decide (never counted as facets).
        public let unknown: Int
        /// Face hyperplanes that duplicate another.
        public let duplicates: Int
        /// Facets proved by the projection test, without an LP.
        public let byProjection: Int
        /// LPs solved.
        public let linearPrograms: Int
    }

    /// The cell of one input.
    public struct CellSummary: Encodable, Sendable {
        /// Face hyperplanes (rows with a non-zero normal), at most `faceBound`.
        public let hyperplanes: Int
        /// Units whose affine function is constant on the cell.
        public let degenerate: Int
        /// `nil` (JSON `null`) unless facets were asked for.
        public let facets: Facets?
        /// Certified radius per norm (JSON `null` = no face: the cell is all of `R^d`).
        public let radius: [String: Double?]
        /// Floating-point radius per norm, without the rounding correction.
        public let radiusEstimate: [String: Double?]
        /// Binding unit for the first requested norm.
        public let binding: Binding?
        /// Certified radius inside the domain per norm (JSON `null` = no face
        /// meets the domain); the whole key is `null` without a domain or for
        /// an input outside it.
        public var radiusInDomain: [String: Double?]? = nil

        enum CodingKeys: String, CodingKey { case hyperplanes, degenerate, facets, radius, radiusEstimate, binding, radiusInDomain }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(hyperplanes, forKey: .hyperplanes)
            try c.encode(degenerate, forKey: .degenerate)
            try c.encode(facets, forKey: .facets)
            try c.encode(radius, forKey: .radius)
            try c.encode(radiusEstimate, forKey: .radiusEstimate)
            try c.encode(binding, forKey: .binding)
            try c.encode(radiusInDomain, forKey: .radiusInDomain)
        }
    }

    /// `η` and the inverse quantities of THEORY.md §4.
    public struct Thresholds: Encodable, Sendable {
        public let eta: Double
        /// `δ*(η)` for each requested `ε`, in the order of `bounds`.
        public let deltaStar: [Double]
        /// `ε*(η)` for the certified ℓ2 radius (JSON `null` when unbounded).
        public let epsilonStar: Double?

        enum CodingKeys: String, CodingKey { case eta, deltaStar, epsilonStar }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(eta, forKey: .eta)
            try c.encode(deltaStar, forKey: .deltaStar)
            try c.encode(epsilonStar, forKey: .epsilonStar)
        }
    }

    /// One input's result.
    public struct Result: Encodable, Sendable {
        /// 0-based index of the input in its file (0 for `--input`).
        public let index: Int
        public let predictedClass: Int
        /// The label from the data file, if it has one.
        public let label: Int?
        public let cell: CellSummary
        /// Bounds per `ε` (only with `--epsilon`).
        public var bounds: [RobustnessBoundSet]? = nil
        /// `η`, `δ*`, `ε*` (only with `--epsilon`).
        public var thresholds: Thresholds? = nil
        /// Whether the ℓ2 radius is below `δ*(η)` for some `ε` (only with `--epsilon`).
        public var suspicious: Bool? = nil
        /// Monte Carlo estimates per `ε` (only with `--samples`).
        public var monteCarlo: [MonteCarloEstimate]? = nil
        /// `R_p(x)` (only with `--boundary`).
        public var decisionBoundary: DecisionBoundary? = nil

        /// Adds the probabilistic part.
        public mutating func attach(_ probabilistic: ProbabilisticCertificate) {
            bounds = probabilistic.bounds
            thresholds = Thresholds(eta: probabilistic.eta, deltaStar: probabilistic.bounds.map(\.deltaStar),
                                    epsilonStar: probabilistic.epsilonStar.isFinite ? probabilistic.epsilonStar : nil)
            suspicious = probabilistic.suspicious
        }
    }

    public let model: ModelSummary
    public let results: [Result]
    /// Norms in the order they were asked for (not encoded; used by renderers).
    public let norms: [Norm]

    enum CodingKeys: String, CodingKey { case model, results }

    public init(model: ModelSummary, results: [Result], norms: [Norm]) {
        self.model = model
        self.results = results
        self.norms = norms
    }
}

extension CertificationReport.ModelSummary {
    /// The summary of `network` read from `path` in `format`.
    public init(network: Network, path: String, format: String) {
        self.init(path: path, format: format, inputDimension: network.inputDimension,
                  layerSizes: network.layerSizes, outputs: network.outputCount,
                  decision: network.decision.rawValue, faceBound: network.faceBound)
    }
}

extension CertificationReport.Result {
    /// The report of one certificate.
    public init(index: Int, label: Int?, certificate: InputCertificate, hiddenLayerCount: Int) {
        let cell = certificate.cell
        let finite: (Double) -> Double? = { $0.isFinite ? $0 : nil }
        var radius: [String: Double?] = [:]
        var estimate: [String: Double?] = [:]
        for r in certificate.radii {
            radius[r.norm.rawValue] = finite(r.radius)
            estimate[r.norm.rawValue] = finite(r.estimate)
        }
        var binding: CertificationReport.Binding? = nil
        if let first = certificate.radii.first, let unit = first.binding {
            switch unit {
            case let .hidden(layer, index):
                binding = .init(norm: first.norm.rawValue, kind: "hidden", layer: layer, unit: index)
            case .output:
                binding = .init(norm: first.norm.rawValue, kind: "output", layer: hiddenLayerCount, unit: 0)
            case let .comparison(rival):
                binding = .init(norm: first.norm.rawValue, kind: "output", layer: hiddenLayerCount, unit: rival)
            }
        }
        let facets = certificate.facets.map { f in
            CertificationReport.Facets(
                count: f.facetCount, unknown: f.unknownCount,
                duplicates: f.verdicts.filter { $0 == .duplicate }.count,
                byProjection: f.verdicts.filter { $0 == .facetByProjection }.count,
                linearPrograms: f.linearProgramsSolved)
        }
        var summary = CertificationReport.CellSummary(hyperplanes: cell.hyperplaneCount, degenerate: cell.degenerateRows.count,
                                                      facets: facets, radius: radius, radiusEstimate: estimate, binding: binding)
        summary.radiusInDomain = certificate.domainRadii.map { radii in
            Dictionary(uniqueKeysWithValues: radii.map { ($0.norm.rawValue, finite($0.radius)) })
        }
        self.init(index: index, predictedClass: certificate.predictedClass, label: label, cell: summary)
        decisionBoundary = certificate.decisionBoundary.map(CertificationReport.DecisionBoundary.init)
    }
}
