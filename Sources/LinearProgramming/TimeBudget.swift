/// The wall-clock budget of one solve call, shared by all the GLPK calls it makes.
struct TimeBudget {
    /// The longest budget representable as GLPK's `tm_lim` (an `int` of milliseconds).
    static let maximumSeconds = Double(Int32.max) / 1000

    private let clock = ContinuousClock()
    private let deadline: ContinuousClock.Instant?

    /// A budget of `seconds` from now, or none for `nil`.
    ///
    /// - Precondition: `seconds` is finite and > 0 (``SolverOptions/validate()`` checks this).
    init(seconds: Double?) {
        if let seconds {
            precondition(seconds.isFinite && seconds > 0, "TimeBudget: invalid seconds \(seconds)")
            deadline = clock.now.advanced(by: .seconds(min(seconds, Self.maximumSeconds)))
        } else {
            deadline = nil
        }
    }

    /// The remaining budget as a GLPK `tm_lim` value in milliseconds (at least 1),
    /// `Int32.max` (GLPK's "no limit") without a budget, or `nil` once it is spent.
    func remainingMilliseconds() -> Int32? {
        guard let deadline else { return Int32.max }
        let remaining = clock.now.duration(to: deadline)
        guard remaining > .zero else { return nil }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = (Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded(.up)
        return Int32(max(1, min(milliseconds, Double(Int32.max))))
    }
}
