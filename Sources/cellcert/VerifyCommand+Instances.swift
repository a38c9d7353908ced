import CellCert
import Foundation

extension InstanceTableFormat {
    /// The table format of `verify --format`.
    init(_ format: VerifyCommand.Format) {
        switch format {
        case .text: self = .text
        case .markdown: self = .markdown
        case .csv: self = .csv
        case .json: self = .json
        }
    }
}

extension VerifyCommand {
    /// `verify --instances LIST`: every instance of the list (or of `--shard`),
    /// as a table or streamed to `--output FILE.jsonl`.
    ///
    /// Problems of the list itself — unreadable, a bad line, a file it names
    /// that is missing or compressed — stop the command before any instance
    /// runs. Problems of one instance (its model or property cannot be read,
    /// or they do not fit) make that instance `error` and the run goes on;
    /// the command then fails with one line after writing everything.
    func run(instances listPath: String) throws {
        let list = try reportingFailures { try InstanceList(path: listPath) }
        let outputs: [(option: String, path: String)] = output.map { [("--output", $0)] } ?? []
        for output in outputs { try OutputFile.destination(output.path, for: output.option) }
        try OutputFile.checkDistinct(outputs: outputs, inputs: [("instance list", listPath)]
                                     + list.files.map { ("file named by the instance list", list.location(of: $0)) })
        try reportingFailures { try list.checkFiles() }
        let results: [InstanceResult]
        if streams, let output {
            results = try stream(list, to: output)
        } else {
            results = try verify(list, list.instances)
            let table = InstanceTable(list: listPath, results: results)
            try writeOutput(try reportingFailures { try table.rendered(as: InstanceTableFormat(format ?? .text)) }, to: output)
        }
        try Self.failOnErrors(results, list: listPath)
    }

    /// Runs `instances` of `list` with a progress line, calling `instanceDone` with each result.
    private func verify(_ list: InstanceList, _ instances: [VerificationInstance],
                        instanceDone: (InstanceResult) throws -> Void = { _ in }) throws -> [InstanceResult] {
        let progress = ProgressLine(label: "verify", total: instances.count, threshold: 1, unit: "instances", delay: 1)
        var done = 0
        let results = try list.verify(instances, timeoutCap: timeout, threads: threads) { result in
            try instanceDone(result)
            done += 1
            progress.update(done)
        }
        progress.finish()
        return results
    }

    /// Streams the results of the shard to `path` (`TableStream`); a note on
    /// standard error says what was done. Returns every result of the shard
    /// in the file, kept or new, so that the exit status of a resumed run is
    /// that of an uninterrupted one.
    private func stream(_ list: InstanceList, to path: String) throws -> [InstanceResult] {
        let shard = try reportingFailures { try self.shard.map { try TableShard(parsing: $0) } } ?? .whole
        let options = try reportingFailures { try InstanceRunOptions(list: list, timeoutCap: timeout) }
        let header = InstanceLinesHeader(options: options, list: list.path, instances: list.instances, shard: shard)
        let slice = shard.slice(list.instances)
        let outcome = try TableStream(path: path, resume: resume, shard: shard).run(header: header, instances: slice) { remaining, instanceDone in
            _ = try verify(list, remaining, instanceDone: instanceDone)
        }
        var note = "verify: \(path): \(outcome.kept + outcome.computed) of \(slice.count) instances of shard \(shard) done"
        note += " (\(outcome.computed) run now, \(outcome.kept) kept from the file"
        note += outcome.droppedPartialLine ? "; its cut last line was dropped and run again)" : ")"
        StandardError.write(note + "\n")
        return try reportingFailures { try InstanceLinesFile(path: path) }.results
    }

    /// Fails with one line when some instances are `error` (after the table or the lines were written).
    static func failOnErrors(_ results: [InstanceResult], list: String) throws {
        let errors = results.filter { $0.result == .error }.sorted { $0.index < $1.index }
        guard let first = errors.first else { return }
        throw CommandLineFailure(message: "\(list): \(errors.count) of \(results.count) instances could not be run and are "
                                 + "answered error (instance \(first.index): \(first.note ?? "no reason recorded")"
                                 + (errors.count > 1 ? "; see the table's notes" : "") + ")")
    }
}
