/// The certified radius inside an input domain `D` (Docs/theory.md §3): the
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
    /// The radius reported: the smallest rigorous lower bound on a face's distance
    /// (a ``FaceDistanceCertificate`` checked against the exact rows, whatever
    /// the solver's tolerances; Docs/floating-point.md), never below the
    /// rounding-proof cell radius.
    public let radius: Double
    /// The smallest face distance the programs returned, in floating point (`+∞`
    /// when no face of the cell meets the domain). `radius` may lie a little below it.
    public let estimate: Double
    /// The row whose face bounds `radius`, if any.
    public let bindingRow: Int?
    /// Its unit.
    public let binding: FaceUnit?
    /// LPs / QPs solved.
    public let programsSolved: Int
    /// Rows whose program failed, or which the solver found out of reach but
    /// no proof confirmed; their certified hyperplane distance `δ_u` stood in for
    /// the face distance (a lower bound, so the radius stays sound).
    public let failedRows: [Int]
}

extension Cell {
    /// The certified radius of `x` inside `domain` in `norm` (see ``DomainRadius``).
    ///
    /// Faces are measured in increasing order of their certified hyperplane
    /// distance `δ_u`, a lower bound on the face distance, and the loop stops once
    /// `δ_u` reaches the best proven face distance: usually one or two programs.
    /// Faces the solver finds empty are then proven to miss the ball of the
    /// radius found (one more LP each), or bound it by their `δ_u`.
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
        let program = FacetDistanceProgram(cell: self, from: x, norm: norm, domain: domain)
        var best = Double.infinity
        var estimate = Double.infinity
        var bindingRow: Int? = nil
        var failed: [Int] = []
        var claimedEmpty: [Int] = []
        func bound(_ u: Int, by value: Double) {
            if value < best { best = value; bindingRow = u }
        }
        for u in faceRows.sorted(by: { (certified[$0], $0) < (certified[$1], $1) }) {
            if certified[u] >= best { break }
            switch program.distance(toRow: u, timeLimitSeconds: timeLimitSeconds) {
            case let .reached(distance, provenDistance, _):
                estimate = min(estimate, distance)
                bound(u, by: provenDistance)
            case .unreachable:
                claimedEmpty.append(u)
            case .failed:
                failed.append(u)
                estimate = min(estimate, certified[u])
                bound(u, by: certified[u])
            }
        }
        // A face the solver found empty must be proven to miss the ball of the radius
        // (a proof at a larger radius holds at every smaller one).
        for u in claimedEmpty where certified[u] < best {
            if !program.provesUnreachable(row: u, within: best, timeLimitSeconds: timeLimitSeconds) {
                failed.append(u)
                bound(u, by: certified[u])
            }
        }
        return DomainRadius(norm: norm, radius: max(cellRadius, best), estimate: estimate, bindingRow: bindingRow,
                            binding: bindingRow.map { units[$0] }, programsSolved: program.solveCount, failedRows: failed)
    }
}
