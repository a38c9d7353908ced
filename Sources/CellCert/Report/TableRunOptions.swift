import Foundation

/// Everything that changes the numbers of a streamed table (Docs/cluster.md):
/// the files' SHA-256 digests, how the data are read, the selection and the
/// certification request. `table --resume` continues a file only, and `merge`
/// joins files only, when these are equal; the thread count, file names and
/// shard are not part of them.
public struct TableRunOptions: Codable, Equatable, Sendable {
    /// `ToolVersion.string` of the run (another version may compute other values).
    public var tool: String
    /// SHA-256 of the model file.
    public var modelSHA256: String
    /// SHA-256 of the data file (of the text of an inline `--input`).
    public var inputsSHA256: String
    /// SHA-256 of the `--labels` file, if any.
    public var labelsSHA256: String?
    /// The options that read the model and the data, as given (`--scale 255`, `--label-column first`, `--decision argmax`).
    public var reading: [String]
    /// The selected rows of the data file, in order (before `--shard`).
    public var selection: [Int]
    /// Norms of the radii, in order.
    public var norms: [Norm]
    /// Whether facets are classified.
    public var facets: Bool
    /// The domain of the in-domain radii and of `R`.
    public var domain: DatasetTable.DomainSettings?
    /// The decision-boundary query.
    public var boundary: DatasetTable.BoundarySettings?
    /// The `ε` of the bounds.
    public var epsilons: [Double]
    /// `η`, when `ε` are given.
    public var eta: Double?
    /// Whether the Gaussian bound is computed.
    public var gaussian: Bool
    /// Monte Carlo samples, seed and confidence.
    public var monteCarlo: DatasetTable.MonteCarloSettings?

    /// The options of a run of `request` over `selection`.
    ///
    /// - Parameters:
    ///   - reading: the reading options as given on the command line.
    ///   - domainSource: how the domain was given (part of the settings shown, and so compared).
    public init(modelSHA256: String, inputsSHA256: String, labelsSHA256: String?, reading: [String], selection: [Int],
                request: CertificationRequest, domainSource: String) {
        let settings = DatasetTable.Settings(request: request, source: "", domainSource: domainSource, inputCount: selection.count)
        tool = ToolVersion.string
        self.modelSHA256 = modelSHA256
        self.inputsSHA256 = inputsSHA256
        self.labelsSHA256 = labelsSHA256
        self.reading = reading
        self.selection = selection
        norms = settings.norms
        facets = settings.facets
        domain = settings.domain
        boundary = settings.boundary
        epsilons = settings.epsilons
        eta = request.robustness?.eta
        gaussian = request.robustness?.gaussian ?? false
        monteCarlo = settings.monteCarlo
    }

    /// The options that differ from `other`'s, each as `name: ours vs theirs`
    /// (long values shortened), for one-line errors; empty when equal.
    public func differences(from other: TableRunOptions) -> [String] {
        zip(Mirror(reflecting: self).children, Mirror(reflecting: other).children).compactMap { ours, theirs in
            let a = Self.shortText(ours.value), b = Self.shortText(theirs.value)
            guard Self.fullText(ours.value) != Self.fullText(theirs.value) else { return nil }
            return "\(ours.label ?? "?"): \(a) vs \(b)"
        }
    }

    private static func fullText(_ value: Any) -> String { String(describing: value) }

    private static func shortText(_ value: Any) -> String {
        if let list = value as? [Int], list.count > 6 {
            return "\(list.count) inputs [\(list.prefix(3).map(String.init).joined(separator: ", ")), …]"
        }
        let text = String(describing: value)
            .replacingOccurrences(of: "Optional(", with: "(")
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
}
