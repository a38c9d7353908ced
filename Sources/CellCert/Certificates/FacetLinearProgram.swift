import LinearProgramming

/// The GLPK problem of one Clarkson run: variables `z ∈ ℝ^k` (free) and a
/// growing subset `P` of the rows of a ``FacetConstraintSystem``, each
/// `a_j·z ≥ −c_j`, except the candidate being checked, relaxed to
/// `a_j·z ≥ −c_j − δ`, whose value `a_j·z + c_j` is minimised.
///
/// Rows join `P` as facets are found (GLPK rows are appended, their auxiliary
/// variables basic, so the basis stays valid and dual feasible), and a
/// candidate that turns out redundant leaves again. Keeping only `P` in GLPK,
/// rather than every row with the inactive ones free, matters: GLPK factorises
/// the basis at least once per `glp_simplex` call, at a cost that grows with
/// the number of rows.
///
/// Like the ``SimplexSession`` it wraps, it must be created, used and released
/// on one thread.
final class FacetLinearProgram {
    private let system: FacetConstraintSystem
    /// `δ`: how far the candidate row is relaxed.
    private let relaxation: Double
    private var session: SimplexSession
    /// The system row of each program row, in program order.
    private var rows: [Int] = []
    /// The program row of each system row, or `nil` when absent.
    private var position: [Int?]
    /// The relaxed candidate row, if any.
    private var relaxedRow: Int?

    /// A program with the listed system rows (no objective yet).
    init(system: FacetConstraintSystem, rows initialRows: [Int], relaxation: Double) throws {
        self.system = system
        self.relaxation = relaxation
        position = Array(repeating: nil, count: system.rowCount)
        session = try Self.makeSession(system: system, rows: [], relaxed: nil, relaxation: relaxation)
        try add(initialRows)
    }

    /// The number of rows in the program.
    var rowCount: Int { rows.count }

    /// Whether system row `j` is in the program.
    func contains(_ j: Int) -> Bool { position[j] != nil }

    /// Adds system rows (absent ones only) with their true bounds `a_j·z ≥ −c_j`.
    func add(_ newRows: [Int]) throws {
        let fresh = newRows.filter { position[$0] == nil }
        guard !fresh.isEmpty else { return }
        try session.addConstraints(fresh.map { Self.constraint(system: system, row: $0, relaxation: 0) })
        for j in fresh {
            position[j] = rows.count
            rows.append(j)
        }
    }

    /// Removes system row `j` if present.
    func remove(_ j: Int) throws {
        guard let p = position[j] else { return }
        try session.removeConstraints([p])
        rows.remove(at: p)
        position[j] = nil
        for q in p..<rows.count { position[rows[q]] = q }
        if relaxedRow == j { relaxedRow = nil }
    }

    /// Makes `j` the candidate: present, relaxed to `a_j·z + c_j ≥ −δ`, and the
    /// objective `min a_j·z + c_j`. The previous candidate's row gets its true bound back.
    func makeCandidate(_ j: Int) throws {
        try restoreRelaxedRow()
        try add([j])
        try session.setConstraintBounds(position[j]!, lower: -system.referenceValues[j] - relaxation, upper: nil)
        relaxedRow = j
        try session.setObjective(system.row(j), constant: system.referenceValues[j], direction: .minimize)
    }

    /// Gives the relaxed candidate row, if any, its true bound `a_j·z ≥ −c_j` again.
    func restoreRelaxedRow() throws {
        guard let j = relaxedRow else { return }
        try session.setConstraintBounds(position[j]!, lower: -system.referenceValues[j], upper: nil)
        relaxedRow = nil
    }

    /// Solves warm from the current basis, with at most `iterationLimit` simplex
    /// iterations per GLPK call (`nil`: no limit).
    func solve(method: SimplexMethod, timeLimitSeconds: Double?, iterationLimit: Int?) -> LinearProgramSolution {
        session.solve(options: SolverOptions(timeLimitSeconds: timeLimitSeconds, method: method,
                                             iterationLimit: iterationLimit))
    }

    /// Replaces the GLPK problem by a fresh one with the same rows, bounds and
    /// objective: a clean start after a numerical failure.
    func rebuild() throws {
        session = try Self.makeSession(system: system, rows: rows, relaxed: relaxedRow, relaxation: relaxation)
        if let j = relaxedRow {
            try session.setObjective(system.row(j), constant: system.referenceValues[j], direction: .minimize)
        }
    }

    /// `a_j·z ≥ −c_j − relaxation`.
    private static func constraint(system: FacetConstraintSystem, row j: Int, relaxation: Double) -> LinearConstraint {
        .greaterOrEqual(system.row(j), -system.referenceValues[j] - relaxation)
    }

    private static func makeSession(system: FacetConstraintSystem, rows: [Int], relaxed: Int?,
                                    relaxation: Double) throws -> SimplexSession {
        var program = LinearProgram(variableCount: system.dimension, direction: .minimize)
        program.variableBounds = Array(repeating: .free, count: system.dimension)
        program.objective = Array(repeating: 0, count: system.dimension)
        program.constraints = rows.map {
            constraint(system: system, row: $0, relaxation: $0 == relaxed ? relaxation : 0)
        }
        return try SimplexSession(program)
    }
}

@available(*, unavailable, message: "a facet LP must stay on the thread that created it")
extension FacetLinearProgram: Sendable {}
