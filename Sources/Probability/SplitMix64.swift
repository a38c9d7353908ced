/// SplitMix64 (G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014; the `splitmix64.c` of Vigna): a 64-bit state advanced
/// by the golden-ratio increment `0x9E3779B97F4A7C15` and passed through a
/// bijective mixing function.
///
/// Its job here is seeding: it turns one 64-bit seed into the 256-bit state of
/// `Xoshiro256StarStar` (the seeding that the xoshiro authors recommend). It is a
/// good generator on its own for short sequences, with period `2⁶⁴`.
/// Reproducible on every platform: same seed, same sequence.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The counter, advanced by the golden-ratio increment at every draw.
    public private(set) var state: UInt64

    /// A generator whose first output is `mix(seed &+ 0x9E3779B97F4A7C15)`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function (a variant of MurmurHash3's finalizer): a
    /// bijection of the 64-bit words with `mix(0) = 0` and strong avalanche, so
    /// distinct inputs give distinct, unrelated-looking outputs.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
