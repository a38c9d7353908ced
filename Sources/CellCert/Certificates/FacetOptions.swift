import Foundation

/// Options for ``Cell/facets(near:options:)``.
public struct FacetOptions: Sendable {
    /// Two normalised hyperplanes coincide when their normals and offsets agree
    /// within this absolute tolerance.
    public var coincidenceTolerance: Double = 1e-12
    /// A row is a facet when the other constraints allow violating it by more
    /// than this (constraints are normalised to unit ℓ2 normals, so this is a
    /// distance in input units): `τ` of ``FacetAnalysis``.
    public var violationTolerance: Double = 1e-9
    /// Strictness of the projection tests (from `x` and from a centre), in the
    /// same units; `.infinity` turns them off.
    public var projectionTolerance: Double = 1e-9
    /// Time limit for each LP.
    public var timeLimitSeconds: Double? = 60
    /// Worker threads for the LP checks (each owns its GLPK problems). The
    /// verdicts and LP counts do not depend on it. Values below 1 count as 1;
    /// inside another parallel loop's worker (an input of `table`) the checks
    /// run on that worker's thread (`ParallelLoop`).
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Rank tolerance of the row-space reduction: a unit normal whose distance
    /// to the span of the normals already chosen is at most this counts as
    /// lying in that span. The LPs then run in the row space of the normals
    /// (dimension = their rank) instead of the whole input space; rows are
    /// changed by at most this much. `0` keeps only exactly dependent rows out.
    public var rankTolerance: Double = 1e-10
    /// The candidate rows are split into this many independent blocks (each an
    /// own Clarkson run and GLPK problem); `nil` picks a number from the count of
    /// candidates alone. Threads take whole blocks, which is what makes the
    /// result independent of the thread count.
    public var blockCount: Int? = nil
    /// Before the LPs, repeat the projection test from a centre of the cell
    /// (one LP; ``CentreProjectionTest``). Changes the work, not the classification.
    public var projectsFromCentre: Bool = true

    public init() {}
}
