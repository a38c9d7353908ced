import Foundation

extension InstanceList {
    /// Checks, before any instance runs, that every file the list names is a
    /// readable regular file and not gzip-compressed.
    ///
    /// VNN-COMP's repositories ship some properties (and models) as `.gz`;
    /// their setup scripts unpack them. CellCert reads plain files only, so a
    /// compressed one is refused here, with the command that unpacks it,
    /// rather than failing every instance that names it.
    ///
    /// - Throws: `ModelFormatError` naming the file and the list's line:
    ///   `x/prop_1.vnnlib: no such file (instances.csv:3)`.
    public func checkFiles() throws {
        var firstLine: [String: Int] = [:]
        for (instance, line) in zip(instances, lines).reversed() {
            firstLine[instance.onnx] = line
            firstLine[instance.vnnlib] = line
        }
        for name in files {
            let line = firstLine[name] ?? 0
            let location = location(of: name)
            let named = "(\(path):\(line))"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory) else {
                throw ModelFormatError(file: location, message: "no such file \(named)")
            }
            guard !isDirectory.boolValue else { throw ModelFormatError(file: location, message: "is a directory, not a file \(named)") }
            guard let handle = FileHandle(forReadingAtPath: location) else {
                throw ModelFormatError(file: location, message: "cannot be read \(named)")
            }
            let start = handle.readData(ofLength: 2)
            handle.closeFile()
            if location.lowercased().hasSuffix(".gz") || start == Data([0x1F, 0x8B]) {
                throw ModelFormatError(file: location, message: "is gzip-compressed \(named); CellCert reads plain files: "
                                       + "unpack it (gunzip -k \(location)) and name the unpacked file in the list")
            }
        }
    }

    /// The SHA-256 of every file the list names (`files`), keyed by the name
    /// the list gives it: what a streamed run records, so that `--resume` and
    /// `merge` notice a changed model or property.
    ///
    /// - Throws: `CellError` naming a file that cannot be read.
    public func fileDigests() throws -> [InstanceRunOptions.FileDigest] {
        try files.map { InstanceRunOptions.FileDigest(path: $0, sha256: try SHA256.hex(ofFile: location(of: $0))) }
    }
}
