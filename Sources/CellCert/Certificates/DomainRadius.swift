/// The certified radius inside an input domain `D` (THEORY.md §3): the
/// distance from `x` to `∂C(x) ∩ D`, the part of the cell boundary that
/// inputs of the domain can reach.
///
/// Every `y ∈ D` with `‖y − x‖_p < radius` lies in the cell (the segment from
/// `x` to `y` stays in the convex `D` and would otherwise cross `∂C ∩ D`
/// nearer), so it keeps the pattern and the class. It is at least the plain
/// cell radius, and larger when the nearest faces only meet the cell outside
/// the domain (pixels pushed below 0, say).
public struct DomainRadius: Sendable, Equatable {
    public let norm: Norm
    /// The radius reported: `max(cell radius, estimate − margin)` with
    /// `margin = 2·10⁻⁷ (1 + estimate)`, which covers GLPK's primal feasibility
    /// tolerance on the unit-normal rows (Docs/floating-point.md). Never below
    /// the rounding-proof cell radius.
    public let radius: Double
    /// The smallest face distance the programs returned (`+∞` when no face of
    /// the cell meets the domain).
    public let estimate: Double
    /// The row whose face is nearest inside the domain, if any.
    public let bindingRow: Int?
    /// Its unit.
    public let binding: FaceUnit?
    /// LPs / QPs solved.
    public let programsSolved: Int
    /// Rows whose program failed; their hyperplane distance `δ_u` stood in
    /// for the face distance (a lower bound, so the radius stays sound).
    public let failedRows: [Int]
}

extension Cell {
    /// The certified radius of `x` inside `domain` in `norm` (see ``DomainRadius``).
    ///
    /// Faces are measured in increasing order of their hyperplane distance
    /// `δ_u`, a lower bound on the face distance, and the loop stops once
    /// `δ_u` reaches the best face distance found: usually one or two programs.
    ///
    /// - Throws: `CellError` when `x` is outside `domain` or dimensions differ.
    public func radiusInDomain(at x: [Double], norm: Norm, domain: InputBox,
                               timeLimitSeconds: Double? = 60) throws -> DomainRadius {
        guard x.count == inputDimension, domain.dimension == inputDimension else {
            throw CellError("the point, the domain and the cell have different dimensions")
        }
        guard domain.contains(x) else { throw CellError("the input lies outside the domain") }
        let cellRadius = radius(at: x, norm: norm).radius
        let certified = certifiedDistances(from: x, norm: norm)
        let lowerBounds = estimatedDistances(from: x, norm: norm)
        let program = FacetDistanceProgram(cell: self, from: x, norm: norm, domain: domain)
        var best = Double.infinity
        var bindingRow: Int? = nil
        var failed: [Int] = []
        for u in faceRows.sorted(by: { (lowerBounds[$0], $0) < (lowerBounds[$1], $1) }) {
            if lowerBounds[u] >= best { break }
            switch program.distance(toRow: u, timeLimitSeconds: timeLimitSeconds) {
            case let .reached(distance, _):
                if distance < best { best = distance; bindingRow = u }
            case .unreachable:
                continue
            case .failed:
                failed.append(u)
                if certified[u] < best { best = certified[u]; bindingRow = u }
            }
        }
        let margin = 2e-7 * (1 + best)
        let reported = best.isFinite ? max(cellRadius, best - margin) : best
        return DomainRadius(norm: norm, radius: reported, estimate: best, bindingRow: bindingRow,
                            binding: bindingRow.map { units[$0] }, programsSolved: program.solveCount, failedRows: failed)
    }
}
