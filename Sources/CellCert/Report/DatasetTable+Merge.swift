/// Joining streamed table files (`cellcert merge`, Docs/cluster.md) into the
/// table an unsharded run computes.
extension DatasetTable {
    /// The table of the files' rows, in the order of the selection.
    ///
    /// Every value but the times is that of one unsharded run with the same
    /// options: the rows are the rows that run computes (each input is
    /// certified on its own, with the same seed), and the model, settings and
    /// summary are computed from them the same way. The total time is the sum
    /// of the inputs' times (the shards ran separately).
    ///
    /// - Parameter files: each file's name and contents (`TableLinesFile`), in any order.
    /// - Throws: `TableLinesError` naming the file: a file without a header,
    ///   files from another model or with other options (`TableRunOptions`),
    ///   another number of shards, a shard given twice or missing (an input
    ///   is then in two files, or in none), or inputs missing (not yet computed: resume their shards).
    public static func merging(_ files: [(path: String, file: TableLinesFile)]) throws -> DatasetTable {
        guard !files.isEmpty else { throw TableLinesError("merge: no files given") }
        var headers: [(path: String, header: TableLinesHeader)] = []
        for (path, file) in files {
            guard let header = file.header else {
                throw TableLinesError("\(path): has no header line (the run was stopped before its first input); "
                                      + "run it again with --resume")
            }
            headers.append((path, header))
        }
        let reference = headers[0]
        for (path, header) in headers.dropFirst() {
            if header.options.modelSHA256 != reference.header.options.modelSHA256 {
                throw TableLinesError("\(path): computed with another model than \(reference.path) (SHA-256 differs)")
            }
            let differences = header.options.differences(from: reference.header.options)
            if !differences.isEmpty {
                throw TableLinesError("\(path): computed with other options than \(reference.path) ("
                                      + differences.joined(separator: "; ") + ")")
            }
        }
        try TableShard.checkCover(headers.map { ($0.path, $0.header.shard) })
        var rowOf: [Int: Row] = [:]
        for (_, file) in files {
            for row in file.rows { rowOf[row.index] = row }
        }
        let selection = reference.header.options.selection
        let missing = selection.filter { rowOf[$0] == nil }
        if !missing.isEmpty {
            let shown = missing.prefix(8).map(String.init).joined(separator: ", ") + (missing.count > 8 ? ", …" : "")
            let holders = Set(missing.compactMap { index in
                headers.first { $0.header.indices.contains(index) }?.path
            }).sorted()
            throw TableLinesError("merge: \(missing.count) of \(selection.count) inputs are not done yet (inputs \(shown)); "
                                  + "resume \(holders.joined(separator: ", ")) with --resume first")
        }
        let rows = selection.compactMap { rowOf[$0] }
        return DatasetTable(model: reference.header.model, settings: reference.header.settings, rows: rows,
                            wallSeconds: rows.reduce(0) { $0 + $1.milliseconds } / 1e3)
    }
}
