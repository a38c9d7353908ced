import CellCert
import Foundation

/// A run streamed as JSON Lines (Docs/cluster.md), with `--resume` and
/// `--shard K/N`: `cellcert table --output FILE.jsonl` (one line per input)
/// and `cellcert verify --instances LIST --output FILE.jsonl` (one line per
/// instance, `TableStream+Instances.swift`).
///
/// The file is locked first (`TableLinesWriter`), then read under the lock:
/// with `--resume` its header must match this run (options, shard) and its
/// complete lines are kept; a last line cut by a kill is dropped. The items of
/// the shard that the file does not hold are then computed, each line appended
/// as soon as its item is done.
struct TableStream {
    /// The output file.
    let path: String
    /// Whether an existing file is continued (`--resume`).
    let resume: Bool
    /// The slice of the selection to compute.
    let shard: TableShard

    /// What the run did.
    struct Outcome {
        /// Items of the shard already in the file.
        let kept: Int
        /// Items computed by this run.
        let computed: Int
        /// Whether a cut last line was dropped.
        let droppedPartialLine: Bool
    }

    /// What a non-empty file with a header holds, once its header was found to match this run.
    struct Existing {
        /// The indices of the items it holds.
        let done: Set<Int>
        /// Bytes up to the end of its last complete line.
        let validLength: Int
        /// Whether a cut last line was dropped.
        let droppedPartialLine: Bool
    }

    /// Opens the file, keeps what `--resume` allows, writes `header` when the
    /// file has none, then runs `compute` on the items still missing.
    ///
    /// - Parameters:
    ///   - index: an item's index, as its lines record it.
    ///   - read: parses a non-empty file and checks its header against this
    ///     run (one-line failures naming the file); `nil` when it has no header
    ///     (cut before its first newline: started over).
    ///   - compute: computes the items given, appending each line to the writer.
    /// - Throws: `CommandLineFailure` naming the file: locked, not empty without
    ///   `--resume`, or as `read`; or the errors of `compute`.
    func run<Item>(header: some Encodable, items: [Item], index: (Item) -> Int, read: (Data) throws -> Existing?,
                   compute: (_ remaining: [Item], _ writer: TableLinesWriter) throws -> Void) throws -> Outcome {
        let writer = try reportingFailures { try TableLinesWriter(path: path) }
        let contents = try reportingFailures { try writer.contents() }
        var existing: Existing?
        if !contents.isEmpty {
            guard resume else {
                throw CommandLineFailure(message: "\(path): exists and is not empty; add --resume to continue it, or remove it")
            }
            existing = try read(contents)
            try reportingFailures { try writer.truncate(to: existing?.validLength ?? 0) }
        }
        if existing == nil {
            try reportingFailures { try writer.append(json: header) }
        }
        let done = existing?.done ?? []
        let remaining = items.filter { !done.contains(index($0)) }
        if !remaining.isEmpty {
            try compute(remaining, writer)
        }
        try reportingFailures { try writer.finish() }
        // A non-empty file without a header holds nothing but a cut first line.
        return Outcome(kept: done.count, computed: remaining.count,
                       droppedPartialLine: existing?.droppedPartialLine ?? !contents.isEmpty)
    }

    /// The failure for a file that holds another shard.
    func otherShard(_ old: TableShard) -> CommandLineFailure {
        CommandLineFailure(message: "\(path): holds shard \(old), not \(shard); give --shard \(old) or another --output")
    }

    /// `cellcert table`: certifies the inputs the file does not hold, appending each row.
    ///
    /// - Parameter certify: certifies the inputs given, calling its argument with each row as it is done.
    /// - Throws: `CommandLineFailure` naming the file: locked, not a table, written
    ///   with another model, other options or another shard, not empty without `--resume`; or the errors of `certify`.
    func run(header: TableLinesHeader, inputs: [LabelledInput],
             certify: (_ inputs: [LabelledInput], _ rowDone: @escaping @Sendable (DatasetTable.Row) throws -> Void) throws -> Void) throws -> Outcome {
        try run(header: header, items: inputs, index: \.index, read: { data in
            let file = try reportingFailures { try TableLinesFile(data: data, path: path) }
            guard let old = file.header else { return nil }
            if old.options.modelSHA256 != header.options.modelSHA256 {
                throw CommandLineFailure(message: "\(path): was written for another model (SHA-256 \(old.options.modelSHA256.prefix(12))…, "
                                         + "this one is \(header.options.modelSHA256.prefix(12))…); choose another --output")
            }
            let differences = header.options.differences(from: old.options)
            if !differences.isEmpty {
                throw CommandLineFailure(message: "\(path): was written with other options (" + differences.joined(separator: "; ")
                                         + "; now vs in the file); give the same options or choose another --output")
            }
            if old.shard != shard { throw otherShard(old.shard) }
            return Existing(done: Set(file.rows.map(\.index)), validLength: file.validLength, droppedPartialLine: file.droppedPartialLine)
        }, compute: { remaining, writer in
            try certify(remaining) { row in try writer.append(json: TableInputLine(row)) }
        })
    }
}
