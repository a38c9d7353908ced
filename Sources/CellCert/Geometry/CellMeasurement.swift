/// What certifying an input keeps of its cell once the rows are gone: the
/// pattern, the row counts, the certified radii and, for the probabilistic
/// bounds, the certified ℓ2 distance to every row's hyperplane.
///
/// A CIFAR-10 cell has thousands of rows of 3072 entries; the radii need each
/// row only once, so a measurement can be taken block by block while the rows
/// are built (``GraphNetwork/measureCell(at:norms:)``) and equals the one
/// taken from the whole cell (``Cell/measurement(at:norms:)``) value for value.
public struct CellMeasurement: Sendable {
    /// The cell's activation pattern.
    public let pattern: ActivationPattern
    /// Number of rows (units), faces and degenerate ones.
    public let rowCount: Int
    /// Number of face hyperplanes (rows with a non-zero normal).
    public let hyperplaneCount: Int
    /// The certified radii, in the order the norms were asked for.
    public let radii: [CellRadius]
    /// The certified ℓ2 distance from the input to every row's hyperplane
    /// (``Cell/certifiedDistances(from:norm:)``; `+∞` for degenerate rows), when
    /// ℓ2 was among the norms.
    public let l2Distances: [Double]?

    /// Number of degenerate rows (zero normal: no face).
    public var degenerateRowCount: Int { rowCount - hyperplaneCount }
}

extension Cell {
    /// The measurement of this cell at `x` in `norms`.
    public func measurement(at x: [Double], norms: [Norm]) -> CellMeasurement {
        var accumulator = CellMeasurementAccumulator(pattern: pattern, norms: norms, at: x)
        accumulator.add(self)
        return accumulator.measurement
    }
}

/// Builds a ``CellMeasurement`` from consecutive blocks of a cell's rows, each
/// given as a ``Cell`` of its own rows: the radius is the minimum over blocks,
/// ties going to the lowest row as in ``Cell/radius(at:norm:)``.
struct CellMeasurementAccumulator {
    private let pattern: ActivationPattern
    private let norms: [Norm]
    private let x: [Double]
    private var rowCount = 0
    private var hyperplaneCount = 0
    private var best: [CellRadius]
    private var l2Distances: [Double]?

    init(pattern: ActivationPattern, norms: [Norm], at x: [Double]) {
        self.pattern = pattern
        self.norms = norms
        self.x = x
        best = norms.map { CellRadius(norm: $0, radius: .infinity, estimate: .infinity, bindingRow: nil, binding: nil,
                                      nearestBoundaryPoint: nil) }
        l2Distances = norms.contains(.l2) ? [] : nil
    }

    /// Measures the rows of `block`, which follow every row added so far.
    mutating func add(_ block: Cell) {
        for (k, (radius, distances)) in block.radiiAndDistances(at: x, norms: norms).enumerated() {
            if radius.norm == .l2 { l2Distances?.append(contentsOf: distances) }
            let estimate = min(best[k].estimate, radius.estimate)
            // Strictly smaller: an equal radius keeps the earlier (lower) row.
            if let row = radius.bindingRow, best[k].bindingRow == nil || radius.radius < best[k].radius {
                best[k] = CellRadius(norm: radius.norm, radius: radius.radius, estimate: estimate,
                                     bindingRow: rowCount + row, binding: radius.binding,
                                     nearestBoundaryPoint: radius.nearestBoundaryPoint)
            } else {
                best[k] = CellRadius(norm: best[k].norm, radius: best[k].radius, estimate: estimate,
                                     bindingRow: best[k].bindingRow, binding: best[k].binding,
                                     nearestBoundaryPoint: best[k].nearestBoundaryPoint)
            }
        }
        rowCount += block.rowCount
        hyperplaneCount += block.hyperplaneCount
    }

    /// The measurement of every row added.
    var measurement: CellMeasurement {
        CellMeasurement(pattern: pattern, rowCount: rowCount, hyperplaneCount: hyperplaneCount, radii: best,
                        l2Distances: l2Distances)
    }
}
