/// The closed activation cell `C = { y : σ_u φ_u(y) ≥ 0 for every unit u }`
/// of an activation pattern (Docs/theory.md §2, Theorem 4.1), in raw input coordinates.
///
/// Row `u` holds the affine function `φ_u(y) = A_u·y + c_u` of one unit (a
/// hidden unit or an output comparison) and its orientation `σ_u`. Rows with a
/// zero normal (constant `φ_u`) carry no face and are listed in `degenerateRows`.
/// The computed rows differ from the exact ones by at most the stored error
/// bounds, which the certified distances take into account.
public struct Cell: Sendable {
    /// The pattern the cell was built from.
    public let pattern: ActivationPattern
    /// The unit behind each row.
    public let units: [FaceUnit]
    /// `σ_u ∈ {+1, −1}`: the cell is where `σ_u φ_u ≥ 0`.
    public let orientations: [Double]
    /// The computed normals `Â_u`, one row per unit (not oriented).
    public let normals: Matrix
    /// The computed offsets `ĉ_u`.
    public let offsets: [Double]
    /// Rows whose normal is exactly zero: they bound nothing (distance `+∞`).
    public let degenerateRows: [Int]
    /// The rows that are face hyperplanes (non-zero normal), in row order.
    public let faceRows: [Int]

    let normalError: [ErrorMeasure: [Double]]
    let offsetError: [Double]
    let inputScale: [Double]
    /// The computed lengths of the rows `Â_u` (uninflated), shared by the radii of every norm.
    let rowLengths: RowLengths
    /// How the rows follow from the network's stored numbers (``ExactCellRows``), for
    /// the exact re-check and the exact refinement of binding faces.
    let derivations: [RowDerivation]?

    init(pattern: ActivationPattern, units: [FaceUnit], orientations: [Double], rows: AffineRows) {
        self.pattern = pattern
        self.units = units
        self.orientations = orientations
        self.normals = rows.normals
        self.offsets = rows.offsets
        self.normalError = rows.normalError
        self.offsetError = rows.offsetError
        self.inputScale = rows.inputScale
        self.rowLengths = rows.lengths
        self.derivations = rows.derivations
        var degenerate: [Int] = []
        var faces: [Int] = []
        let largestEntries = rows.lengths[.linf]
        let errors = rows.normalError[.l1]!
        for u in 0..<rows.count {
            // A computed zero row is exactly zero only when its error bound is zero too.
            if largestEntries[u] == 0 && errors[u] == 0 { degenerate.append(u) } else { faces.append(u) }
        }
        self.degenerateRows = degenerate
        self.faceRows = faces
    }

    /// The input dimension `d`.
    public var inputDimension: Int { normals.columns }
    /// Number of rows (units), faces and degenerate ones.
    public var rowCount: Int { units.count }
    /// Number of face hyperplanes (rows with a non-zero normal); at most `N`.
    public var hyperplaneCount: Int { faceRows.count }

    /// `φ_u(y)` computed in floating point.
    public func value(row u: Int, at y: [Double]) -> Double {
        var s = offsets[u]
        let d = inputDimension
        normals.storage.withUnsafeBufferPointer { a in
            var dot = 0.0
            for k in 0..<d { dot += a[u * d + k] * y[k] }
            s += dot
        }
        return s
    }

    /// `σ_u φ_u(y)` for every row, in floating point (positive inside the cell).
    public func orientedValues(at y: [Double]) -> [Double] {
        let raw = normals.multiplied(by: y)
        return (0..<rowCount).map { orientations[$0] * (raw[$0] + offsets[$0]) }
    }

    /// Whether `y` satisfies every row's inequality `σ_u φ_u(y) ≥ 0` as computed in floating point.
    public func contains(_ y: [Double]) -> Bool {
        orientedValues(at: y).allSatisfy { $0 >= 0 }
    }

    /// The cell's exact rows, recomputed on demand from the network's stored numbers;
    /// `nil` only for rows that were not derived from a network.
    var exactRows: ExactCellRows? {
        derivations.map(ExactCellRows.init)
    }
}
