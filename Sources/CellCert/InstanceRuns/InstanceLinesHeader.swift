/// The first line of a streamed instance run (`cellcert verify --instances
/// LIST --output FILE.jsonl`, Docs/cli.md): what was run and from what, so
/// that `--resume` and `merge` can check that lines belong together, and
/// `merge` can render the result table without the list.
///
/// A format of its own, versioned apart from the table's
/// (`TableLinesHeader`): the two kinds of file share their line structure
/// (`TableLinesFraming`), lock (`TableLinesWriter`) and shards (`TableShard`),
/// not their lines.
public struct InstanceLinesHeader: Codable, Equatable, Sendable {
    /// `"cellcert-verify-lines"`, naming the format.
    public static let formatName = "cellcert-verify-lines"
    /// The format version this build writes and reads. A reader refuses a larger one.
    public static let currentVersion = 1

    /// Always `formatName`.
    public let format: String
    /// The format version of the file.
    public let version: Int
    /// What changes the results; equal in every file of one run.
    public let options: InstanceRunOptions
    /// The instance list as the user named it (shown by the table; not compared).
    public let list: String
    /// Every instance of the list, in order (before `--shard`).
    public let instances: [VerificationInstance]
    /// Which slice of `instances` this file holds.
    public let shard: TableShard
    /// The number of instances of this file's slice.
    public let instanceCount: Int

    /// A header for shard `shard` of a run of `instances`.
    public init(options: InstanceRunOptions, list: String, instances: [VerificationInstance], shard: TableShard) {
        format = Self.formatName
        version = Self.currentVersion
        self.options = options
        self.list = list
        self.instances = instances
        self.shard = shard
        instanceCount = shard.slice(instances).count
    }

    /// The indices of this file's instances, in list order.
    public var indices: [Int] { shard.slice(instances).map(\.index) }
}
