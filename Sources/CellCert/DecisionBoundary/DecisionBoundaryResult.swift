/// The distance from an input `x` to the decision boundary,
/// `R_p(x) = inf{ ‖y − x‖_p : y ∈ D, f(y) ≠ f(x) }` (Docs/theory.md §3), as one
/// method established it.
///
/// `lower ≤ R_p(x) ≤ upper` holds for the numbers reported in exact arithmetic:
/// `lower` rests on proven face bounds (``FaceDistanceCertificate``, never a
/// solver's optimum; Docs/floating-point.md), `upper` on a verified witness; when
/// the method finished, `status` is `.exact` and `distance` is `R_p(x)` (then
/// `lower` = `distance` and `upper` = the witness's distance, a hair above).
/// `R_p(x) = +∞` (no input of the domain is classified differently) is an
/// exact answer with `distance == .infinity` and no witness.
public struct DecisionBoundaryResult: Sendable {
    /// How far the method got.
    public enum Status: String, Codable, Sendable {
        /// The method finished: `distance` is the exact `R_p(x)`.
        case exact
        /// A limit (time, cells) stopped it: `lower ≤ R_p(x) ≤ upper`.
        case bounded
        /// The solver failed or nothing beyond the trivial bounds is known.
        case unknown
    }

    /// Which algorithm produced the result.
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// GeoCert-style search over cells in order of facet distance.
        case search
        /// Minimal adversarial distortion as a mixed-integer LP (ℓ∞ and ℓ1 only).
        case milp
    }

    public let norm: Norm
    public let method: Method
    public let status: Status
    /// `R_p(x)` when `status == .exact` (possibly `+∞`), else `nil`.
    public let distance: Double?
    /// A proven lower bound on `R_p(x)` (at least the certified cell radius).
    public let lower: Double
    /// An upper bound on `R_p(x)`: the distance of the witness, or `+∞` without one.
    public let upper: Double
    /// A verified adversarial input at distance `upper`, when one is known.
    public let witness: AdversarialWitness?
    /// Cells whose faces were examined (search) or `0` (MILP).
    public let cellsExplored: Int
    /// LPs (search) or MILPs and bound-tightening LPs (MILP) solved.
    public let linearProgramsSolved: Int
    /// Wall-clock seconds spent.
    public let seconds: Double
    /// Why the status is not `.exact` (limit hit, solver failure), in one line.
    public let note: String?

    public init(norm: Norm, method: Method, status: Status, distance: Double?, lower: Double, upper: Double,
                witness: AdversarialWitness?, cellsExplored: Int, linearProgramsSolved: Int,
                seconds: Double, note: String?) {
        precondition(status == .exact || distance == nil, "only an exact result carries a distance")
        precondition(!(lower > upper), "lower bound \(lower) above upper bound \(upper)")
        self.norm = norm
        self.method = method
        self.status = status
        self.distance = distance
        self.lower = lower
        self.upper = upper
        self.witness = witness
        self.cellsExplored = cellsExplored
        self.linearProgramsSolved = linearProgramsSolved
        self.seconds = seconds
        self.note = note
    }
}
