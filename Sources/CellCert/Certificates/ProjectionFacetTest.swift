/// The projection test, a sufficient condition for a facet that needs no LP.
///
/// With unit normals, the ℓ2 projection of `x` onto `H_i` is `p_i = x − s_i n_i`
/// (`s_j = n_j·x + b_j`), and `n_j·p_i + b_j = s_j − s_i (n_j·n_i)`. If every
/// other constraint holds at `p_i` with margin, a neighbourhood of `p_i` in `H_i`
/// lies in the cell, so `H_i` carries a facet (at ℓ2 distance exactly `s_i`).
/// One Gram matrix `G = N Nᵀ` gives every constraint at every projection.
enum ProjectionFacetTest {
    /// For each constraint, whether its projection passes: `s_j − s_i G_ji > margin`
    /// for all `j ≠ i`, where `gram` is `G = N Nᵀ` for the unit normals `N`.
    static func passes(gram: Matrix, slacks: [Double], margin: Double) -> [Bool] {
        let m = gram.rows
        return (0..<m).map { i in
            (0..<m).allSatisfy { j in j == i || slacks[j] - slacks[i] * gram[j, i] > margin }
        }
    }
}
