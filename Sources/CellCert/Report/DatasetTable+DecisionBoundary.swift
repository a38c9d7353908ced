/// The domain and decision-boundary parts of a `DatasetTable`: what was asked
/// (`DomainSettings`, `BoundarySettings`) and one input's answer (`BoundaryDistance`).
extension DatasetTable {
    /// The input domain `D` of the in-domain radii and of `R_p` (Docs/theory.md §3).
    public struct DomainSettings: Sendable, Equatable, Codable {
        /// The domain as the user gave it (`0,1`, a file name, `model` for the model's own).
        public let source: String
        /// Lower corner, raw input units.
        public let lower: [Double]
        /// Upper corner, raw input units.
        public let upper: [Double]
        /// Features free within the domain (`--free`), 0-based; every other
        /// feature is fixed at the input's own value. `nil`: all are free.
        public let free: [Int]?

        /// Domain settings.
        public init(source: String, box: InputBox, free: [Int]? = nil) {
            self.source = source
            self.lower = box.lower
            self.upper = box.upper
            self.free = free
        }
    }

    /// The decision-boundary query of `--boundary`.
    public struct BoundarySettings: Sendable, Equatable, Codable {
        /// The norm of `R_p`.
        public let norm: Norm
        /// Search over cells or MILP.
        public let method: DecisionBoundaryResult.Method
        /// Seconds allowed per input, `nil` for no limit.
        public let timeoutSeconds: Double?
        /// Cells the search may open per input, `nil` for no limit.
        public let maxCells: Int?

        /// The settings of `options`.
        public init(_ options: DecisionBoundaryOptions) {
            norm = options.norm
            method = options.method
            timeoutSeconds = options.timeLimitSeconds
            maxCells = options.maxCells
        }

        enum CodingKeys: String, CodingKey { case norm, method, timeoutSeconds, maxCells }

        /// JSON: every key, `null` where there is no limit.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(norm, forKey: .norm)
            try c.encode(method, forKey: .method)
            try c.encode(timeoutSeconds, forKey: .timeoutSeconds)
            try c.encode(maxCells, forKey: .maxCells)
        }
    }

    /// `R_p(x)`, the distance from an input to the nearest differently
    /// classified input of the domain, or the bounds a limited run proved:
    /// `lower ≤ R_p(x) ≤ upper` (see `DecisionBoundaryResult`).
    public struct BoundaryDistance: Sendable, Equatable, Encodable {
        /// `exact`, `bounded` or `unknown`.
        public let status: DecisionBoundaryResult.Status
        /// `R_p(x)` when `status` is `exact` (`+∞`: no input of the domain changes class), else `nil`.
        public let distance: Double?
        /// A proven lower bound on `R_p(x)`.
        public let lower: Double
        /// The distance of the verified witness, `+∞` without one.
        public let upper: Double
        /// The witness's class, when a witness was found.
        public let witnessClass: Int?
        /// Seconds the query took (a timing value, like the row's milliseconds).
        public let seconds: Double

        /// The table's view of one result.
        public init(_ result: DecisionBoundaryResult) {
            self.init(status: result.status, distance: result.distance, lower: result.lower, upper: result.upper,
                      witnessClass: result.witness?.predictedClass, seconds: result.seconds)
        }

        /// A distance given directly (tests, other sources).
        public init(status: DecisionBoundaryResult.Status, distance: Double?, lower: Double, upper: Double,
                    witnessClass: Int?, seconds: Double) {
            self.status = status
            self.distance = distance
            self.lower = lower
            self.upper = upper
            self.witnessClass = witnessClass
            self.seconds = seconds
        }

        /// Whether `R_p(x) ≥ ε` is proven: the open ball of radius `ε` holds no
        /// differently classified input of the domain.
        public func certifies(_ epsilon: Double) -> Bool { (distance ?? lower) >= epsilon }

        /// Whether `R_p(x) ≥ ε` is still possible: no witness nearer than `ε` was found.
        public func allows(_ epsilon: Double) -> Bool { upper >= epsilon }

        enum CodingKeys: String, CodingKey { case status, distance, lower, upper, witnessClass, seconds }

        /// JSON: every key; an infinite length is `null` (an exact `distance` of
        /// `null` means `+∞`, as `lower` of `null` does), `witnessClass` is `null` without a witness.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            let finite = { (v: Double) -> Double? in v.isFinite ? v : nil }
            try c.encode(status, forKey: .status)
            try c.encode(distance.flatMap(finite), forKey: .distance)
            try c.encode(finite(lower), forKey: .lower)
            try c.encode(finite(upper), forKey: .upper)
            try c.encode(witnessClass, forKey: .witnessClass)
            try c.encode(seconds, forKey: .seconds)
        }
    }
}
