/// The first line of a streamed table (`cellcert table --output FILE.jsonl`,
/// Docs/cluster.md): what was computed and from what, so that `--resume` and
/// `merge` can check that lines belong together, and `merge` can render the
/// table without the model.
public struct TableLinesHeader: Codable, Equatable, Sendable {
    /// `"cellcert-table-lines"`, naming the format.
    public static let formatName = "cellcert-table-lines"
    /// The format version this build writes and reads. A reader refuses a larger one.
    public static let currentVersion = 1

    /// Always `formatName`.
    public let format: String
    /// The format version of the file.
    public let version: Int
    /// The options that change results; equal in every file of one table.
    public let options: TableRunOptions
    /// The model as the table shows it (path and format as the user gave them).
    public let model: CertificationReport.ModelSummary
    /// The table's settings as the table shows them (data file name, thread count).
    public let settings: DatasetTable.Settings
    /// Which slice of `options.selection` this file holds.
    public let shard: TableShard
    /// The number of inputs of this file's slice.
    public let inputCount: Int

    /// A header for shard `shard` of a run.
    public init(options: TableRunOptions, model: CertificationReport.ModelSummary, settings: DatasetTable.Settings,
                shard: TableShard) {
        format = Self.formatName
        version = Self.currentVersion
        self.options = options
        self.model = model
        self.settings = settings
        self.shard = shard
        inputCount = shard.slice(options.selection).count
    }

    /// The input indices of this file's slice, in selection order.
    public var indices: [Int] { shard.slice(options.selection) }
}
