/// `--shard K/N`: the `K`-th of `N` deterministic slices of the selected inputs.
///
/// Slice `K` holds the inputs at positions `K−1, K−1+N, K−1+2N, …` of the
/// selection (round robin, so that slow inputs that sit together in a file are
/// spread over the shards). The `N` slices are disjoint and together hold every
/// selected input exactly once, whatever the selection.
public struct TableShard: Codable, Equatable, Sendable, CustomStringConvertible {
    /// `K`, 1-based.
    public let index: Int
    /// `N`, the number of shards.
    public let count: Int

    /// The whole selection as one shard, `1/1`.
    public static let whole = TableShard(uncheckedIndex: 1, count: 1)

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Shard `index` of `count`.
    ///
    /// - Throws: `TableLinesError` unless `1 ≤ index ≤ count`.
    public init(index: Int, count: Int) throws {
        guard count >= 1, (1...count).contains(index) else {
            throw TableLinesError("--shard must be K/N with 1 ≤ K ≤ N, got \(index)/\(count)")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Reads `K/N`.
    ///
    /// - Throws: `TableLinesError` for any other text or `K` outside `1...N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw TableLinesError("--shard must be K/N (e.g. 3/8), got '\(text)'")
        }
        try self.init(index: k, count: n)
    }

    /// The elements of `selection` this shard holds, in selection order.
    public func slice<T>(_ selection: [T]) -> [T] {
        stride(from: index - 1, to: selection.count, by: count).map { selection[$0] }
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }
}
