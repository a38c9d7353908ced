/// The measures in which the rounding error of a computed row `Â_i − A_i` is bounded.
///
/// The three norms serve the denominators `‖A_u‖_q` of the distances. The
/// scaled ℓ1 norm `Σ_k |E_k| s_k` (with `s` the input transform's scales, or
/// ones) serves the numerator: `|(Â − A)·x| ≤ (Σ_k |E_k| s_k) · max_k |x_k| / s_k`.
/// Weighting by the scales keeps that bound tight when inputs have very
/// different units (ACAS Xu: ranges from 6 to 60 000), where plain Hölder
/// with `‖x‖_∞` would charge the largest coordinate to every column.
enum ErrorMeasure: CaseIterable, Hashable {
    case l2, linf, l1, scaledL1

    /// The measure of a norm.
    init(_ norm: Norm) {
        switch norm {
        case .l2: self = .l2
        case .linf: self = .linf
        case .l1: self = .l1
        }
    }
}
