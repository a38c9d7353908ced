/// A linear map `ℝ^m → ℝ^n` of an operator graph (a dense layer, a convolution,
/// a pooling average, a permutation, …), applied to many vectors at once.
///
/// The maps stay structured: a convolution is never expanded into its dense
/// matrix. Cells push their rows through the same `apply(to:)` as the
/// forward pass, with the `d` input directions as the columns.
///
/// Rounding (Docs/floating-point.md): every output entry of `apply(to:)` is
/// a sum of at most `maximumFanIn` products `w·v` in some order, so it is within
/// `γ_{maximumFanIn} (|L| |V|)_ij` of the exact value; a map whose entries are
/// exact copies or zeros reports `maximumFanIn = 0`.
protocol LinearMap: Sendable {
    /// `m`, the length of the vectors the map takes.
    var inputCount: Int { get }
    /// `n`, the length of the vectors it returns.
    var outputCount: Int { get }
    /// The largest number of terms summed for one output entry (0: exact copies).
    var maximumFanIn: Int { get }
    /// `L V` for the `m × c` matrix `V` whose columns are the vectors: `n × c`.
    func apply(to columns: Matrix) -> Matrix
    /// `Lᵀ U` for the `n × c` matrix `U`: `m × c` (gradients, pulled back through the map).
    func applyTransposed(to columns: Matrix) -> Matrix
    /// The same map with every coefficient replaced by its absolute value, `|L|`.
    var magnitude: any LinearMap { get }
    /// Whether every coefficient is finite.
    var isFinite: Bool { get }
    /// The number of stored coefficients (for the parameter count).
    var parameterCount: Int { get }
}

extension LinearMap {
    /// `L v` for one vector.
    func apply(to vector: [Double]) -> [Double] {
        apply(to: Matrix(rows: vector.count, columns: 1, storage: vector)).storage
    }
}
