/// One input of a data set to certify: its row in the file, its values and its label.
public struct LabelledInput: Sendable, Equatable {
    /// 0-based row of the data file (0 for an inline input).
    public let index: Int
    /// The input, in raw units (after `--scale`).
    public let values: [Double]
    /// The class label from the data, if any.
    public let label: Int?

    /// An input at row `index` with an optional label.
    public init(index: Int, values: [Double], label: Int? = nil) {
        self.index = index
        self.values = values
        self.label = label
    }
}
