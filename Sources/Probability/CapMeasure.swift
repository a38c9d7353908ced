#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The normalized surface measure of a spherical cap,
/// `A_d(t) = μ{ s ∈ S^{d−1} : s₁ ≥ t }` (Docs/theory.md §4).
///
/// This is the exact probability that a uniformly random unit perturbation
/// `εs` carries a point at distance `δ = tε` from a hyperplane across it: the
/// quantity that Theorem 3.1 of the paper (V. Kůrková, arXiv:2602.18674) bounds by
/// Ball's `exp(−d t²/2)`.
///
/// Formula, for `d ≥ 2` and `0 ≤ t ≤ 1`: `A_d(t) = ½ · I_{1−t²}((d−1)/2, ½)`, with the
/// regularized incomplete beta function `I`; `A_d(t) = 0` for `t ≥ 1` and
/// `A_d(t) = 1 − A_d(−t)` for `t < 0`. The argument is carried as the exact pair
/// `(1 − t², t²)` (as double-doubles), so the relative error is at most
/// `10⁻¹⁵·(4 + |ln A|)` for every `d` from 2 to beyond `10⁶` (tested against 50-digit
/// mpmath up to `d = 10⁶`) as long as the value does not underflow (below
/// `~10⁻³⁰⁸`, e.g. `d = 10⁵`, `t = ½`, where `A ≈ 10⁻⁶²⁵⁰`: use `logCapMeasure`).
/// Cost: about 1–5 µs. Closed forms that the tests check: `A_2(t) = arccos(t)/π`,
/// `A_3(t) = (1 − t)/2`.
///
/// For `d = 1` the "sphere" `S⁰ = {−1, +1}` has two atoms of mass ½, so
/// `A_1(t) = 1` for `t ≤ −1`, `½` for `−1 < t ≤ 1` and `0` for `t > 1`.
///
/// - Returns: NaN when `d < 1` or `t` is NaN.
public func capMeasure(dimension d: Int, height t: Double) -> Double {
    guard d >= 1, !t.isNaN else { return .nan }
    if d == 1 { return t <= -1 ? 1 : (t <= 1 ? 0.5 : 0) }
    if t >= 1 { return 0 }
    if t <= -1 { return 1 }
    if t == 0 { return 0.5 }
    let value = capIncompleteBeta(dimension: d, height: abs(t))
    // A_d(|t|) = ½ p, and for t < 0, A_d(t) = 1 − ½ p = ½ (1 + q).
    return t > 0 ? 0.5 * value.p : 0.5 * (1 + value.q)
}

/// The natural logarithm of the cap measure, `ln A_d(t)`, finite wherever
/// `A_d(t) > 0`, also where `A_d(t)` itself underflows a double
/// (`ln A_{10⁵}(½) ≈ −14 390`).
///
/// Same method as `capMeasure(dimension:height:)`; the absolute error of the
/// logarithm is a few `ε·(1 + |ln A|)`.
///
/// - Returns: `−∞` where `A_d(t) = 0` (`t ≥ 1` for `d ≥ 2`, `t > 1` for `d = 1`); NaN
///   when `d < 1` or `t` is NaN.
public func logCapMeasure(dimension d: Int, height t: Double) -> Double {
    guard d >= 1, !t.isNaN else { return .nan }
    if d == 1 { return log(capMeasure(dimension: 1, height: t)) }
    if t >= 1 { return -.infinity }
    if t <= -1 { return 0 }
    if t == 0 { return -logTwo }
    let value = capIncompleteBeta(dimension: d, height: abs(t))
    return t > 0 ? value.logP - logTwo : log1p(value.q) - logTwo
}

/// Ball's upper bound on the cap measure (K. Ball, "An elementary introduction to
/// modern convex geometry", Lemma 2.2; the paper's inequality (3)):
/// `A_d(t) ≤ exp(−d t²/2)` for `0 ≤ t < 1`.
///
/// It also holds for `t ≥ 1` (where `A_d(t) = 0` for `d ≥ 2`, and `A_1(1) = ½ <
/// e^{−1/2}`). For `t ≤ 0` the function returns the trivial bound 1, since the
/// Gaussian expression is no bound on a cap larger than a hemisphere.
///
/// - Returns: NaN when `d < 1` or `t` is NaN.
public func ballCapBound(dimension d: Int, height t: Double) -> Double {
    guard d >= 1, !t.isNaN else { return .nan }
    if t <= 0 { return 1 }
    return exp(-Double(d) * t * t / 2)
}

/// `ln 2`.
let logTwo = 0.693_147_180_559_945_309_42

/// `I_{1−t²}((d−1)/2, ½)` and its complement for `d ≥ 2`, `0 < t < 1`, with the
/// argument formed from the exact `t`: `y = t²` exactly, as a double-double.
func capIncompleteBeta(dimension d: Int, height t: Double) -> IncompleteBetaValue {
    let a = Double(d - 1) / 2
    let b = 0.5
    let tt = t * t
    let y = DoubleDouble(tt, fusedMultiplyAdd(t, t, -tt))
    return incompleteBeta(BetaArgument(y: y, a: a, b: b), a: a, b: b)
}
