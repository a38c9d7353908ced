/// The norms in which distances are measured, and their duals.
///
/// The distance from `x` to the hyperplane `{y : a·y + c = 0}` in the norm
/// `‖·‖_p` is `|a·x + c| / ‖a‖_q` with `q` the dual exponent (Docs/theory.md §3):
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

    /// The direction of steepest ascent of `y ↦ a·y` in this norm, scaled so
    /// that its dot product with `a` is `‖a‖_q` (`q` the dual norm): `a` itself
    /// for ℓ2 (not normalised), `sign(a)` for ℓ∞, and `sign(a_k) e_k` at the
    /// largest `|a_k|` for ℓ1. Stepping `t` along it changes `a·y` by
    /// `t ‖a‖_q`, the most a step of its length allows.
    public func steepestAscent(of a: [Double]) -> [Double] {
        switch self {
        case .l2:
            return a
        case .linf:
            return a.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        case .l1:
            var direction = [Double](repeating: 0, count: a.count)
            guard let k = a.indices.max(by: { abs(a[$0]) < abs(a[$1]) }) else { return direction }
            direction[k] = a[k] > 0 ? 1 : (a[k] < 0 ? -1 : 0)
            return direction
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
