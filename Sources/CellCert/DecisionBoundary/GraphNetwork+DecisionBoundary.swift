extension GraphNetwork {
    /// `R_p(x) = inf{ ‖y − x‖_p : y ∈ D, f(y) ≠ f(x) }` for a convolutional or
    /// residual network, by the certified cell search (``DecisionBoundarySearch``):
    /// the same search as for dense networks, whose cells here also have max-pool
    /// faces; crossing one changes that window's winner (Docs/graph-networks.md,
    /// "The decision boundary"). It starts from the ``boundaryAttack(at:norm:domain:iterations:)``
    /// witness, whose class change is checked against the outputs' rounding bound
    /// (``outputsWithRoundingBound(_:)``). In ℓ∞, proofs by ``verify(_:timeLimitSeconds:)``
    /// finish a search that its time share stopped. `--method milp` solves the graph's
    /// mixed-integer encoding instead (``minimalDistortionMILP(at:options:upperBound:)``)
    /// and has the search re-check its answer.
    ///
    /// - Throws: `CellError` for an invalid input, a domain of the wrong dimension
    ///   or an input outside it; ``VerificationError`` for the MILP in the ℓ2 norm.
    public func decisionBoundary(at x: [Double], options: DecisionBoundaryOptions) throws -> DecisionBoundaryResult {
        try validateQuery(x, domain: options.domain)
        let witness = boundaryAttack(at: x, norm: options.norm, domain: options.domain)
        switch options.method {
        case .search:
            // Proofs in ℓ∞ only: the graph encoding has no ℓ1 ball.
            let prover = options.norm != .linf ? nil : ballProver(at: x, norm: .linf, domain: options.domain) { property, seconds in
                try verify(property, timeLimitSeconds: seconds)
            }
            return try searchThenProofs(at: x, options: options, witness: witness, prove: prover)
        case .milp:
            return try minimalDistortionMILP(at: x, options: options, upperBound: witness)
        }
    }
}
