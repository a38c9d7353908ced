import Foundation

/// The contents of a streamed table file (Docs/cluster.md), read back: its
/// header and the rows of its complete lines.
///
/// Every line is written with one `write` and ends with a newline, so a run
/// killed while writing leaves at most one last line without its newline: it
/// is dropped (`droppedPartialLine`; `--resume` computes that input again). A
/// complete line that does not decode, or a header that does not match its
/// lines, is an error: such a file was damaged or written by something else.
public struct TableLinesFile: Sendable {
    /// The header, `nil` for an empty file (or one cut before its first newline).
    public let header: TableLinesHeader?
    /// The rows of the complete input lines, in file order.
    public let rows: [DatasetTable.Row]
    /// Bytes of the file up to the end of its last complete line.
    public let validLength: Int
    /// Whether a last line without its newline was dropped.
    public let droppedPartialLine: Bool

    /// Parses `data`, the contents of the file at `path` (named in errors).
    ///
    /// - Throws: `TableLinesError` naming `path` and the line: a first line
    ///   that is not a header of this format, a newer format version, an input
    ///   line that does not decode, an input not in the header's slice, or an
    ///   input written twice.
    public init(data: Data, path: String) throws {
        let framing = TableLinesFraming(data: data)
        validLength = framing.validLength
        droppedPartialLine = framing.droppedPartialLine
        guard let first = framing.lines.first else {
            header = nil
            rows = []
            return
        }
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(TableLinesHeader.self, from: first),
              header.format == TableLinesHeader.formatName else {
            if let version = framing.headerFormat,
               version.format == TableLinesHeader.formatName, version.version > TableLinesHeader.currentVersion {
                throw TableLinesError("\(path): written in table-lines format version \(version.version) by a newer cellcert; "
                                      + "this one reads version \(TableLinesHeader.currentVersion)")
            }
            // Another kind of streamed file (`cellcert-verify-lines`): say which, not just "not a table".
            if let other = framing.headerFormat?.format, other != TableLinesHeader.formatName {
                throw TableLinesError("\(path): its header names the format '\(other)', not a table of `cellcert table` "
                                      + "(Docs/cluster.md); is this the right file?")
            }
            throw TableLinesError("\(path): line 1 is not the header of a cellcert table (Docs/cluster.md); "
                                  + "is this the right file?")
        }
        guard header.version <= TableLinesHeader.currentVersion else {
            throw TableLinesError("\(path): written in table-lines format version \(header.version) by a newer cellcert; "
                                  + "this one reads version \(TableLinesHeader.currentVersion)")
        }
        decoder.userInfo[.thresholdHead] = header.model.decision == DecisionHead.threshold.rawValue
        let expected = Set(header.indices)
        var seen: Set<Int> = []
        var rows: [DatasetTable.Row] = []
        for (n, line) in framing.lines.enumerated().dropFirst() {
            let decoded: TableInputLine
            do {
                decoded = try decoder.decode(TableInputLine.self, from: line)
            } catch {
                throw TableLinesError("\(path): line \(n + 1) is not an input line of a cellcert table (\(TableLinesFraming.reason(error))); "
                                      + "the file is damaged")
            }
            let index = decoded.row.index
            guard decoded.input == index, expected.contains(index) else {
                throw TableLinesError("\(path): line \(n + 1) holds input \(decoded.input), which is not in shard \(header.shard) "
                                      + "of the header's selection")
            }
            guard seen.insert(index).inserted else {
                throw TableLinesError("\(path): line \(n + 1) holds input \(index) a second time")
            }
            rows.append(decoded.row)
        }
        self.header = header
        self.rows = rows
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
