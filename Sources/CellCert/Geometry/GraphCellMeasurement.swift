extension GraphNetwork {
    /// The measurement of the cell of `x` in `norms`, taken one block of rows at a
    /// time while the rows are built (``forEachFaceBlock(of:_:)``): equal to
    /// `cell(at: x).measurement(at: x, norms: norms)`, but the whole cell is never
    /// held. Peak memory is the rows of the layers being pushed through the graph
    /// (about two layers' blocks) instead of every face row (Docs/graph-networks.md, "Memory").
    ///
    /// - Throws: `CellError` for an input of the wrong size, a NaN or infinite
    ///   value, or a forward pass that overflows.
    public func measureCell(at x: [Double], norms: [Norm]) throws -> CellMeasurement {
        try validateInput(x)
        let pattern = activationPattern(at: x)
        var accumulator = CellMeasurementAccumulator(pattern: pattern, norms: norms, at: x)
        try forEachFaceBlock(of: pattern) { block in
            accumulator.add(Cell(pattern: pattern, units: block.units, orientations: block.orientations, rows: block.rows))
        }
        return accumulator.measurement
    }
}
