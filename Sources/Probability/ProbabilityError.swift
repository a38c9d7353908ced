/// Why a user-supplied quantity cannot be used by a bound, an interval or an
/// inverse quantity of this module.
///
/// Functions that take values a user typed (a perturbation size ε, a target
/// probability η, a confidence level, distances read from a certificate) throw
/// this error with a one-line message naming the parameter and the value. The
/// special functions (`regularizedIncompleteBeta`, `capMeasure`, …) never throw:
/// they follow the C math library's convention and return NaN outside their
/// domain.
public struct ProbabilityError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong, in one line.
    public let message: String

    /// Creates an error with a one-line message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

// MARK: - Validation shared by the bounds, the intervals and the inverse quantities

extension ProbabilityError {
    /// Checks `d ≥ 1`.
    static func checkDimension(_ d: Int) throws(ProbabilityError) {
        guard d >= 1 else { throw ProbabilityError("dimension must be at least 1, got \(d)") }
    }

    /// Checks `0 < ε < ∞`.
    static func checkEpsilon(_ epsilon: Double) throws(ProbabilityError) {
        guard epsilon > 0, epsilon.isFinite else {
            throw ProbabilityError("epsilon must be a positive finite number, got \(epsilon)")
        }
    }

    /// Checks `0 < σ < ∞`.
    static func checkSigma(_ sigma: Double) throws(ProbabilityError) {
        guard sigma > 0, sigma.isFinite else {
            throw ProbabilityError("sigma must be a positive finite number, got \(sigma)")
        }
    }

    /// Checks `0 ≤ δ ≤ +∞` (NaN rejected; `+∞` is the distance of a unit whose
    /// weight row vanishes and which therefore gives no face).
    static func checkDistance(_ delta: Double, name: String = "distance") throws(ProbabilityError) {
        guard delta >= 0 else {  // false for NaN too
            throw ProbabilityError("\(name) must be a non-negative number, got \(delta)")
        }
    }

    /// Checks every distance of a list.
    static func checkDistances(_ distances: [Double]) throws(ProbabilityError) {
        for (index, delta) in distances.enumerated() {
            try checkDistance(delta, name: "distance[\(index)]")
        }
    }

    /// Checks `N ≥ 1`.
    static func checkUnitCount(_ n: Int) throws(ProbabilityError) {
        guard n >= 1 else { throw ProbabilityError("unit count must be at least 1, got \(n)") }
    }

    /// Checks `0 < η < 1`.
    static func checkEta(_ eta: Double) throws(ProbabilityError) {
        guard eta > 0, eta < 1 else {
            throw ProbabilityError("eta must lie strictly between 0 and 1, got \(eta)")
        }
    }
}
