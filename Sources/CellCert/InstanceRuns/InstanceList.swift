import Foundation

/// A VNN-COMP instance list (`instances.csv`): one instance per line,
/// `onnx,vnnlib,timeout`, with the paths relative to the list's own folder
/// (absolute paths are kept), and no header line, as the competition's
/// benchmark repositories write them.
///
/// Blank lines and comment lines (starting with `#`) are skipped; lines may end
/// in `\n`, `\r\n` or `\r`, and spaces around a field are ignored. Columns after
/// the third (an expected answer, a note) are ignored: lists kept next to a
/// benchmark often carry them. Everything else that is not at least three
/// fields, two non-empty paths and a positive number of seconds is an error
/// naming the list and the line, before any instance runs.
public struct InstanceList: Sendable {
    /// The longest timeout an instance may have (as `--timeout` elsewhere: about 32 years).
    public static let maximumTimeout = 1e9

    /// The list as the user named it.
    public let path: String
    /// The folder the paths of the list are relative to.
    public let folder: String
    /// The instances, in list order (`index` 0, 1, …).
    public let instances: [VerificationInstance]
    /// The 1-based line of each instance, for messages.
    let lines: [Int]

    /// Parses `text`, the contents of the list at `path`.
    ///
    /// - Throws: `ModelFormatError` naming `path` and the line: fewer than three
    ///   fields, an empty path, a timeout that is not a positive finite number
    ///   of seconds (or above `maximumTimeout`); or "has no instances".
    public init(text: String, path: String) throws {
        try TextFile.checkCharacters(text, name: path)
        self.path = path
        folder = (path as NSString).deletingLastPathComponent
        var instances: [VerificationInstance] = []
        var lines: [Int] = []
        for (n, rawLine) in TextFile.lines(text).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 3 else {
                throw ModelFormatError(file: path, line: n + 1, message:
                    "expected 3 fields onnx,vnnlib,timeout (VNN-COMP's instance list; further columns are ignored), found \(fields.count)")
            }
            guard !fields[0].isEmpty, !fields[1].isEmpty else {
                throw ModelFormatError(file: path, line: n + 1, message: "the \(fields[0].isEmpty ? "onnx" : "vnnlib") path is empty")
            }
            guard let timeout = Double(fields[2]), timeout.isFinite, timeout > 0 else {
                throw ModelFormatError(file: path, line: n + 1, message:
                    "the timeout '\(fields[2])' is not a positive number of seconds")
            }
            guard timeout <= Self.maximumTimeout else {
                throw ModelFormatError(file: path, line: n + 1, message:
                    "the timeout \(fields[2]) is above the limit of 1e9 seconds")
            }
            instances.append(VerificationInstance(index: instances.count, onnx: fields[0], vnnlib: fields[1], timeout: timeout))
            lines.append(n + 1)
        }
        guard !instances.isEmpty else { throw ModelFormatError(file: path, message: "has no instances (expected lines onnx,vnnlib,timeout)") }
        self.instances = instances
        self.lines = lines
    }

    /// Reads and parses the list at `path`.
    ///
    /// - Throws: `ModelFormatError` "no such file", "is a directory", …, or as `init(text:path:)`.
    public init(path: String) throws {
        try self.init(text: TextFile.read(URL(fileURLWithPath: path), name: path), path: path)
    }

    /// Where the file `name` of the list is, as a path from the current folder
    /// (or absolute): `name` itself when absolute, else under `folder`.
    public func location(of name: String) -> String {
        name.hasPrefix("/") || folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }

    /// The distinct files the list names (models and properties), in the order
    /// they are first named: the files whose digests a streamed run records.
    public var files: [String] {
        var seen: Set<String> = []
        return instances.flatMap { [$0.onnx, $0.vnnlib] }.filter { seen.insert($0).inserted }
    }
}
