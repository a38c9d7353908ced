/// Which face hyperplanes of a cell are true facets (Docs/theory.md §3), as computed
/// by ``Cell/facets(near:options:)``.
///
/// The classification criterion, for the face constraints normalised to unit
/// ℓ2 normals `n_u·y + b_u ≥ 0` (coincident ones merged): row `u` is a facet iff
///
///     m_u = min { n_u·y + b_u : n_j·y + b_j ≥ 0 for every other row j, n_u·y + b_u ≥ −1 } < −τ
///
/// with `τ` = ``FacetOptions/violationTolerance``, i.e. iff the other constraints
/// leave room to violate row `u` by more than `τ` (a distance, in input units).
/// It is a numerical classification in floating point, not a certificate. The
/// verdicts are the same for every ``FacetOptions/threads`` value.
public struct FacetAnalysis: Sendable, Equatable {
    /// How a row's facet status was decided.
    public enum Verdict: String, Sendable, Codable {
        /// The projection of `x` onto the hyperplane satisfies every other
        /// constraint strictly: a facet, at distance exactly `δ_u` (ℓ2).
        case facetByProjection
        /// A point satisfying every other constraint and violating this one by
        /// more than the tolerance was found: the optimum of a linear program
        /// over a subset of the constraints that happened to satisfy all of
        /// them, or a point on a ray shot from `x` toward such an optimum
        /// (Clarkson's ray shooting). Either way `m_u < −τ`.
        case facetByLP
        /// A linear program over a subset of the other constraints proved
        /// `m_u ≥ −τ`; the full set of constraints can only raise the minimum.
        case redundant
        /// A coincident copy of another row (same normalised hyperplane and
        /// side); that row carries the verdict.
        case duplicate
        /// The LP solver failed or timed out on every retry: neither proved nor
        /// refuted. Never counted as a facet or as redundant.
        case unknown
        /// A degenerate row (zero normal): no face at all.
        case degenerate
    }

    /// One verdict per cell row.
    public let verdicts: [Verdict]
    /// For `.duplicate` rows, the row that represents the merged hyperplane.
    public let representative: [Int?]
    /// Number of LPs solved (every GLPK solve, retries included). Depends on the
    /// algorithm's work split (``FacetOptions``), not on the thread count.
    public let linearProgramsSolved: Int
    /// Simplex iterations over all those LPs.
    public let simplexIterations: Int
    /// The dimension of the space the LPs ran in: the rank of the unique face
    /// normals (their row space), at most the input dimension; 0 when every row
    /// was decided without an LP.
    public let linearProgramDimension: Int

    init(verdicts: [Verdict], representative: [Int?], linearProgramsSolved: Int,
         simplexIterations: Int = 0, linearProgramDimension: Int = 0) {
        self.verdicts = verdicts
        self.representative = representative
        self.linearProgramsSolved = linearProgramsSolved
        self.simplexIterations = simplexIterations
        self.linearProgramDimension = linearProgramDimension
    }

    /// Rows that are facets (one per merged hyperplane).
    public var facetRows: [Int] {
        verdicts.indices.filter { verdicts[$0] == .facetByProjection || verdicts[$0] == .facetByLP }
    }
    /// Number of facets.
    public var facetCount: Int { facetRows.count }
    /// Number of rows the solver could not decide (never counted as facets or as redundant).
    public var unknownCount: Int { verdicts.filter { $0 == .unknown }.count }
}
