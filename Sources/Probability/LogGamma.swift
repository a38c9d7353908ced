#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The logarithm of the absolute value of the gamma function, `ln |Γ(x)|`.
///
/// Computed by the C library's re-entrant `lgamma_r` (glibc and Darwin libm are
/// accurate to a few ulps), so it is safe to call from many threads at once:
/// plain `lgamma` writes the global `signgam`.
///
/// - Returns: `+∞` at the poles `x ∈ {0, −1, −2, …}`, NaN for a NaN argument.
public func logGamma(_ x: Double) -> Double {
    var sign: Int32 = 0
    return lgamma_r(x, &sign)
}

/// Stirling's remainder `Δ(z) = ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π]` for `z > 0`.
///
/// `Δ` is small (`Δ(z) ≈ 1/(12z)` for large `z`), and the incomplete beta
/// function needs `Δ(a) + Δ(b) − Δ(a+b)` to full *absolute* accuracy when `a`, `b`
/// are large, where `ln Γ` itself is of order `10⁷` and subtracting it would lose
/// nine digits. For `z ≥ 10` the asymptotic series is summed to `z⁻¹³`
/// (truncation error below `3·10⁻¹⁷`); below 10 the definition is evaluated
/// directly, with an absolute error of a few `10⁻¹⁵`.
func stirlingCorrection(_ z: Double) -> Double {
    if z >= 10 {
        let w = 1 / z
        let w2 = w * w
        // Bernoulli-number coefficients B_{2k} / (2k(2k−1)).
        var series = 1.0 / 156.0
        series = series * w2 - 691.0 / 360_360.0
        series = series * w2 + 1.0 / 1188.0
        series = series * w2 - 1.0 / 1680.0
        series = series * w2 + 1.0 / 1260.0
        series = series * w2 - 1.0 / 360.0
        series = series * w2 + 1.0 / 12.0
        return series * w
    }
    return logGamma(z) - ((z - 0.5) * log(z) - z + halfLogTwoPi)
}

/// `½ ln(2π)`.
let halfLogTwoPi = 0.918_938_533_204_672_741_78
