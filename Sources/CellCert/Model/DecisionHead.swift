/// How the network's output vector becomes a class.
public enum DecisionHead: String, Codable, Sendable, CaseIterable {
    /// One output unit; class 1 iff the output is `> 0`, else class 0 (the paper's Heaviside unit).
    case threshold
    /// Class `argmax_k o_k`; ties go to the lowest index.
    case argmax
    /// Class `argmin_k o_k`; ties go to the lowest index (ACAS Xu's advisories).
    case argmin

    /// The class chosen for `outputs` (ties: lowest index).
    public func decide(_ outputs: [Double]) -> Int {
        switch self {
        case .threshold:
            return ActivationConvention.isActive(outputs[0]) ? 1 : 0
        case .argmax:
            var best = 0
            for k in 1..<outputs.count where outputs[k] > outputs[best] { best = k }
            return best
        case .argmin:
            var best = 0
            for k in 1..<outputs.count where outputs[k] < outputs[best] { best = k }
            return best
        }
    }

    /// Number of output-comparison faces for `outputCount` outputs:
    /// 1 for `threshold`, `K − 1` for `argmax`/`argmin`.
    public func comparisonCount(outputCount: Int) -> Int {
        self == .threshold ? 1 : outputCount - 1
    }

    /// Number of classes the head can return.
    public func classCount(outputCount: Int) -> Int {
        self == .threshold ? 2 : outputCount
    }
}
