/// Everything the certification pipeline established about one input: the
/// typed result that `certify`'s report and `table`'s rows both render.
public struct CertifiedInput: Sendable {
    /// 0-based index of the input in its file (0 for a single `--input`).
    public let index: Int
    /// The label from the data, if any.
    public let label: Int?
    /// The cell, radii, facets, domain radii and decision boundary.
    public let certificate: InputCertificate
    /// Bounds, `δ*` and `ε*` when robustness was requested.
    public let probabilistic: ProbabilisticCertificate?
    /// Monte Carlo estimates per `ε` when sampling was requested.
    public let monteCarlo: [MonteCarloEstimate]?
    /// Wall time spent on this input (the only value that differs between runs).
    public let seconds: Double

    /// `f(x)`.
    public var predictedClass: Int { certificate.predictedClass }
    /// Whether the prediction matches the label (`nil` without a label).
    public var correct: Bool? { label.map { $0 == predictedClass } }
}
