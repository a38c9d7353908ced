extension GraphNetwork {
    /// `R_p(x) = inf{ ‖y − x‖_p : y ∈ D, f(y) ≠ f(x) }` for a convolutional or
    /// residual network, by the certified cell search (``DecisionBoundarySearch``):
    /// the same search as for dense networks, whose cells here also have max-pool
    /// faces; crossing one changes that window's winner (Docs/graph-networks.md,
    /// "The decision boundary"). It starts from the ``boundaryAttack(at:norm:domain:iterations:)``
    /// witness, whose class change is checked against the outputs' rounding bound
    /// (``outputsWithRoundingBound(_:)``).
    ///
    /// - Throws: `CellError` for an invalid input, a domain of the wrong dimension
    ///   or an input outside it, and for `--method milp`, which graph networks do
    ///   not have yet.
    public func decisionBoundary(at x: [Double], options: DecisionBoundaryOptions) throws -> DecisionBoundaryResult {
        try validateQuery(x, domain: options.domain)
        guard options.method == .search else {
            throw CellError("--method milp is not available for convolutional or residual networks yet; "
                            + "the distance to the decision boundary is computed by --method search")
        }
        let witness = boundaryAttack(at: x, norm: options.norm, domain: options.domain)
        return try decisionBoundarySearch(at: x, options: options, witness: witness)
    }
}
