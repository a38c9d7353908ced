import Foundation

/// Reading and writing whole binary files, shared by the binary data formats
/// (`NPYFormat`, `IDXFormat`); the binary sibling of `TextFile`.
enum BinaryFile {
    /// The bytes of `url`.
    ///
    /// - Throws: `ModelFormatError` "no such file", "is a directory" or "cannot be read".
    static func read(_ url: URL, name: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ModelFormatError(file: name, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ModelFormatError(file: name, message: "is a directory, not a file")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ModelFormatError(file: name, message: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// Writes `data` to `url` atomically.
    static func write(_ data: Data, to url: URL, name: String) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ModelFormatError(file: name, message: "cannot be written (\(error.localizedDescription))")
        }
    }

    /// Whether `data` starts with the gzip magic bytes `1f 8b`.
    static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// The error for a gzip-compressed file: CellCert does not decompress.
    static func gzipError(name: String) -> ModelFormatError {
        ModelFormatError(file: name, keyPath: "byte 0",
                         message: "the file is gzip-compressed; decompress it first (gunzip -k \(name))")
    }
}
