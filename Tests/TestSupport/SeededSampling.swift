@_exported import Probability
import Foundation

/// Seeded random draws shared by the test targets. Every randomized test draws
/// from Probability's `SplitMix64` with a fixed seed, so it repeats exactly.
extension SplitMix64 {
    /// A standard normal sample (Box–Muller).
    public mutating func normal() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return (-2 * Foundation.log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// `count` independent standard normal samples.
    public mutating func normalVector(_ count: Int) -> [Double] { (0..<count).map { _ in normal() } }
}
