/// One input line of a streamed table (Docs/cluster.md): the input's index and
/// its row, the object `cellcert table --format json` writes in `rows`.
public struct TableInputLine: Codable, Sendable {
    /// 0-based row of the data file (the same as `row.index`).
    public let input: Int
    /// The input's row.
    public let row: DatasetTable.Row

    /// The line of `row`.
    public init(_ row: DatasetTable.Row) {
        input = row.index
        self.row = row
    }
}
