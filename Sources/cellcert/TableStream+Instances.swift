import CellCert
import Foundation

extension TableStream {
    /// `cellcert verify --instances LIST --output FILE.jsonl`: runs the
    /// instances the file does not hold, appending each result line.
    ///
    /// - Parameter verify: runs the instances given, calling its argument with each result as it is known.
    /// - Throws: `CommandLineFailure` naming the file: locked, not a verify run,
    ///   of another list or with other options, another shard, not empty
    ///   without `--resume`; or the errors of `verify`.
    func run(header: InstanceLinesHeader, instances: [VerificationInstance],
             verify: (_ instances: [VerificationInstance], _ instanceDone: (InstanceResult) throws -> Void) throws -> Void) throws -> Outcome {
        try run(header: header, items: instances, index: \.index, read: { data in
            let file = try reportingFailures { try InstanceLinesFile(data: data, path: path) }
            guard let old = file.header else { return nil }
            let differences = header.options.differences(from: old.options)
            if !differences.isEmpty {
                throw CommandLineFailure(message: "\(path): was written for another instance list or with other options ("
                                         + differences.joined(separator: "; ")
                                         + "; now vs in the file); give the same list and options or choose another --output")
            }
            if old.shard != shard { throw otherShard(old.shard) }
            return Existing(done: Set(file.results.map(\.index)), validLength: file.validLength,
                            droppedPartialLine: file.droppedPartialLine)
        }, compute: { remaining, writer in
            try verify(remaining) { result in try writer.append(json: result) }
        })
    }
}
