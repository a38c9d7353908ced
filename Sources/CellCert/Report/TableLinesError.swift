/// A failure reading, writing or merging a streamed table (Docs/cluster.md):
/// one line that names the file, e.g. `shard-2.jsonl: line 7 is not a table line`.
public struct TableLinesError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The one-line message.
    public let message: String

    /// An error with its message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
