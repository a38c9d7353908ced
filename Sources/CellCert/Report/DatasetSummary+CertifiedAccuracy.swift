/// Certified accuracy: the metric robustness papers report.
extension DatasetSummary {
    /// At one `ε` and one norm `p`: the fraction of the table's inputs that are
    /// classified correctly *and* proven robust, `f(y) = f(x)` for every `y`
    /// with `‖y − x‖_p < ε`, by each certificate the run computed. Without
    /// labels the inputs need not be correct: it is then the certified fraction.
    ///
    /// The certificates nest: `r_p(x) ≤ r_p^D(x) ≤ R_p(x)`, so
    /// `cellRadius ≤ domainRadius ≤ boundary ≤ boundaryUpper` (up to the
    /// rounding of two separately certified numbers). `boundaryUpper` is not a
    /// certificate: it counts inputs with no witness nearer than `ε`, an upper
    /// bound on the true certified accuracy.
    public struct CertifiedAccuracy: Sendable, Equatable, Encodable {
        /// The radius of the ball.
        public let epsilon: Double
        /// The norm of the ball.
        public let norm: Norm
        /// From the cell radius: `r_p(x) ≥ ε`.
        public let cellRadius: Double
        /// From the radius inside the domain: `r_p^D(x) ≥ ε`; `nil` without a domain.
        public let domainRadius: Double?
        /// From the decision boundary: `R_p(x) ≥ ε` proven (exact, or its lower
        /// bound); `nil` unless `--boundary` ran in this norm.
        public let boundary: Double?
        /// Inputs whose witness (if any) lies at distance `≥ ε`: at least the true
        /// certified accuracy; `nil` unless `--boundary` ran in this norm.
        public let boundaryUpper: Double?

        /// The certified accuracy of `rows` at `epsilon` in `norm`; `boundaryNorm`
        /// is the norm of the rows' decision-boundary results, if any.
        init(rows: [DatasetTable.Row], epsilon: Double, norm: Norm, boundaryNorm: Norm?, hasDomain: Bool) {
            let counted = rows.filter { $0.correct ?? true }
            let fraction = { (passing: (DatasetTable.Row) -> Bool) -> Double in
                rows.isEmpty ? 0 : Double(counted.filter(passing).count) / Double(rows.count)
            }
            self.epsilon = epsilon
            self.norm = norm
            cellRadius = fraction { ($0.radius[norm] ?? 0) >= epsilon }
            domainRadius = hasDomain ? fraction { ($0.radiusInDomain?[norm] ?? 0) >= epsilon } : nil
            let withBoundary = boundaryNorm == norm
            boundary = withBoundary ? fraction { $0.decisionBoundary?.certifies(epsilon) ?? false } : nil
            boundaryUpper = withBoundary ? fraction { $0.decisionBoundary?.allows(epsilon) ?? true } : nil
        }

        enum CodingKeys: String, CodingKey { case epsilon, norm, cellRadius, domainRadius, boundary, boundaryUpper }

        /// JSON: every key, `null` for what the run did not compute.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(epsilon, forKey: .epsilon)
            try c.encode(norm, forKey: .norm)
            try c.encode(cellRadius, forKey: .cellRadius)
            try c.encode(domainRadius, forKey: .domainRadius)
            try c.encode(boundary, forKey: .boundary)
            try c.encode(boundaryUpper, forKey: .boundaryUpper)
        }
    }

    /// One entry per `ε` and norm (`ε` outer, norms in the table's order).
    static func certifiedAccuracy(rows: [DatasetTable.Row], norms: [Norm], epsilons: [Double],
                                  boundaryNorm: Norm?, hasDomain: Bool) -> [CertifiedAccuracy] {
        epsilons.flatMap { epsilon in
            norms.map { CertifiedAccuracy(rows: rows, epsilon: epsilon, norm: $0, boundaryNorm: boundaryNorm, hasDomain: hasDomain) }
        }
    }
}
