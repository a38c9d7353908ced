import Foundation

/// Everything CellCert certifies about one input: its class, its cell, the
/// certified radii, and optionally the facets.
public struct InputCertificate: Sendable {
    /// The input.
    public let input: [Double]
    /// `f(x)`.
    public let predictedClass: Int
    /// The activation cell of `x`, when the request needed all its rows (facets,
    /// domain radii, the decision boundary, the exact re-check); `nil` otherwise and
    /// once released (``releasingCell()``): the pipeline over many inputs keeps only
    /// what its reports need, since a CIFAR-10 cell's rows alone take about 80 MB.
    public private(set) var cell: Cell?
    /// The cell's activation pattern.
    public let pattern: ActivationPattern
    /// The cell's number of rows (units), faces and degenerate ones.
    public let rowCount: Int
    /// The cell's number of face hyperplanes.
    public let hyperplaneCount: Int
    /// The cell's number of degenerate rows.
    public var degenerateRowCount: Int { rowCount - hyperplaneCount }
    /// Certified radii, in the order the norms were asked for.
    public let radii: [CellRadius]
    /// The certified ℓ2 distance to every row's hyperplane (`+∞` for degenerate
    /// rows) when ℓ2 was asked for, for the probabilistic bounds; dropped with the cell.
    public private(set) var l2Distances: [Double]?
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

    /// A certificate of input `x` from the measurement of its cell (and the cell,
    /// when kept) with its results.
    init(input: [Double], measurement: CellMeasurement, cell: Cell?, facets: FacetAnalysis?, domainRadii: [DomainRadius]?,
         decisionBoundary: DecisionBoundaryResult?, exactRechecks: [ExactRecheck]?) {
        self.input = input
        self.predictedClass = measurement.pattern.predictedClass
        self.cell = cell
        self.pattern = measurement.pattern
        self.rowCount = measurement.rowCount
        self.hyperplaneCount = measurement.hyperplaneCount
        self.radii = measurement.radii
        self.l2Distances = measurement.l2Distances
        self.facets = facets
        self.domainRadii = domainRadii
        self.decisionBoundary = decisionBoundary
        self.exactRechecks = exactRechecks
    }

    /// The same certificate without the cell's rows and the per-row ℓ2 distances
    /// (every other value kept).
    public func releasingCell() -> InputCertificate {
        var copy = self
        copy.cell = nil
        copy.l2Distances = nil
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
        guard request.needsWholeCell else {
            return InputCertificate(input: x, measurement: try measureCell(at: x, norms: request.norms), cell: nil,
                                    facets: nil, domainRadii: nil, decisionBoundary: nil, exactRechecks: nil)
        }
        try checkCellFits(request.maximumCellBytes)
        let cell = try cell(at: x)
        let measurement = cell.measurement(at: x, norms: request.norms)
        let radii = measurement.radii
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
        return InputCertificate(input: x, measurement: measurement, cell: cell, facets: facets, domainRadii: domainRadii,
                                decisionBoundary: boundary, exactRechecks: rechecks)
    }

    /// The bytes the rows of a whole cell take: `faceBound × d` entries of 8 bytes.
    public var wholeCellBytes: Double { Double(faceBound) * Double(inputDimension) * 8 }

    /// Throws unless a whole cell fits in `limit` bytes (no limit: `nil`).
    private func checkCellFits(_ limit: Int?) throws {
        guard let limit, wholeCellBytes > Double(limit) else { return }
        throw CellError("a cell of this network has \(faceBound) rows of \(inputDimension) entries (\(Self.binaryBytes(wholeCellBytes))), "
                        + "more than the memory limit (--max-memory) of \(Self.binaryBytes(Double(limit))); facets, domain radii, "
                        + "the decision boundary and the exact re-check need every row at once (radii and bounds alone do not)")
    }

    /// `bytes` in the largest binary unit that keeps the number at least 1: `1.0 KiB`, `48.0 MiB`.
    private static func binaryBytes(_ bytes: Double) -> String {
        var (value, unit) = (bytes, "bytes")
        for next in ["KiB", "MiB", "GiB", "TiB"] where value >= 1024 {
            (value, unit) = (value / 1024, next)
        }
        return unit == "bytes" ? "\(Int(value)) bytes" : String(format: "%.1f", value) + " " + unit
    }
}
