/// One linear row of a ``QuadraticProgram``: `coefficients · y` against `bound`
/// (`=` for an equality, `≥` for an inequality).
public struct QuadraticProgramRow: Equatable, Sendable {
    /// The row's coefficient vector, one entry per variable.
    public var coefficients: [Double]
    /// The right-hand side.
    public var bound: Double

    /// The row `coefficients · y` against `bound`.
    public init(coefficients: [Double], bound: Double) {
        self.coefficients = coefficients
        self.bound = bound
    }
}
