#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution function `Φ(x) = P[Z ≤ x]`, `Z ~ N(0, 1)`.
///
/// Computed as `½ erfc(−x/√2)` with the C library's `erfc`, so the lower tail keeps
/// full relative accuracy (`Φ(−30) ≈ 4.9·10⁻¹⁹⁸`) instead of being `1 − (something
/// near 1)`. Relative error a few ulps times the argument's own conditioning
/// (`~x²·ε` in the far tail, from rounding `x/√2`). Underflows to 0 below `x ≈ −38.5`.
///
/// - Returns: NaN for a NaN argument.
public func standardNormalCDF(_ x: Double) -> Double {
    0.5 * erfc(-x * inverseSquareRootOfTwo)
}

/// The standard normal upper tail `1 − Φ(x) = Φ(−x) = P[Z > x]`, computed as
/// `½ erfc(x/√2)` without cancellation.
///
/// This is the exact probability that Gaussian noise `σg` carries a point at
/// distance `δ` across one hyperplane, with `x = δ/σ` (Docs/theory.md §4, extension).
///
/// - Returns: NaN for a NaN argument.
public func standardNormalCDFComplement(_ x: Double) -> Double {
    0.5 * erfc(x * inverseSquareRootOfTwo)
}

/// The standard normal quantile `Φ⁻¹(p)`.
///
/// Wichura's algorithm AS 241 (`PPND16`, Applied Statistics 37 (1988) 477–484):
/// rational approximations in three ranges of `p`, relative accuracy about `10⁻¹⁶`;
/// the tail ranges work from `min(p, 1 − p)`, so `p` down to the smallest subnormal
/// is handled.
///
/// - Returns: `−∞` for `p = 0`, `+∞` for `p = 1`, NaN for `p` outside [0, 1] or NaN.
public func standardNormalQuantile(_ p: Double) -> Double {
    guard p >= 0, p <= 1 else { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    let q = p - 0.5
    if abs(q) <= 0.425 {
        let r = 0.180625 - q * q
        return q * horner(r, as241A) / horner(r, as241B)
    }
    var r = q < 0 ? p : 1 - p
    r = (-log(r)).squareRoot()
    let value: Double
    if r <= 5 {
        r -= 1.6
        value = horner(r, as241C) / horner(r, as241D)
    } else {
        r -= 5
        value = horner(r, as241E) / horner(r, as241F)
    }
    return q < 0 ? -value : value
}

/// `1/√2`.
let inverseSquareRootOfTwo = 0.707_106_781_186_547_524_40

/// `c₀ + c₁ r + … + c₇ r⁷` by Horner's rule (coefficients in increasing degree).
@inline(__always)
private func horner(_ r: Double, _ c: [Double]) -> Double {
    var value = c[c.count - 1]
    for index in stride(from: c.count - 2, through: 0, by: -1) {
        value = value * r + c[index]
    }
    return value
}

// Coefficients of AS 241 (PPND16), in increasing degree.
private let as241A: [Double] = [
    3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
    1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
    3.3430575583588128105e+4, 2.5090809287301226727e+3,
]
private let as241B: [Double] = [
    1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
    2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
    5.2264952788528545610e+3,
]
private let as241C: [Double] = [
    1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
    3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
    2.27238449892691845833e-2, 7.74545014278341407640e-4,
]
private let as241D: [Double] = [
    1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
    1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
    1.05075007164441684324e-9,
]
private let as241E: [Double] = [
    6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
    2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
    2.71155556874348757815e-5, 2.01033439929228813265e-7,
]
private let as241F: [Double] = [
    1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
    7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
    2.04426310338993978564e-15,
]
