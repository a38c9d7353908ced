/// The norms in which distances are measured, and their duals.
///
/// The distance from `x` to the hyperplane `{y : a·y + c = 0}` in the norm
/// `‖·‖_p` is `|a·x + c| / ‖a‖_q` with `q` the dual exponent (THEORY.md §3):
/// `p = 2 ↔ q = 2`, `p = ∞ ↔ q = 1`, `p = 1 ↔ q = ∞`.
public enum Norm: String, Codable, Sendable, CaseIterable {
    case l2
    case linf
    case l1

    /// The dual norm, the one applied to a hyperplane's normal.
    public var dual: Norm {
        switch self {
        case .l2: return .l2
        case .linf: return .l1
        case .l1: return .linf
        }
    }

    /// `‖v‖` in this norm, computed in floating point.
    ///
    /// Rounding: the result is within a relative `γ_{n+1}` of the exact norm
    /// of `v` (`n = v.count`; `ℓ∞` is exact). `RoundingModel.normInflation`
    /// turns that into an upper bound.
    public func length(_ v: UnsafeBufferPointer<Double>) -> Double {
        switch self {
        case .l2:
            var s = 0.0
            for a in v { s += a * a }
            return s.squareRoot()
        case .l1:
            var s = 0.0
            for a in v { s += abs(a) }
            return s
        case .linf:
            var m = 0.0
            for a in v { m = max(m, abs(a)) }
            return m
        }
    }

    /// `‖v‖` in this norm.
    public func length(_ v: [Double]) -> Double {
        v.withUnsafeBufferPointer { length($0) }
    }

    /// `‖x − y‖` in this norm.
    public func distance(_ x: [Double], _ y: [Double]) -> Double {
        length(zip(x, y).map { $0 - $1 })
    }
}
