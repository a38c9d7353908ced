import LinearProgramming

extension GraphNetwork {
    /// `R_p(x)` for `p ∈ {∞, 1}` by mixed-integer linear programs over growing
    /// boxes, re-checked by the certified cell search: the method of
    /// ``Network/minimalDistortionMILP(at:options:upperBound:)`` on the graph's
    /// encoding (``GraphNetworkEncoding``: max-pool windows with one binary per
    /// contested entry). Each box gets one MILP per rival, nearest rival first,
    /// with all the time left (no input splitting: image inputs have too many
    /// coordinates for it to pay).
    ///
    /// The solver reads a dense constraint matrix, so a box whose program would
    /// hold more than ``largestProgramEntries`` coefficients is not posed: the
    /// result is `.unknown` with a note, and the search method is the one to use.
    ///
    /// - Throws: `CellError` for an invalid input, a domain of the wrong dimension
    ///   or an input outside the domain; ``VerificationError`` for the ℓ2 norm.
    public func minimalDistortionMILP(at x: [Double], options: DecisionBoundaryOptions,
                                      upperBound: AdversarialWitness?) throws -> DecisionBoundaryResult {
        try minimalDistortion(at: x, options: options, upperBound: upperBound) { box, cell, cutoff, progress in
            try searchRivals(over: box, from: x, cell: cell, cutoff: cutoff, domain: options.domain, progress: &progress)
        }
    }

    /// The most coefficients (variables × rows) of a program posed to the solver: 400 MB of doubles.
    static let largestProgramEntries = 50_000_000

    /// One MILP per rival over `box`, nearest first, each cut off at the best objective so far.
    private func searchRivals(over box: InputBox, from x: [Double], cell: Cell, cutoff initialCutoff: Double,
                              domain: InputBox?, progress: inout MinimalDistortionProgress) throws -> MinimalDistortionRound {
        var round = MinimalDistortionRound()
        guard let encoding = try GraphNetworkEncoding(network: self, box: box, deadline: progress.deadline) else {
            round.timedOut = true
            round.lowest = -.infinity
            return round
        }
        let entries = Double(encoding.model.variableCount + x.count + 1) * Double(encoding.model.rows.count + 2 * x.count + 2)
        guard entries <= Double(Self.largestProgramEntries) else {
            round.refusal = "the MILP over the box would have \(encoding.model.variableCount) variables and "
                + "\(encoding.model.rows.count) rows, too many for the dense matrix the solver reads (use --method search)"
            return round
        }
        let originalClass = cell.pattern.predictedClass
        for rival in rivalOrder(in: cell, at: x, norm: progress.norm) {
            let outcome = try solveRival(rival, model: encoding.model, inputVariables: encoding.inputVariables,
                                         outputs: encoding.outputs, from: x, originalClass: originalClass,
                                         cutoff: min(initialCutoff, progress.best), share: nil, domain: domain,
                                         progress: &progress, round: &round)
            switch outcome {
            case .settled, .failed:
                continue
            case .timeout, .undecided:
                // The time ran out: the earlier boxes' bound stands (the caller keeps it).
                round.timedOut = true
                round.lowest = -.infinity
                return round
            }
        }
        // Every rival settled: the best value found, or (none) more than the cutoff.
        round.lowest = round.foundPoint ? progress.best : min(initialCutoff, progress.best)
        return round
    }
}
