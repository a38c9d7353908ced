import Foundation

/// Reading a row back from its JSON (`DatasetTable.Row.encode(to:)`), for the
/// input lines of a streamed table (`TableLine`, Docs/cluster.md).
///
/// The JSON writes an infinite length as `null`; decoding restores `+∞`
/// where the row's other fields say a value exists: a radius key that is
/// present, an `epsilonStar` of a row with bounds, an exact `distance`, the
/// `lower` and `upper` of a decision-boundary answer. The binding of a
/// threshold head's output unit is not told apart from the comparison with
/// class 0 in JSON; the decoder's `userInfo[.thresholdHead]` (the model's
/// decision) does that. Every value that renders decodes to the value that was
/// encoded: finite doubles round-trip exactly through the encoder's shortest form.
extension DatasetTable.Row: Decodable {
    /// A row from its JSON.
    ///
    /// - Throws: `DecodingError` when a key is missing or has the wrong type,
    ///   or a norm name is unknown.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let bounds = try c.decode([DatasetTable.Bounds].self, forKey: .bounds)
        let radii = try Self.radii(c.decode([String: Double?].self, forKey: .radius), in: c, key: .radius)
        let inDomain = try c.decode([String: Double?]?.self, forKey: .radiusInDomain)
        let star = try c.decode(Double?.self, forKey: .epsilonStar)
        self.init(index: try c.decode(Int.self, forKey: .index),
                  label: try c.decode(Int?.self, forKey: .label),
                  predictedClass: try c.decode(Int.self, forKey: .predictedClass),
                  hyperplanes: try c.decode(Int.self, forKey: .hyperplanes),
                  facets: try c.decode(DatasetTable.FacetCount?.self, forKey: .facets),
                  radius: radii,
                  bounds: bounds,
                  suspicious: try c.decode(Bool?.self, forKey: .suspicious),
                  monteCarlo: try c.decode([MonteCarloEstimate]?.self, forKey: .monteCarlo),
                  binding: try c.decode(CertificationReport.Binding?.self, forKey: .binding),
                  radiusInDomain: try inDomain.map { try Self.radii($0, in: c, key: .radiusInDomain) },
                  decisionBoundary: try c.decode(DatasetTable.BoundaryDistance?.self, forKey: .decisionBoundary),
                  epsilonStar: star ?? (bounds.isEmpty ? nil : .infinity),
                  milliseconds: try c.decode(Double.self, forKey: .milliseconds))
    }

    /// Radii by norm name, `null` read as `+∞`.
    private static func radii(_ named: [String: Double?], in c: KeyedDecodingContainer<CodingKeys>,
                              key: CodingKeys) throws -> [Norm: Double] {
        var radii: [Norm: Double] = [:]
        for (name, value) in named {
            guard let norm = Norm(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "unknown norm '\(name)'")
            }
            radii[norm] = value ?? .infinity
        }
        return radii
    }
}

extension DatasetTable.BoundaryDistance: Decodable {
    /// A decision-boundary answer from its JSON: `null` lengths are `+∞`
    /// (`distance` only when the status is `exact`).
    ///
    /// - Throws: `DecodingError` for a missing key or an unknown status.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let status = try c.decode(DecisionBoundaryResult.Status.self, forKey: .status)
        let distance = try c.decode(Double?.self, forKey: .distance)
        self.init(status: status, distance: distance ?? (status == .exact ? .infinity : nil),
                  lower: try c.decode(Double?.self, forKey: .lower) ?? .infinity,
                  upper: try c.decode(Double?.self, forKey: .upper) ?? .infinity,
                  witnessClass: try c.decode(Int?.self, forKey: .witnessClass),
                  seconds: try c.decode(Double.self, forKey: .seconds))
    }
}

extension CertificationReport.Binding: Decodable {
    /// A binding unit from its JSON; an `output` unit is the threshold unit
    /// when `decoder.userInfo[.thresholdHead]` is `true` (the model's head).
    ///
    /// - Throws: `DecodingError` for a missing key or an unknown kind or norm.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        norm = try c.decode(Norm.self, forKey: .norm)
        kind = try c.decode(Kind.self, forKey: .kind)
        layer = try c.decode(Int.self, forKey: .layer)
        unit = try c.decode(Int.self, forKey: .unit)
        isThreshold = kind == .output && (decoder.userInfo[.thresholdHead] as? Bool ?? false)
    }
}

extension CodingUserInfoKey {
    /// `true` when the rows being decoded come from a model with a threshold
    /// decision head (see `CertificationReport.Binding.init(from:)`).
    public static let thresholdHead = CodingUserInfoKey(rawValue: "cellcert.thresholdHead")!
}
