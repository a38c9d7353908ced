extension InputDataset {
    /// The end of a "wrong number of values" message: when a row holds exactly one
    /// value more than the model's `dimension` and no label column was named, the
    /// extra value is most likely a label (ERAN's and scikit-learn's CSV files
    /// carry one), so the message names the option that says where it is.
    static func widthHint(found: Int, dimension: Int?, labelColumn: LabelColumn) -> String {
        guard let dimension, labelColumn == .none, found == dimension + 1 else { return "" }
        return " (one more than the model's \(dimension) inputs: if the first or last value is a label, "
            + "give --label-column first or --label-column last)"
    }
}
