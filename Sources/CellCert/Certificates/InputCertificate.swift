/// Everything CellCert certifies about one input: its class, its cell, the
/// certified radii, and optionally the facets.
public struct InputCertificate: Sendable {
    /// The input.
    public let input: [Double]
    /// `f(x)`.
    public let predictedClass: Int
    /// The activation cell of `x`.
    public let cell: Cell
    /// Certified radii, in the order the norms were asked for.
    public let radii: [CellRadius]
    /// Facet analysis when asked for.
    public let facets: FacetAnalysis?

    /// The radius in `norm`, if it was computed.
    public func radius(_ norm: Norm) -> CellRadius? { radii.first { $0.norm == norm } }
}

/// What to compute for each input.
public struct CertificationRequest: Sendable {
    /// Norms of the certified balls.
    public var norms: [Norm]
    /// Whether to classify facets with GLPK.
    public var facets: Bool
    /// Options of the facet search.
    public var facetOptions: FacetOptions

    public init(norms: [Norm] = Norm.allCases, facets: Bool = false, facetOptions: FacetOptions = FacetOptions()) {
        self.norms = norms
        self.facets = facets
        self.facetOptions = facetOptions
    }
}

extension Network {
    /// Builds the cell of `x` and certifies it as `request` says.
    ///
    /// - Throws: `CellError` for an input of the wrong dimension or with
    ///   non-finite entries; LP errors from the facet search.
    public func certify(_ x: [Double], request: CertificationRequest) throws -> InputCertificate {
        let cell = try cell(at: x)
        let radii = request.norms.map { cell.radius(at: x, norm: $0) }
        let facets = request.facets ? try cell.facets(near: x, options: request.facetOptions) : nil
        return InputCertificate(input: x, predictedClass: cell.pattern.predictedClass, cell: cell, radii: radii, facets: facets)
    }
}
