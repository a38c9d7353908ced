import Foundation

/// Everything that changes the results of a streamed instance run
/// (`cellcert verify --instances LIST --output FILE.jsonl`, Docs/cluster.md):
/// the list's and every named file's SHA-256, the timeout cap and the tool
/// version. `--resume` continues a file only, and `merge` joins files only,
/// when these are equal; the thread count, the file names given on the
/// command line and the shard are not part of them.
public struct InstanceRunOptions: Codable, Equatable, Sendable {
    /// A file named by the list and its digest.
    public struct FileDigest: Codable, Equatable, Sendable {
        /// The file as the list names it (relative to the list's folder unless absolute).
        public let path: String
        /// SHA-256 of its contents, 64 hex digits.
        public let sha256: String

        /// The digest `sha256` of the file `path`.
        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// `ToolVersion.string` of the run (another version may answer differently).
    public var tool: String
    /// SHA-256 of the instance list.
    public var listSHA256: String
    /// Every model and property file of the list, in the order first named.
    public var files: [FileDigest]
    /// `--timeout`: the cap on every instance's own timeout, if given.
    public var timeoutCap: Double?

    /// Options as given.
    public init(tool: String, listSHA256: String, files: [FileDigest], timeoutCap: Double?) {
        self.tool = tool
        self.listSHA256 = listSHA256
        self.files = files
        self.timeoutCap = timeoutCap
    }

    /// The options of a run of `list` with `timeoutCap` by this tool, reading
    /// the list and every file it names to digest them.
    ///
    /// - Throws: `CellError` naming a file that cannot be read.
    public init(list: InstanceList, timeoutCap: Double?) throws {
        self.init(tool: ToolVersion.string, listSHA256: try SHA256.hex(ofFile: list.path), files: try list.fileDigests(),
                  timeoutCap: timeoutCap)
    }

    /// The options that differ from `other`'s, each as `name: ours vs theirs`,
    /// for one-line errors; empty when equal.
    public func differences(from other: InstanceRunOptions) -> [String] {
        var differences: [String] = []
        if tool != other.tool { differences.append("tool: \(tool) vs \(other.tool)") }
        if listSHA256 != other.listSHA256 {
            differences.append("instance list: SHA-256 \(listSHA256.prefix(12))… vs \(other.listSHA256.prefix(12))…")
        }
        let theirs = Dictionary(other.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let changed = files.filter { theirs[$0.path] != nil && theirs[$0.path] != $0.sha256 }.map(\.path)
        if !changed.isEmpty {
            differences.append("file contents (SHA-256): " + changed.prefix(3).joined(separator: ", ") + (changed.count > 3 ? ", …" : ""))
        }
        if Set(files.map(\.path)) != Set(other.files.map(\.path)) { differences.append("the files the list names") }
        if timeoutCap != other.timeoutCap {
            let text = { (cap: Double?) in cap.map { "\($0)" } ?? "none" }
            differences.append("--timeout: \(text(timeoutCap)) vs \(text(other.timeoutCap))")
        }
        return differences
    }
}
