extension GraphNetwork {
    /// The outputs `ô` of the forward pass at `x` with, per output, a bound
    /// `E_k ≥ |ô_k − o_k(x)|` on their distance from the exact outputs.
    ///
    /// From interval bound propagation on the one-point box `[x, x]`
    /// (``intervalOutputs(lower:upper:)``, outward rounded): the exact output lies
    /// in `[lo_k, hi_k]`, so it is within `hi_k − lo_k` of any point of that
    /// interval and within that plus `ô_k`'s distance to the interval of `ô_k`.
    /// The interval's width is the rounding of the pass (and of ReLUs or max-pool
    /// windows within rounding of a tie), a few ulps of the outputs' magnitudes.
    ///
    /// - Returns: `nil` when a bound is not finite.
    public func outputsWithRoundingBound(_ x: [Double]) -> (outputs: [Double], bound: [Double])? {
        precondition(x.count == inputDimension, "input has \(x.count) values, the network takes \(inputDimension)")
        let point = Matrix(rows: inputDimension, columns: 1, storage: x)
        let (lower, upper) = intervalOutputs(lower: point, upper: point)
        let outputs = self.outputs(x)
        let bound = outputs.indices.map { k -> Double in
            let (lo, hi) = (lower[k, 0], upper[k, 0])
            let outside = max(0, lo - outputs[k], outputs[k] - hi)
            return ((hi - lo) + outside).nextUp
        }
        guard bound.allSatisfy(\.isFinite), outputs.allSatisfy(\.isFinite) else { return nil }
        return (outputs, bound)
    }
}
