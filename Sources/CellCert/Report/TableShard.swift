/// `--shard K/N`: the `K`-th of `N` deterministic slices of the selected inputs
/// (`cellcert table`) or of the instances of a list (`cellcert verify --instances`).
///
/// Slice `K` holds the items at positions `K−1, K−1+N, K−1+2N, …` of the
/// selection (round robin, so that slow inputs or instances that sit together
/// in a file are spread over the shards). The `N` slices are disjoint and
/// together hold every selected item exactly once, whatever the selection.
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

extension TableShard {
    /// Checks that `files` are the shards `1/N … N/N` of one run, each given once.
    ///
    /// - Throws: `TableLinesError` naming the file: shards of different `N`
    ///   (`PATH: is shard 2/4 but OTHER is shard 1/3: …`), a shard given twice,
    ///   or the shards that no file holds (`merge: shard 3/4 missing: …`).
    public static func checkCover(_ files: [(path: String, shard: TableShard)]) throws {
        guard let reference = files.first else { throw TableLinesError("merge: no files given") }
        var fileOf: [Int: String] = [:]
        for (path, shard) in files {
            if shard.count != reference.shard.count {
                throw TableLinesError("\(path): is shard \(shard) but \(reference.path) is shard \(reference.shard): "
                                      + "the shards of one run have the same N")
            }
            if let other = fileOf[shard.index] {
                throw TableLinesError("\(path): shard \(shard) is also \(other); give each shard once")
            }
            fileOf[shard.index] = path
        }
        let count = reference.shard.count
        let missing = (1...count).filter { fileOf[$0] == nil }
        if !missing.isEmpty {
            throw TableLinesError("merge: shard " + missing.map { "\($0)/\(count)" }.joined(separator: ", ")
                                  + " missing: no file given holds \(missing.count == 1 ? "it" : "them")")
        }
    }
}
