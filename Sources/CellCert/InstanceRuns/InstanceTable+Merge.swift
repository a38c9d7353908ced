extension InstanceTable {
    /// The table of the results in `files`, the shards of one streamed run, in list order.
    ///
    /// Every value but the times is that of one unsharded run: each instance
    /// is run on its own, so its answer does not depend on the shard (time
    /// limits aside: an instance near its limit may time out on a slower node).
    ///
    /// - Parameter files: each file's name and contents, in any order.
    /// - Throws: `TableLinesError` naming the file: a file without a header,
    ///   files of another list or with other options (`InstanceRunOptions`),
    ///   shards that are not `1/N … N/N` once each (`TableShard.checkCover`),
    ///   an instance in two files, or instances in none (not yet run: resume their shards).
    public static func merging(_ files: [(path: String, file: InstanceLinesFile)]) throws -> InstanceTable {
        var headers: [(path: String, header: InstanceLinesHeader)] = []
        for (path, file) in files {
            guard let header = file.header else {
                throw TableLinesError("\(path): has no header line (the run was stopped before its first instance); "
                                      + "run it again with --resume")
            }
            headers.append((path, header))
        }
        guard let reference = headers.first else { throw TableLinesError("merge: no files given") }
        for (path, header) in headers.dropFirst() {
            let differences = header.options.differences(from: reference.header.options)
            if !differences.isEmpty || header.instances != reference.header.instances {
                throw TableLinesError("\(path): ran another instance list or other options than \(reference.path) ("
                                      + (differences.isEmpty ? "the instances differ" : differences.joined(separator: "; ")) + ")")
            }
        }
        try TableShard.checkCover(headers.map { ($0.path, $0.header.shard) })
        var resultOf: [Int: (path: String, result: InstanceResult)] = [:]
        for (path, file) in files {
            for result in file.results {
                if let other = resultOf[result.index] {
                    throw TableLinesError("\(path): instance \(result.index) is also in \(other.path); each instance belongs in one shard")
                }
                resultOf[result.index] = (path, result)
            }
        }
        let instances = reference.header.instances
        let missing = instances.map(\.index).filter { resultOf[$0] == nil }
        if !missing.isEmpty {
            let shown = missing.prefix(8).map(String.init).joined(separator: ", ") + (missing.count > 8 ? ", …" : "")
            let holders = Set(missing.compactMap { index in headers.first { $0.header.indices.contains(index) }?.path }).sorted()
            throw TableLinesError("merge: \(missing.count) of \(instances.count) instances are not done yet (instances \(shown)); "
                                  + "resume \(holders.joined(separator: ", ")) with --resume first")
        }
        return InstanceTable(list: reference.header.list, results: instances.compactMap { resultOf[$0.index]?.result })
    }
}
