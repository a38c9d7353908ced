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
    /// The certified radius inside the domain, per norm of `radii`, when a
    /// domain was given and `x` lies in it (`nil` otherwise).
    public let domainRadii: [DomainRadius]?
    /// `R_p(x)`, the distance to the decision boundary, when asked for.
    public let decisionBoundary: DecisionBoundaryResult?
    /// The exact re-check of each radius of `radii`, in order, when asked for.
    public let exactRechecks: [ExactRecheck]?

    /// The radius in `norm`, if it was computed.
    public func radius(_ norm: Norm) -> CellRadius? { radii.first { $0.norm == norm } }
}

extension CertifiableNetwork {
    /// Builds the cell of `x` and certifies it as `request` says.
    ///
    /// An input outside the domain gets no domain radii, and a decision
    /// boundary of status `.unknown` saying so, rather than an error: a data
    /// set may hold a few such inputs.
    ///
    /// - Throws: `CellError` for an input of the wrong dimension or with
    ///   non-finite entries; LP errors from the facet search; errors of the
    ///   decision-boundary method (e.g. MILP with ℓ2).
    public func certify(_ x: [Double], request: CertificationRequest) throws -> InputCertificate {
        let cell = try cell(at: x)
        let radii = cell.radii(at: x, norms: request.norms)
        let facets = request.facets ? try cell.facets(near: x, options: request.facetOptions) : nil
        let inDomain = request.domain.map { $0.contains(x) } ?? true
        let domainRadii = try request.domain.flatMap { box in
            inDomain ? try request.norms.map { try cell.radiusInDomain(at: x, norm: $0, domain: box) } : nil
        }
        let boundary = try request.boundary.map { query in
            // The query runs in the request's domain, the one `inDomain` was checked against.
            var options = query
            options.domain = request.domain
            return inDomain ? try decisionBoundary(at: x, options: options) : DecisionBoundaryResult(
                norm: options.norm, method: options.method, status: .unknown, distance: nil,
                lower: cell.radius(at: x, norm: options.norm).radius, upper: .infinity, witness: nil,
                cellsExplored: 0, linearProgramsSolved: 0,
                seconds: 0, note: "the input lies outside the domain")
        }
        let rechecks = request.recheckExactly
            ? try radii.map { try cell.recheckExactly(at: x, norm: $0.norm, radius: $0.radius) } : nil
        return InputCertificate(input: x, predictedClass: cell.pattern.predictedClass, cell: cell, radii: radii,
                                facets: facets, domainRadii: domainRadii, decisionBoundary: boundary,
                                exactRechecks: rechecks)
    }
}
