/// The a-posteriori refinement of a cell's certified distances: the faces that
/// bind the radius are measured again in exact arithmetic.
///
/// The a-priori bound (Docs/floating-point.md) charges every row the worst
/// case of its rounding, which grows with depth: on ERAN's 9 × 200 MNIST
/// network it gave up to 1.8·10⁻⁴ of the radius. Only the faces that attain
/// the minimum matter, so those are recomputed exactly: while the smallest
/// distance belongs to a face that is not yet refined and whose a-priori
/// distance gives up more than ``tolerance`` of its floating-point estimate
/// (or is `0`), that face's exact row is rebuilt from the network's stored
/// weights (``ExactCellRows``) and its exact distance at `x`, rounded down to a
/// `Double` (``ExactRowMeasure/distanceLowerBound(norm:orientation:)``),
/// replaces the a-priori one, if larger.
///
/// Every distance stays a lower bound on its exact value, so their minimum stays
/// a lower bound on the exact radius. When the minimum ends on a refined face
/// it is the exact radius rounded down; when it ends on an unrefined face
/// within ``tolerance`` of its estimate, the a-priori bound already is that
/// close. At most ``maximumRows`` faces are refined per point and norm, which
/// bounds the cost when many faces nearly tie (the result is then still sound).
///
/// One refinement serves one point: the exact measures of a row serve every norm
/// (``Cell/radii(at:norms:)`` refines each norm with the same instance).
final class BindingFaceRefinement {
    /// The relative shortfall of an a-priori distance below its estimate that is worth an exact recomputation.
    static let tolerance = 1e-9
    /// The most faces refined for one point and norm.
    static let maximumRows = 32

    private let cell: Cell
    private let x: [Double]
    /// The exact rows and the centred point, built at the first refinement.
    private var exact: (rows: ExactCellRows, centred: IntegerRows)?
    private var measures: [Int: ExactRowMeasure] = [:]

    init(cell: Cell, at x: [Double]) {
        self.cell = cell
        self.x = x
    }

    /// Raises the `distances` of the binding faces in `norm` to their exact values
    /// rounded down, as described above; `estimates` are the floating-point distances.
    func refine(_ distances: inout [Double], estimates: [Double], norm: Norm) {
        guard cell.derivations != nil, x.allSatisfy(\.isFinite) else { return }
        var refined = Set<Int>()
        while refined.count < Self.maximumRows {
            guard let b = cell.faceRows.min(by: { (distances[$0], $0) < (distances[$1], $1) }),
                  !refined.contains(b) else { return }
            let shortfall = distances[b] < estimates[b] * (1 - Self.tolerance)
            guard shortfall || distances[b] == 0 else { return }
            let exactDistance = measure(row: b).distanceLowerBound(norm: norm, orientation: cell.orientations[b])
            distances[b] = max(distances[b], exactDistance)
            refined.insert(b)
        }
    }

    /// The exact measure of row `u` at `x` (computed once per row).
    private func measure(row u: Int) -> ExactRowMeasure {
        if let known = measures[u] { return known }
        if exact == nil, let rows = cell.exactRows {
            exact = (rows, rows.input.centred(x))
        }
        let (rows, centred) = exact!
        let measure = ExactRowMeasure(row: 0, of: rows.integerRows([u]), centred: centred, input: rows.input)
        measures[u] = measure
        return measure
    }
}
