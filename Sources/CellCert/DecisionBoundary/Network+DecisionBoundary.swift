extension Network {
    /// `R_p(x) = inf{ ‖y − x‖_p : y ∈ D, f(y) ≠ f(x) }`, the distance from `x`
    /// to the nearest differently classified input of the domain (Docs/theory.md §3),
    /// by the method `options` names, with a verified witness.
    ///
    /// Both methods start from the cheap ``boundaryAttack(at:norm:domain:iterations:)``
    /// (an upper bound that prunes the search and bounds the MILP's box) and never
    /// report a lower bound below the certified cell radius. With a time limit,
    /// proofs finish a search that its time share stopped: in ℓ∞, and in ℓ1 with
    /// few inputs (at most ``BoundPropagationSearch/maximumSplitDimension``: ACAS
    /// Xu), by ``verify(_:timeLimitSeconds:threads:)`` of the ball
    /// (``ballProver(at:norm:domain:verify:)``: input splitting drops the boxes
    /// that miss an ℓ1 ball); in ℓ1 with more inputs (MNIST) by
    /// ``classChangeInL1Ball(around:radius:domain:timeLimitSeconds:)``.
    ///
    /// - Throws: `CellError` for an invalid input, a domain of the wrong
    ///   dimension, or an input outside the domain; errors of the MILP method
    ///   for an unsupported norm or network.
    public func decisionBoundary(at x: [Double], options: DecisionBoundaryOptions) throws -> DecisionBoundaryResult {
        try validateQuery(x, domain: options.domain)
        let witness = boundaryAttack(at: x, norm: options.norm, domain: options.domain)
        switch options.method {
        case .search:
            let prover: BallProver?
            switch options.norm {
            case .l1 where inputDimension > BoundPropagationSearch.maximumSplitDimension:
                // Too many inputs to split (MNIST): one LP proof per rival over the ball.
                let excluded = ExcludedRivals()
                prover = { radius, seconds in
                    try classChangeInL1Ball(around: x, radius: radius, domain: options.domain, timeLimitSeconds: seconds,
                                            excluded: excluded)
                }
            case .linf, .l1:
                prover = ballProver(at: x, norm: options.norm, domain: options.domain) { property, seconds in
                    try verify(property, timeLimitSeconds: seconds, threads: 1)
                }
            case .l2:
                prover = nil
            }
            return try searchThenProofs(at: x, options: options, witness: witness, prove: prover)
        case .milp:
            return try minimalDistortionMILP(at: x, options: options, upperBound: witness)
        }
    }
}

extension CertifiableNetwork {
    /// `R_p(x)` by the certified cell search (``DecisionBoundarySearch``) from the
    /// cell of `x`, with `witness` (if any) as its first upper bound.
    ///
    /// - Throws: `CellError` for an invalid input.
    func decisionBoundarySearch(at x: [Double], options: DecisionBoundaryOptions,
                                witness: AdversarialWitness?) throws -> DecisionBoundaryResult {
        let cell = try cell(at: x)
        let search = DecisionBoundarySearch(network: self, from: x, originalClass: cell.pattern.predictedClass,
                                            options: options, witness: witness)
        return search.run(firstCell: cell, cellRadius: cell.radius(at: x, norm: options.norm).radius)
    }

    /// Checks a decision-boundary query: `x` a valid input, `domain` of the
    /// network's dimension with `x` inside it.
    ///
    /// - Throws: `CellError` naming the problem.
    func validateQuery(_ x: [Double], domain: InputBox?) throws {
        try validateInput(x)
        guard let box = domain else { return }
        guard box.dimension == inputDimension else {
            throw CellError("the domain has \(box.dimension) coordinates, the network takes \(inputDimension)")
        }
        if let i = x.indices.first(where: { !(box.lower[$0] <= x[$0] && x[$0] <= box.upper[$0]) }) {
            throw CellError("input value \(i) is \(x[i]), outside the domain [\(box.lower[i]), \(box.upper[i])]")
        }
    }
}
