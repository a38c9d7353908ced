/// What the other decision rule would make of labelled inputs
/// (``Network/betterDecisionRule(for:)``).
public struct DecisionRuleComparison: Sendable, Equatable {
    /// The rule the network uses.
    public let current: DecisionHead
    /// Inputs it classifies as labelled.
    public let currentCorrect: Int
    /// The opposite rule (argmax ↔ argmin).
    public let other: DecisionHead
    /// Inputs the opposite rule classifies as labelled.
    public let otherCorrect: Int
    /// Labelled inputs compared.
    public let labelled: Int
}

extension CertifiableNetwork {
    /// The opposite rule (argmax ↔ argmin) when it classifies far more of the
    /// labelled `inputs` correctly than the network's own: at least a quarter of
    /// them more. A file that does not record its rule (`.nnet` defaults to
    /// argmin, as ACAS Xu; ONNX to argmax) can load with the wrong one, and then
    /// every certificate describes a classifier nobody trained, accuracy near
    /// 0%. `nil` for a threshold head, without labels, or when the rule in use is
    /// as good.
    public func betterDecisionRule(for inputs: [LabelledInput]) -> DecisionRuleComparison? {
        guard decision != .threshold else { return nil }
        let labelled = inputs.filter { $0.label != nil }
        guard !labelled.isEmpty else { return nil }
        let other: DecisionHead = decision == .argmax ? .argmin : .argmax
        var (current, opposite) = (0, 0)
        for item in labelled {
            let outputs = outputs(item.values)
            guard outputs.allSatisfy(\.isFinite) else { continue }
            if decision.decide(outputs) == item.label { current += 1 }
            if other.decide(outputs) == item.label { opposite += 1 }
        }
        guard 4 * (opposite - current) >= labelled.count, opposite > current else { return nil }
        return DecisionRuleComparison(current: decision, currentCorrect: current, other: other,
                                      otherCorrect: opposite, labelled: labelled.count)
    }
}
