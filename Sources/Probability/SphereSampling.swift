/// A point drawn uniformly from the unit sphere `S^{d−1} ⊂ R^d`.
///
/// `s = g / ‖g‖₂` with `g ~ N(0, I_d)` (Docs/theory.md §4, Monte Carlo check): the
/// Gaussian is rotation invariant, so its direction is uniform. Deterministic given
/// the generator's state. `‖s‖₂ = 1` to within a few ulps. For `d = 1` the result is
/// `[±1]` with probability ½ each.
///
/// - Precondition: `d ≥ 1`.
public func uniformOnSphere<G: RandomNumberGenerator>(
    dimension d: Int, using generator: inout G
) -> [Double] {
    precondition(d >= 1, "sphere dimension must be at least 1, got \(d)")
    var point = [Double](repeating: 0, count: d)
    fillUniformOnSphere(&point, dimension: d, using: &generator)
    return point
}

/// Fills `buffer` with `buffer.count / d` independent uniform points of `S^{d−1}`,
/// stored one after the other (row `i` is `buffer[i·d ..< (i+1)·d]`), without
/// allocating. The points are exactly those that as many successive
/// `uniformOnSphere` calls would return (each point's normals are drawn in pairs,
/// see `fillStandardNormal`). Deterministic given the generator's state and the
/// buffer's size.
///
/// - Precondition: `d ≥ 1` and `buffer.count` is a multiple of `d`.
public func fillUniformOnSphere<G: RandomNumberGenerator>(
    _ buffer: UnsafeMutableBufferPointer<Double>, dimension d: Int, using generator: inout G
) {
    precondition(d >= 1, "sphere dimension must be at least 1, got \(d)")
    precondition(buffer.count % d == 0,
                 "buffer of \(buffer.count) values does not hold whole points of dimension \(d)")
    var start = 0
    while start < buffer.count {
        let point = UnsafeMutableBufferPointer(rebasing: buffer[start ..< start + d])
        while true {
            fillStandardNormal(point, using: &generator)
            var sumOfSquares = 0.0
            for value in point { sumOfSquares += value * value }
            // A zero vector has probability 0 for d ≥ 2 and ~2⁻⁵³ for d = 1; redraw.
            guard sumOfSquares > 0 else { continue }
            // Divide rather than multiply by the reciprocal: one rounding per
            // coordinate, and exactly ±1 for d = 1 (√(x²) = |x| in binary64).
            let norm = sumOfSquares.squareRoot()
            for index in point.indices { point[index] /= norm }
            break
        }
        start += d
    }
}

/// `fillUniformOnSphere` for an array: `points.count / d` points, row after row.
///
/// - Precondition: `d ≥ 1` and `points.count` is a multiple of `d`.
public func fillUniformOnSphere<G: RandomNumberGenerator>(
    _ points: inout [Double], dimension d: Int, using generator: inout G
) {
    points.withUnsafeMutableBufferPointer { buffer in
        fillUniformOnSphere(buffer, dimension: d, using: &generator)
    }
}
