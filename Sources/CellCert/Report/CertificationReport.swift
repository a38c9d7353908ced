/// The stable, documented output of `cellcert certify` (Docs/json-output.md).
/// The JSON encoding is this type's; text, CSV and Markdown render the same values.
public struct CertificationReport: Encodable, Sendable {
    /// What was certified.
    public struct ModelSummary: Codable, Sendable, Equatable {
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
        /// What kind of unit binds.
        public enum Kind: String, Codable, Sendable {
            /// A hidden ReLU (or Heaviside) unit.
            case hidden
            /// The output decision: a comparison with a rival class, or the threshold unit.
            case output
            /// A max-pool comparison of a graph network (`layer`: the pool, `unit`: its output entry).
            case maxPool
        }
        /// The norm whose radius this unit binds.
        public let norm: Norm
        public let kind: Kind
        /// 0-based hidden layer; for output faces, the number of hidden layers.
        public let layer: Int
        /// Unit within the hidden layer; for output faces the rival class (argmax/argmin) or 0 (threshold).
        public let unit: Int
        /// Whether the face is a threshold head's output unit (not encoded: `kind`
        /// `output` with unit 0 in JSON; it tells it from the comparison with class 0).
        let isThreshold: Bool

        /// The binding unit of a face, or `nil` when the cell has no face.
        public init?(_ unit: FaceUnit?, norm: Norm, hiddenLayerCount: Int) {
            guard let unit else { return nil }
            self.norm = norm
            isThreshold = unit == .output
            switch unit {
            case let .hidden(hiddenLayer, index): (kind, layer, self.unit) = (.hidden, hiddenLayer, index)
            case .output: (kind, layer, self.unit) = (.output, hiddenLayerCount, 0)
            case let .comparison(rival): (kind, layer, self.unit) = (.output, hiddenLayerCount, rival)
            case let .poolComparison(pool, index, _): (kind, layer, self.unit) = (.maxPool, pool, index)
            }
        }

        enum CodingKeys: String, CodingKey { case norm, kind, layer, unit }

        /// The form of the tables: `layer 2, unit 95` (hidden layers counted
        /// from 1 as `l` in Docs/theory.md, units from 0 as rows of `W_l`),
        /// `output vs class 3` (the comparison with rival class 3) or `output`
        /// (a threshold head). JSON keeps `layer` 0-based.
        public var readableName: String {
            switch kind {
            case .hidden: return "layer \(layer + 1), unit \(unit)"
            case .output: return isThreshold ? "output" : "output vs class \(unit)"
            case .maxPool: return "max pool \(layer + 1), unit \(unit)"
            }
        }
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
        /// Certified radius per norm (`+∞`, JSON `null`: no face, the cell is all of `R^d`).
        public let radius: [Norm: Double]
        /// Floating-point radius per norm, without the rounding correction.
        public let radiusEstimate: [Norm: Double]
        /// Binding unit for the first requested norm.
        public let binding: Binding?
        /// Certified radius inside the domain per norm (`+∞`, JSON `null`: no
        /// face meets the domain); `nil` (JSON `null`) without a domain or for an
        /// input outside it.
        public let radiusInDomain: [Norm: Double]?
        /// The exact re-check of each radius (`--recheck exact`); `nil` (JSON `null`) otherwise.
        public let recheck: [Norm: Recheck]?

        enum CodingKeys: String, CodingKey { case hyperplanes, degenerate, facets, radius, radiusEstimate, binding, radiusInDomain, recheck }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(hyperplanes, forKey: .hyperplanes)
            try c.encode(degenerate, forKey: .degenerate)
            try c.encode(facets, forKey: .facets)
            try c.encode(JSONRadii(radius), forKey: .radius)
            try c.encode(JSONRadii(radiusEstimate), forKey: .radiusEstimate)
            try c.encode(binding, forKey: .binding)
            try c.encode(radiusInDomain.map(JSONRadii.init), forKey: .radiusInDomain)
            try c.encode(recheck.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.rawValue, $0.value) }) }, forKey: .recheck)
        }
    }

    /// The exact re-check of one certified radius (Docs/reliability.md).
    public struct Recheck: Encodable, Sendable {
        /// Whether every row's exact half-space contains the ball: the radius is true.
        public let holds: Bool
        /// Rows whose exact half-space does not contain the ball (empty when `holds`).
        public let failedRows: [Int]
        /// The exact cell radius, rounded down (JSON `null` when infinite).
        public let exactRadius: Double?
        /// Seconds the re-check took.
        public let seconds: Double

        init(_ recheck: ExactRecheck) {
            holds = recheck.holds
            failedRows = recheck.failedRows
            exactRadius = recheck.exactRadius.isFinite ? recheck.exactRadius : nil
            seconds = recheck.seconds
        }

        enum CodingKeys: String, CodingKey { case holds, failedRows, exactRadius, seconds }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(holds, forKey: .holds)
            try c.encode(failedRows, forKey: .failedRows)
            try c.encode(exactRadius, forKey: .exactRadius)
            try c.encode(seconds, forKey: .seconds)
        }
    }

    /// `η` and the inverse quantities of Docs/theory.md §4.
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

    /// One input's result. JSON writes every key; an absent part is `null`
    /// (Docs/json-output.md), as in `table`'s JSON.
    public struct Result: Encodable, Sendable {
        /// 0-based index of the input in its file (0 for `--input`).
        public let index: Int
        public let predictedClass: Int
        /// The label from the data file, if it has one.
        public let label: Int?
        public let cell: CellSummary
        /// Bounds per `ε` (only with `--epsilon`).
        public let bounds: [RobustnessBoundSet]?
        /// `η`, `δ*`, `ε*` (only with `--epsilon`).
        public let thresholds: Thresholds?
        /// Whether the ℓ2 radius is below `δ*(η)` for some `ε` (only with `--epsilon`).
        public let suspicious: Bool?
        /// Monte Carlo estimates per `ε` (only with `--samples`).
        public let monteCarlo: [MonteCarloEstimate]?
        /// `R_p(x)` (only with `--boundary`).
        public let decisionBoundary: DecisionBoundary?

        enum CodingKeys: String, CodingKey {
            case index, predictedClass, label, cell, bounds, thresholds, suspicious, monteCarlo, decisionBoundary
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(predictedClass, forKey: .predictedClass)
            try c.encode(label, forKey: .label)
            try c.encode(cell, forKey: .cell)
            try c.encode(bounds, forKey: .bounds)
            try c.encode(thresholds, forKey: .thresholds)
            try c.encode(suspicious, forKey: .suspicious)
            try c.encode(monteCarlo, forKey: .monteCarlo)
            try c.encode(decisionBoundary, forKey: .decisionBoundary)
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
    public init(network: some CertifiableNetwork, path: String, format: String) {
        self.init(path: path, format: format, inputDimension: network.inputDimension,
                  layerSizes: network.layerSizes, outputs: network.outputCount,
                  decision: network.decision.rawValue, faceBound: network.faceBound)
    }
}

extension CertificationReport {
    /// Certified radii that failed their exact re-check (input index, norm); empty without `--recheck`.
    public var failedRechecks: [(index: Int, norm: Norm)] {
        results.flatMap { r in
            (r.cell.recheck ?? [:]).filter { !$0.value.holds }.map { (r.index, $0.key) }.sorted { $0.norm.rawValue < $1.norm.rawValue }
        }
    }

    /// The report of the pipeline's results (`Network.certify(_:request:progress:)`).
    public init(model: ModelSummary, results: [CertifiedInput], request: CertificationRequest, hiddenLayerCount: Int) {
        self.init(model: model, results: results.map { Result($0, hiddenLayerCount: hiddenLayerCount) }, norms: request.norms)
    }
}

extension CertificationReport.Result {
    /// The report of one input certified by the pipeline.
    public init(_ result: CertifiedInput, hiddenLayerCount: Int) {
        let certificate = result.certificate
        let facets = certificate.facets.map { f in
            CertificationReport.Facets(
                count: f.facetCount, unknown: f.unknownCount,
                duplicates: f.verdicts.filter { $0 == .duplicate }.count,
                byProjection: f.verdicts.filter { $0 == .facetByProjection }.count,
                linearPrograms: f.linearProgramsSolved)
        }
        let first = certificate.radii.first
        let summary = CertificationReport.CellSummary(
            hyperplanes: certificate.hyperplaneCount, degenerate: certificate.degenerateRowCount, facets: facets,
            radius: Dictionary(uniqueKeysWithValues: certificate.radii.map { ($0.norm, $0.radius) }),
            radiusEstimate: Dictionary(uniqueKeysWithValues: certificate.radii.map { ($0.norm, $0.estimate) }),
            binding: first.flatMap { CertificationReport.Binding($0.binding, norm: $0.norm, hiddenLayerCount: hiddenLayerCount) },
            radiusInDomain: certificate.domainRadii.map { radii in Dictionary(uniqueKeysWithValues: radii.map { ($0.norm, $0.radius) }) },
            recheck: certificate.exactRechecks.map { rechecks in
                Dictionary(uniqueKeysWithValues: rechecks.map { ($0.norm, CertificationReport.Recheck($0)) })
            })
        let probabilistic = result.probabilistic
        self.init(
            index: result.index, predictedClass: result.predictedClass, label: result.label, cell: summary,
            bounds: probabilistic?.bounds,
            thresholds: probabilistic.map { p in
                CertificationReport.Thresholds(eta: p.eta, deltaStar: p.bounds.map(\.deltaStar),
                                               epsilonStar: p.epsilonStar.isFinite ? p.epsilonStar : nil)
            },
            suspicious: probabilistic?.suspicious, monteCarlo: result.monteCarlo,
            decisionBoundary: certificate.decisionBoundary.map(CertificationReport.DecisionBoundary.init))
    }
}

/// Radii keyed by norm as JSON: an object with the norm names as keys and
/// `null` for an infinite radius (Docs/json-output.md).
struct JSONRadii: Encodable {
    let radii: [Norm: Double]

    init(_ radii: [Norm: Double]) { self.radii = radii }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: NormKey.self)
        for (norm, value) in radii { try c.encode(value.isFinite ? value : nil, forKey: NormKey(norm)) }
    }

    private struct NormKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ norm: Norm) { stringValue = norm.rawValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
