extension Network {
    /// `input` as a ``Counterexample`` of `property` with its outputs, when
    /// ``robustCounterexampleOutputs(_:of:)`` accepts it; else `nil`.
    func robustCounterexample(_ input: [Double], of property: VNNLibProperty) -> Counterexample? {
        robustCounterexampleOutputs(input, of: property).map { Counterexample(input: input, output: $0) }
    }

    /// The outputs at `input` when it is a counterexample of `property` that every
    /// binary64 evaluation of the network agrees on, else `nil`.
    ///
    /// `input` must lie in a region's box (and ball, if it has one), and the outputs must satisfy one
    /// disjunct of that region's constraint with every inequality holding by more
    /// than twice the outputs' rounding bound (``outputsWithRoundingBound(_:)``),
    /// the margin the decision boundary's witnesses use
    /// (``hasRobustDecision(_:roundingBound:otherThan:)``), plus the rounding of
    /// the inequality's own sum. Then the exact network, onnxruntime, Marabou or any
    /// other binary64 evaluator find the property violated too. An equality on the
    /// outputs never holds robustly: such a point is not accepted.
    public func robustCounterexampleOutputs(_ input: [Double], of property: VNNLibProperty) -> [Double]? {
        guard let (outputs, bound) = outputsWithRoundingBound(input), outputs.allSatisfy(\.isFinite) else { return nil }
        let holds = property.regions.contains { region in
            region.contains(input) && region.outputConstraint.disjuncts.contains { conjunction in
                conjunction.allSatisfy { Self.holdsRobustly($0, outputs: outputs, roundingBound: bound) }
            }
        }
        return holds ? outputs : nil
    }

    /// Whether `Σ c_k y_k relation b` holds for every `y` within twice `roundingBound` of `outputs`.
    static func holdsRobustly(_ inequality: VNNLibProperty.OutputInequality, outputs: [Double],
                              roundingBound: [Double]) -> Bool {
        var sum = 0.0, magnitude = abs(inequality.constant), spread = 0.0
        for (k, c) in inequality.coefficients.enumerated() where c != 0 {
            sum += c * outputs[k]
            magnitude += abs(c * outputs[k])
            spread += abs(c) * roundingBound[k]
        }
        let n = inequality.coefficients.count + 2
        // The margin's own sums round too: inflated as a computed norm of n terms is.
        let margin = (2 * spread + RoundingModel.safetyFactor * RoundingModel.gamma(n) * magnitude)
            * RoundingModel.normInflation(length: n)
        guard margin.isFinite, sum.isFinite else { return false }
        let b = inequality.constant
        switch inequality.relation {
        case .lessOrEqual: return sum + margin <= b
        case .less: return sum + margin < b
        case .greaterOrEqual: return sum - margin >= b
        case .greater: return sum - margin > b
        case .equal: return false
        }
    }
}
