import CellCert
import Foundation
import Probability

/// A point of the closed `norm`-ball of radius `radius` around `center`,
/// drawn at a random direction and a random fraction of the radius.
func pointInBall<G: RandomNumberGenerator>(center: [Double], radius: Double, norm: Norm, using g: inout G) -> [Double] {
    let d = center.count
    var direction: [Double]
    switch norm {
    case .l2:
        direction = (0..<d).map { _ in standardNormal(using: &g) }
    case .linf:
        direction = (0..<d).map { _ in Double.random(in: -1...1, using: &g) }
        // Push one coordinate to the face of the cube so points near the corners are drawn too.
        direction[Int.random(in: 0..<d, using: &g)] = Bool.random(using: &g) ? 1 : -1
    case .l1:
        // Exponential magnitudes normalised to sum one: uniform on the ℓ1 sphere's orthant faces.
        direction = (0..<d).map { _ in -log(Double.random(in: Double.ulpOfOne...1, using: &g)) * (Bool.random(using: &g) ? 1 : -1) }
    }
    let length = norm.length(direction)
    let fraction = Double.random(in: 0.5...1, using: &g)
    return zip(center, direction).map { $0 + radius * fraction * $1 / length }
}
