extension VNNLibProperty {
    /// Checks that the property can be asked of a network with `inputCount`
    /// inputs and `outputCount` outputs, every region's box bounded: what
    /// `verify` needs of a property, dense or graph network alike.
    ///
    /// - Throws: ``VerificationError`` naming the mismatch or the unbounded input.
    func checkFits(inputCount: Int, outputCount: Int) throws {
        guard self.inputCount == inputCount else {
            throw VerificationError("the property declares \(self.inputCount) inputs, the network takes \(inputCount)")
        }
        guard self.outputCount == outputCount else {
            throw VerificationError("the property declares \(self.outputCount) outputs, the network has \(outputCount)")
        }
        for (r, region) in regions.enumerated() {
            if let i = region.inputBox.lower.indices.first(where: {
                !region.inputBox.lower[$0].isFinite || !region.inputBox.upper[$0].isFinite
            }) {
                throw VerificationError("input X_\(i) of region \(r + 1) is unbounded: verify needs a bounded input box")
            }
        }
    }
}
