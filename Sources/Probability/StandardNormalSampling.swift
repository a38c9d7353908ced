#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One draw from the standard normal distribution `N(0, 1)`.
///
/// Marsaglia's polar method: draw `(u, v)` uniform in the square `[−1, 1)²` (53-bit
/// resolution) until `0 < s = u² + v² < 1`, then `u·√(−2 ln s / s)` is standard
/// normal. Deterministic: the result and the number of words consumed depend only
/// on the generator's state, so a seeded generator reproduces it exactly. The
/// method yields a pair; this function returns the first and discards the second
/// (use `fillStandardNormal` for batches, which keeps both).
public func standardNormal<G: RandomNumberGenerator>(using generator: inout G) -> Double {
    polarPair(using: &generator).0
}

/// Fills `buffer` with independent standard normal draws, two per polar-method
/// pair (see `standardNormal(using:)`). The sequence is a deterministic function of
/// the generator's state and `buffer.count`.
public func fillStandardNormal<G: RandomNumberGenerator>(
    _ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout G
) {
    var index = 0
    while index + 1 < buffer.count {
        let (first, second) = polarPair(using: &generator)
        buffer[index] = first
        buffer[index + 1] = second
        index += 2
    }
    if index < buffer.count {
        buffer[index] = polarPair(using: &generator).0
    }
}

/// Two independent standard normal values by Marsaglia's polar method.
@inline(__always)
func polarPair<G: RandomNumberGenerator>(using generator: inout G) -> (Double, Double) {
    while true {
        let u = signedUnitUniform(using: &generator)
        let v = signedUnitUniform(using: &generator)
        let s = u * u + v * v
        if s < 1 && s > 0 {
            let factor = (-2 * log(s) / s).squareRoot()
            return (u * factor, v * factor)
        }
    }
}

/// A uniform value on the grid `{k · 2⁻⁵² : −2⁵² ≤ k < 2⁵²}` ⊂ `[−1, 1)`, from the top
/// 53 bits of one word.
@inline(__always)
func signedUnitUniform<G: RandomNumberGenerator>(using generator: inout G) -> Double {
    Double(Int64(bitPattern: generator.next()) >> 11) * 0x1.0p-52
}
