extension Cell {
    /// Decides which face hyperplanes are facets (non-redundant constraints) of
    /// the cell, by the criterion stated in ``FacetAnalysis``.
    ///
    /// 1. Rows are normalised to unit ℓ2 normals (oriented inward) and
    ///    coincident ones merged first (``CoincidentRowMerge``), since each copy
    ///    would make the other look redundant and a true facet would be lost.
    /// 2. Projection test (sufficient, no LP): if the ℓ2 projection `p` of `x`
    ///    onto `H_u` satisfies every other constraint with margin, a
    ///    neighbourhood of `p` in `H_u` lies in the cell, so `u` is a facet.
    /// 3. The rest by Clarkson's output-sensitive algorithm
    ///    (``ClarksonRedundancy``): LPs over the facets known so far instead of
    ///    over all rows, in the row space of the normals
    ///    (``FacetConstraintSystem``), one warm-started GLPK problem per block of
    ///    candidates, blocks spread over ``FacetOptions/threads`` threads
    ///    (``ParallelFacetClassification``).
    ///
    /// The LP test works in floating point with the stated tolerances: it is a
    /// numerical classification, not a certificate. A solver failure after
    /// every retry (other bases, the other simplex method, a fresh GLPK problem)
    /// is reported as `.unknown`, never guessed. The result does not depend on
    /// the number of threads.
    ///
    /// - Parameter x: a point of the cell (the input it was built from): the
    ///   projection test projects it, and the ray shooting starts from it.
    public func facets(near x: [Double], options: FacetOptions = FacetOptions()) throws -> FacetAnalysis {
        precondition(x.count == inputDimension, "point has \(x.count) coordinates, expected \(inputDimension)")
        var verdicts = [FacetAnalysis.Verdict](repeating: .degenerate, count: rowCount)
        var representative = [Int?](repeating: nil, count: rowCount)
        let constraints = normalizedConstraints()
        let merge = CoincidentRowMerge(constraints, tolerance: options.coincidenceTolerance)
        for (i, j) in merge.duplicateOf.enumerated() {
            guard let j else { continue }
            verdicts[constraints[i].row] = .duplicate
            representative[constraints[i].row] = constraints[j].row
        }
        let unique = merge.unique.map { constraints[$0] }
        guard !unique.isEmpty else {
            return FacetAnalysis(verdicts: verdicts, representative: representative, linearProgramsSolved: 0)
        }
        let normals = Matrix(rowArrays: unique.map(\.normal))
        let slacks = unique.map { $0.value(at: x) }
        let gram = normals.multiplied(by: normals.transposed())
        let byProjection = ProjectionFacetTest.passes(gram: gram, slacks: slacks, margin: options.projectionTolerance)
        var knownFacets: [Int] = []
        var candidates: [Int] = []
        for i in unique.indices {
            if byProjection[i] {
                verdicts[unique[i].row] = .facetByProjection
                knownFacets.append(i)
            } else {
                candidates.append(i)
            }
        }
        guard !candidates.isEmpty else {
            return FacetAnalysis(verdicts: verdicts, representative: representative, linearProgramsSolved: 0)
        }
        let system = FacetConstraintSystem(normals: normals, referenceValues: slacks, rankTolerance: options.rankTolerance)
        var linearPrograms = 0
        // With an infinite projection margin nothing can pass: the LP would be wasted.
        if options.projectsFromCentre && options.projectionTolerance.isFinite {
            linearPrograms += 1
            if let centre = try CentreProjectionTest.centre(of: system, timeLimitSeconds: options.timeLimitSeconds) {
                let witnessed = CentreProjectionTest.witnessedFacets(
                    candidates: candidates, values: system.values(at: centre), gram: gram,
                    tolerance: options.violationTolerance, margin: options.projectionTolerance)
                for i in witnessed { verdicts[unique[i].row] = .facetByLP }
                knownFacets = (knownFacets + witnessed).sorted()
                let decided = Set(witnessed)
                candidates = candidates.filter { !decided.contains($0) }
            }
        }
        let outcome = try ParallelFacetClassification.classify(system: system, candidates: candidates,
                                                               knownFacets: knownFacets, options: options)
        for i in candidates {
            verdicts[unique[i].row] = outcome.verdicts[i]!
        }
        return FacetAnalysis(verdicts: verdicts, representative: representative,
                             linearProgramsSolved: linearPrograms + outcome.linearProgramsSolved,
                             simplexIterations: outcome.simplexIterations,
                             linearProgramDimension: system.dimension)
    }
}
