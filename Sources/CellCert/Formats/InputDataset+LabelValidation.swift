/// Labels checked against the model they label.
extension InputDataset {
    /// Checks that every label names a class of a model with `classCount`
    /// classes (`Network.classCount`): `0 ≤ label < classCount`.
    ///
    /// The readers check that labels are non-negative integers, but only the
    /// model knows how many classes there are; a label of 99 on a 3-class
    /// model would otherwise count as a wrong prediction, silently. Call this
    /// once the model is loaded (`load(path:…:classCount:)` does). A data set
    /// without labels passes.
    ///
    /// - Throws: `ModelFormatError` naming `labelSource` and the first input
    ///   whose label is out of range, by its 0-based position in this data set
    ///   (the file's row, as `--index` counts, unless the set was narrowed by
    ///   `selecting(_:)`):
    ///   `labels.npy: input 4: label 99 is not a class of the model (3 classes, labels 0…2)`.
    public func validateLabels(classCount: Int) throws {
        guard let labels else { return }
        guard let k = labels.firstIndex(where: { !(0..<max(classCount, 0)).contains($0) }) else { return }
        let classes = classCount == 1 ? "1 class, label 0" : "\(classCount) classes, labels 0…\(classCount - 1)"
        throw ModelFormatError(file: labelSource ?? source, keyPath: "input \(k)",
                               message: "label \(labels[k]) is not a class of the model (\(classes))")
    }
}
