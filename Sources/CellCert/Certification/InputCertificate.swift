/// Everything CellCert certifies about one input: its class, its cell, the
/// certified radii, and optionally the facets.
public struct InputCertificate: Sendable {
    /// The input.
    public let input: [Double]
    /// `f(x)`.
    public let predictedClass: Int
    /// The activation cell of `x`; `nil` once released (``releasingCell()``):
    /// the pipeline over many inputs keeps only what its reports need, since a
    /// CIFAR-10 cell's rows alone take about 80 MB.
    public private(set) var cell: Cell?
    /// The cell's activation pattern (kept when the cell is released).
    public let pattern: ActivationPattern
    /// The cell's number of face hyperplanes (kept when the cell is released).
    public let hyperplaneCount: Int
    /// The cell's number of degenerate rows (kept when the cell is released).
    public let degenerateRowCount: Int
    /// Certified radii, in the order the norms were asked for.
    public let radii: [CellRadius]
    /// Facet analysis when asked for.
    public let facets: FacetAnalysis?
    /// The certified radius inside the domain, per norm of `radii`, when a
    /// domain was given and `x` lies in it (`nil` otherwise).
    public let domainRadii: [DomainRadius]?
    /// `R_p(x)`, the distance to the decision boundary, when asked for; a
    /// search stopped early has its lower bound raised to the in-domain radius
    /// (``tightened(_:by:)``).
    public let decisionBoundary: DecisionBoundaryResult?
    /// The exact re-check of each radius of `radii`, in order, when asked for.
    public let exactRechecks: [ExactRecheck]?

    /// The radius in `norm`, if it was computed.
    public func radius(_ norm: Norm) -> CellRadius? { radii.first { $0.norm == norm } }

    /// A certificate of `cell` for input `x` with its results.
    init(input: [Double], cell: Cell, radii: [CellRadius], facets: FacetAnalysis?, domainRadii: [DomainRadius]?,
         decisionBoundary: DecisionBoundaryResult?, exactRechecks: [ExactRecheck]?) {
        self.input = input
        self.predictedClass = cell.pattern.predictedClass
        self.cell = cell
        self.pattern = cell.pattern
        self.hyperplaneCount = cell.hyperplaneCount
        self.degenerateRowCount = cell.degenerateRows.count
        self.radii = radii
        self.facets = facets
        self.domainRadii = domainRadii
        self.decisionBoundary = decisionBoundary
        self.exactRechecks = exactRechecks
    }

    /// The same certificate without the cell's rows (every other value kept).
    public func releasingCell() -> InputCertificate {
        var copy = self
        copy.cell = nil
        return copy
    }
}

extension InputCertificate {
    /// `result` with its lower bound raised to the certified radius inside the
    /// domain in its norm, when the run stopped early: every differently
    /// classified input of the domain lies outside the cell, so the segment to
    /// it crosses `∂C ∩ D` and `R_p(x) ≥ r_p^D(x)`. The bound stays at most
    /// `upper` (a verified witness's distance; equal in exact arithmetic only
    /// when both are tight). Exact results are returned unchanged.
    static func tightened(_ result: DecisionBoundaryResult, by domainRadii: [DomainRadius]?) -> DecisionBoundaryResult {
        guard result.status != .exact, let inDomain = domainRadii?.first(where: { $0.norm == result.norm })?.radius,
              inDomain > result.lower else { return result }
        return DecisionBoundaryResult(norm: result.norm, method: result.method, status: result.status, distance: nil,
                                      lower: min(inDomain, result.upper), upper: result.upper, witness: result.witness,
                                      cellsExplored: result.cellsExplored, linearProgramsSolved: result.linearProgramsSolved,
                                      seconds: result.seconds, note: result.note)
    }
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
        let domain = request.domain(for: x)
        let inDomain = domain.map { $0.contains(x) } ?? true
        let domainRadii = try domain.flatMap { box in
            inDomain ? try request.norms.map { try cell.radiusInDomain(at: x, norm: $0, domain: box) } : nil
        }
        let searched = try request.boundary.map { query in
            // The query runs in the input's domain, the one `inDomain` was checked against.
            var options = query
            options.domain = domain
            return inDomain ? try decisionBoundary(at: x, options: options) : DecisionBoundaryResult(
                norm: options.norm, method: options.method, status: .unknown, distance: nil,
                lower: cell.radius(at: x, norm: options.norm).radius, upper: .infinity, witness: nil,
                cellsExplored: 0, linearProgramsSolved: 0,
                seconds: 0, note: "the input lies outside the domain")
        }
        let boundary = searched.map { InputCertificate.tightened($0, by: domainRadii) }
        let rechecks = request.recheckExactly
            ? try radii.map { try cell.recheckExactly(at: x, norm: $0.norm, radius: $0.radius) } : nil
        return InputCertificate(input: x, cell: cell, radii: radii, facets: facets, domainRadii: domainRadii,
                                decisionBoundary: boundary, exactRechecks: rechecks)
    }
}
