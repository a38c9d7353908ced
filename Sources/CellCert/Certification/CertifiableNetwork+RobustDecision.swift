extension CertifiableNetwork {
    /// Whether outputs `ô` within `roundingBound` of the exact outputs decide a
    /// class other than `originalClass` by more than twice the bound: then the exact
    /// outputs, and every binary64 evaluation within the same bound of them, decide
    /// a class other than `originalClass` too.
    ///
    /// `argmax`: `ô_d − ô_c > 2(E_d + E_c)` for the winner `d`; `argmin` mirrored;
    /// `threshold` (class 1 iff `o > 0`): `ô > 2E` from class 0, `ô < −2E` from class 1.
    public func hasRobustDecision(_ outputs: [Double], roundingBound: [Double], otherThan originalClass: Int) -> Bool {
        let label = decision.decide(outputs)
        guard label != originalClass else { return false }
        switch decision {
        case .threshold:
            return originalClass == 0 ? outputs[0] > 2 * roundingBound[0] : outputs[0] < -2 * roundingBound[0]
        case .argmax:
            return outputs[label] - outputs[originalClass] > 2 * (roundingBound[label] + roundingBound[originalClass])
        case .argmin:
            return outputs[originalClass] - outputs[label] > 2 * (roundingBound[label] + roundingBound[originalClass])
        }
    }
}
