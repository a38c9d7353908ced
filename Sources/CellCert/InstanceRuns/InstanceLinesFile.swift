import Foundation

/// The contents of a streamed instance run (`cellcert verify --instances LIST
/// --output FILE.jsonl`), read back: its header and the results of its
/// complete lines.
///
/// A last line without its newline (a kill while writing) is dropped
/// (`TableLinesFraming`; `--resume` runs that instance again). A complete line
/// that does not decode, an instance outside the header's shard, one whose
/// files are not those the header lists at its index, or one written twice
/// is an error: such a file was damaged or written by something else.
public struct InstanceLinesFile: Sendable {
    /// The header, `nil` for an empty file (or one cut before its first newline).
    public let header: InstanceLinesHeader?
    /// The results of the complete lines, in file (completion) order.
    public let results: [InstanceResult]
    /// Bytes of the file up to the end of its last complete line.
    public let validLength: Int
    /// Whether a last line without its newline was dropped.
    public let droppedPartialLine: Bool

    /// Parses `data`, the contents of the file at `path` (named in errors).
    ///
    /// - Throws: `TableLinesError` naming `path` and the line (see above; also
    ///   a first line that is not a header of this format, or a newer version).
    public init(data: Data, path: String) throws {
        let framing = TableLinesFraming(data: data)
        validLength = framing.validLength
        droppedPartialLine = framing.droppedPartialLine
        guard let first = framing.lines.first else {
            header = nil
            results = []
            return
        }
        let name = InstanceLinesHeader.formatName, current = InstanceLinesHeader.currentVersion
        if let probe = framing.headerFormat, probe.format == name, probe.version > current {
            throw TableLinesError("\(path): written in verify-lines format version \(probe.version) by a newer cellcert; "
                                  + "this one reads version \(current)")
        }
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(InstanceLinesHeader.self, from: first), header.format == name else {
            if framing.headerFormat?.format == TableLinesHeader.formatName {
                throw TableLinesError("\(path): holds a table of `cellcert table`, not the results of `cellcert verify --instances`")
            }
            throw TableLinesError("\(path): line 1 is not the header of a cellcert verify run (Docs/cli.md); is this the right file?")
        }
        let expected = Dictionary(uniqueKeysWithValues: header.shard.slice(header.instances).map { ($0.index, $0) })
        var seen: Set<Int> = []
        var results: [InstanceResult] = []
        for (n, line) in framing.lines.enumerated().dropFirst() {
            let result: InstanceResult
            do {
                result = try decoder.decode(InstanceResult.self, from: line)
            } catch {
                throw TableLinesError("\(path): line \(n + 1) is not a result line of a cellcert verify run "
                                      + "(\(TableLinesFraming.reason(error))); the file is damaged")
            }
            guard let instance = expected[result.index] else {
                throw TableLinesError("\(path): line \(n + 1) holds instance \(result.index), which is not in shard \(header.shard) "
                                      + "of the header's list")
            }
            guard instance.onnx == result.onnx, instance.vnnlib == result.vnnlib else {
                throw TableLinesError("\(path): line \(n + 1) holds instance \(result.index) with other files than the header's list "
                                      + "(\(result.onnx), \(result.vnnlib)); the file is damaged")
            }
            guard seen.insert(result.index).inserted else {
                throw TableLinesError("\(path): line \(n + 1) holds instance \(result.index) a second time")
            }
            results.append(result)
        }
        self.header = header
        self.results = results
    }

    /// Reads and parses the file at `path`.
    ///
    /// - Throws: `TableLinesError` when it cannot be read, or as `init(data:path:)`.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TableLinesError("\(path): cannot be read (missing or not readable)")
        }
        try self.init(data: data, path: path)
    }
}
