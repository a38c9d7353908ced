import CellCert
import Foundation

/// `cellcert table --output FILE.jsonl`: the table streamed as JSON Lines
/// (Docs/cluster.md), with `--resume` and `--shard K/N`.
///
/// The file is locked first (`TableLinesWriter`), then read under the lock:
/// with `--resume` its header must match this run (`TableRunOptions`, the
/// shard) and its complete lines are kept; a last line cut by a kill is
/// dropped. The inputs of the shard that the file does not hold are then
/// certified, each line appended as soon as its input is done.
struct TableStream {
    /// The output file.
    let path: String
    /// Whether an existing file is continued (`--resume`).
    let resume: Bool
    /// The slice of the selection to compute.
    let shard: TableShard

    /// What the run did.
    struct Outcome {
        /// Inputs of the shard already in the file.
        let kept: Int
        /// Inputs certified by this run.
        let computed: Int
        /// Whether a cut last line was dropped.
        let droppedPartialLine: Bool
    }

    /// Opens the file and decides what is left to do; then runs `certify` on
    /// the inputs still missing, appending each row it reports.
    ///
    /// - Parameter certify: certifies the inputs given, calling its argument with each row as it is done.
    /// - Throws: `CommandLineFailure` naming the file: locked, not a table, written
    ///   with other options or another shard, not empty without `--resume`; or the errors of `certify`.
    func run(header: TableLinesHeader, inputs: [LabelledInput],
             certify: (_ inputs: [LabelledInput], _ rowDone: @escaping @Sendable (DatasetTable.Row) throws -> Void) throws -> Void) throws -> Outcome {
        let writer = try reportingFailures { try TableLinesWriter(path: path) }
        let existing = try reportingFailures { try writer.contents() }
        var done: Set<Int> = []
        var dropped = false
        var needsHeader = true
        if !existing.isEmpty {
            guard resume else {
                throw CommandLineFailure(message: "\(path): exists and is not empty; add --resume to continue it, or remove it")
            }
            let file = try reportingFailures { try TableLinesFile(data: existing, path: path) }
            dropped = file.droppedPartialLine
            if let old = file.header {
                let differences = header.options.differences(from: old.options)
                if old.options.modelSHA256 != header.options.modelSHA256 {
                    throw CommandLineFailure(message: "\(path): was written for another model (SHA-256 \(old.options.modelSHA256.prefix(12))…, "
                                             + "this one is \(header.options.modelSHA256.prefix(12))…); choose another --output")
                }
                if !differences.isEmpty {
                    throw CommandLineFailure(message: "\(path): was written with other options (" + differences.joined(separator: "; ")
                                             + "; now vs in the file); give the same options or choose another --output")
                }
                if old.shard != shard {
                    throw CommandLineFailure(message: "\(path): holds shard \(old.shard), not \(shard); give --shard \(old.shard) or another --output")
                }
                done = Set(file.rows.map(\.index))
                needsHeader = false
                try reportingFailures { try writer.truncate(to: file.validLength) }
            } else {
                try reportingFailures { try writer.truncate(to: 0) }
            }
        }
        if needsHeader {
            try reportingFailures { try writer.append(json: header) }
        }
        let remaining = inputs.filter { !done.contains($0.index) }
        if !remaining.isEmpty {
            try certify(remaining) { row in try writer.append(json: TableInputLine(row)) }
        }
        try reportingFailures { try writer.finish() }
        return Outcome(kept: done.count, computed: remaining.count, droppedPartialLine: dropped)
    }
}
