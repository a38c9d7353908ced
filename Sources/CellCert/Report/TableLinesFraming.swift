import Foundation

/// The line structure of a streamed JSON Lines file, shared by both kinds
/// (`cellcert table --output FILE.jsonl`, `cellcert verify --instances … --output
/// FILE.jsonl`; Docs/cluster.md): its complete lines, where the last complete
/// one ends, and which format its first line names.
///
/// Every line is written with one `write` and ends with a newline
/// (`TableLinesWriter`), so a run killed while writing leaves at most one last
/// line without its newline. That line is not part of `lines`; `validLength`
/// is where the file must be cut to drop it.
public struct TableLinesFraming: Sendable {
    /// The complete lines, without their newlines, in file order.
    public let lines: [Data]
    /// Bytes up to the end of the last complete line.
    public let validLength: Int
    /// Whether bytes after the last newline (a cut last line) were left out.
    public let droppedPartialLine: Bool

    /// Splits `data` at its newlines.
    public init(data: Data) {
        let bytes = [UInt8](data)
        var lines: [Data] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append(Data(bytes[start..<i]))
            start = i + 1
        }
        self.lines = lines
        validLength = start
        droppedPartialLine = start < bytes.count
    }

    /// The `format` and `version` keys of the first line, when it is a JSON
    /// object that has both: how a reader tells the kinds (and a newer
    /// version) apart before decoding the whole header.
    public var headerFormat: (format: String, version: Int)? {
        guard let first = lines.first, let probe = try? JSONDecoder().decode(Probe.self, from: first) else { return nil }
        return (probe.format, probe.version)
    }

    /// The format and version keys alone.
    private struct Probe: Decodable {
        let format: String
        let version: Int
    }

    /// The first key path of a decoding error, in plain words, for one-line
    /// errors about a damaged line ("no key 'row'", "bad value at 'result'").
    public static func reason(_ error: any Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, _): return "no key '\(key.stringValue)'"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
             let DecodingError.dataCorrupted(context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not JSON" : "bad value at '\(path)'"
        default: return "not JSON"
        }
    }
}
