/// Counts and statistics over the rows of a `DatasetTable`.
///
/// Fractions are over all inputs of the table (not only the labelled or
/// correctly classified ones) unless their name says otherwise. A radius of
/// `+∞` (a cell without faces) enters the statistics as `+∞`; JSON shows it as `null`.
public struct DatasetSummary: Sendable, Equatable, Encodable {
    /// Mean, median, minimum and maximum of the certified radii in one norm.
    public struct RadiusStatistics: Sendable, Equatable, Encodable {
        /// The norm.
        public let norm: Norm
        /// Arithmetic mean.
        public let mean: Double
        /// Median (the mean of the two middle values for an even count).
        public let median: Double
        /// Smallest radius.
        public let min: Double
        /// Largest radius.
        public let max: Double

        /// The statistics of `radii` (at least one value).
        public init(norm: Norm, radii: [Double]) {
            precondition(!radii.isEmpty, "statistics of no radii")
            let sorted = radii.sorted()
            let n = sorted.count
            self.norm = norm
            self.mean = sorted.reduce(0, +) / Double(n)
            self.median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            self.min = sorted[0]
            self.max = sorted[n - 1]
        }

        enum CodingKeys: String, CodingKey { case norm, mean, median, min, max }

        /// JSON: the norm's name and the statistics, `null` when infinite.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(norm.rawValue, forKey: .norm)
            for (key, value) in [(CodingKeys.mean, mean), (.median, median), (.min, min), (.max, max)] {
                try c.encode(value.isFinite ? value : nil, forKey: key)
            }
        }
    }

    /// What the table says at one `ε`.
    public struct EpsilonSummary: Sendable, Equatable, Encodable {
        /// The perturbation size.
        public let epsilon: Double
        /// Fraction of inputs whose certified ℓ2 radius is at least `ε`: no
        /// perturbation of norm `< ε` changes their class.
        public let certified: Double
        /// Fraction of inputs that are correctly classified and certified at
        /// `ε` (the certified accuracy); `nil` without labels.
        public let certifiedCorrect: Double?
        /// Fraction of inputs whose ℓ2 radius is below `δ*(η)` at this `ε`.
        public let suspicious: Double
        /// Mean of Theorem 4.2's bound.
        public let meanPaper: Double
        /// Mean of the exact-cap bound.
        public let meanExactCap: Double
        /// Mean of the Gaussian bound, when computed.
        public let meanGaussian: Double?
        /// Mean Monte Carlo estimate of `ρ`, when sampled.
        public let meanMonteCarlo: Double?

        enum CodingKeys: String, CodingKey {
            case epsilon, certified, certifiedCorrect, suspicious, meanPaper, meanExactCap, meanGaussian, meanMonteCarlo
        }

        /// JSON: every key, `null` where absent, except `meanGaussian`, present only when computed.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(epsilon, forKey: .epsilon)
            try c.encode(certified, forKey: .certified)
            try c.encode(certifiedCorrect, forKey: .certifiedCorrect)
            try c.encode(suspicious, forKey: .suspicious)
            try c.encode(meanPaper, forKey: .meanPaper)
            try c.encode(meanExactCap, forKey: .meanExactCap)
            try c.encodeIfPresent(meanGaussian, forKey: .meanGaussian)
            try c.encode(meanMonteCarlo, forKey: .meanMonteCarlo)
        }
    }

    /// Number of inputs.
    public let inputs: Int
    /// Number of inputs with a label.
    public let labelled: Int
    /// Correctly classified inputs among the labelled ones (`nil` without labels).
    public let correct: Int?
    /// Radius statistics per norm, in the order of the table's norms.
    public let radius: [RadiusStatistics]
    /// One entry per `ε`, in order.
    public let epsilons: [EpsilonSummary]
    /// Certified accuracy per `ε` and norm (`ε` outer), empty without `ε`.
    public let certifiedAccuracy: [CertifiedAccuracy]
    /// Fraction of inputs suspicious at some `ε` (`nil` without `ε`).
    public let suspicious: Double?
    /// Elapsed (wall) time of the whole run, in seconds.
    public let totalSeconds: Double
    /// Mean of the rows' times, in milliseconds (the time one input takes on one thread).
    public let meanMilliseconds: Double

    /// The summary of `rows`; `norms` and `epsilons` are those the rows were
    /// computed for, `boundaryNorm` the norm of their decision-boundary results
    /// and `hasDomain` whether in-domain radii were asked for.
    ///
    /// The certified fractions need the ℓ2 radius: with `epsilons` and rows
    /// without an ℓ2 radius, they count no input as certified.
    public init(rows: [DatasetTable.Row], norms: [Norm], epsilons: [Double], wallSeconds: Double,
                boundaryNorm: Norm? = nil, hasDomain: Bool = false) {
        let n = rows.count
        let fraction = { (count: Int) in n == 0 ? 0 : Double(count) / Double(n) }
        let mean = { (values: [Double]) in values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        let labelled = rows.filter { $0.label != nil }.count
        inputs = n
        self.labelled = labelled
        correct = labelled == 0 ? nil : rows.filter { $0.correct == true }.count
        radius = n == 0 ? [] : norms.map { norm in RadiusStatistics(norm: norm, radii: rows.map { $0.radius[norm] ?? 0 }) }
        self.epsilons = epsilons.enumerated().map { k, epsilon in
            let certified = rows.filter { ($0.radius[.l2] ?? 0) >= epsilon }
            let bounds = rows.compactMap { $0.bounds.indices.contains(k) ? $0.bounds[k] : nil }
            let gaussian = bounds.compactMap(\.gaussian)
            let monteCarlo = rows.compactMap { $0.monteCarlo?.first { $0.epsilon == epsilon }?.robustness }
            return EpsilonSummary(
                epsilon: epsilon,
                certified: fraction(certified.count),
                certifiedCorrect: labelled == 0 ? nil : fraction(certified.filter { $0.correct == true }.count),
                suspicious: fraction(bounds.filter(\.suspicious).count),
                meanPaper: mean(bounds.map(\.paper)),
                meanExactCap: mean(bounds.map(\.exactCap)),
                meanGaussian: gaussian.isEmpty ? nil : mean(gaussian),
                meanMonteCarlo: monteCarlo.isEmpty ? nil : mean(monteCarlo))
        }
        certifiedAccuracy = Self.certifiedAccuracy(rows: rows, norms: norms, epsilons: epsilons, boundaryNorm: boundaryNorm,
                                                   hasDomain: hasDomain)
        suspicious = epsilons.isEmpty ? nil : fraction(rows.filter { $0.suspicious == true }.count)
        totalSeconds = wallSeconds
        meanMilliseconds = mean(rows.map(\.milliseconds))
    }

    /// Fraction of labelled inputs classified correctly (`nil` without labels).
    public var accuracy: Double? { correct.map { Double($0) / Double(labelled) } }

    enum CodingKeys: String, CodingKey {
        case inputs, labelled, correct, accuracy, radius, epsilons, certifiedAccuracy, suspicious, totalSeconds, meanMilliseconds
    }

    /// JSON (Docs/json-output.md): every key, `null` where absent.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(labelled, forKey: .labelled)
        try c.encode(correct, forKey: .correct)
        try c.encode(accuracy, forKey: .accuracy)
        try c.encode(radius, forKey: .radius)
        try c.encode(epsilons, forKey: .epsilons)
        try c.encode(certifiedAccuracy, forKey: .certifiedAccuracy)
        try c.encode(suspicious, forKey: .suspicious)
        try c.encode(totalSeconds, forKey: .totalSeconds)
        try c.encode(meanMilliseconds, forKey: .meanMilliseconds)
    }
}
