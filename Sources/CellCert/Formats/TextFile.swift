import Foundation

/// Reading whole text files and numbers in them, shared by the format readers.
enum TextFile {
    /// The name under which `url` appears in error messages: the path as the
    /// user gave it (relative paths stay relative).
    static func displayName(of url: URL) -> String {
        url.isFileURL ? url.relativePath : url.absoluteString
    }

    /// The UTF-8 contents of `url`.
    ///
    /// - Throws: `ModelFormatError` "no such file", "is a directory",
    ///   "cannot be read" or "is not UTF-8 text".
    static func read(_ url: URL, name: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ModelFormatError(file: name, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ModelFormatError(file: name, message: "is a directory, not a file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelFormatError(file: name, message: "cannot be read (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelFormatError(file: name, message: "is not UTF-8 text")
        }
        return text
    }

    /// Writes `text` to `url` atomically.
    static func write(_ text: String, to url: URL, name: String) throws {
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ModelFormatError(file: name, message: "cannot be written (\(error.localizedDescription))")
        }
    }

    /// The lines of `text` (`\n`, `\r\n` or `\r` separated), without terminators.
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    /// `field` without surrounding spaces and tabs.
    static func trimmed(_ field: Substring) -> Substring {
        var s = field
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }

    /// `field` parsed as a decimal number (`1`, `-2.5`, `3e-07`), or `nil`.
    /// Non-finite spellings (`nan`, `inf`) parse; callers reject them with a
    /// message of their own.
    static func number(_ field: Substring) -> Double? {
        Double(field)
    }

    /// The shortest decimal text that reads back as exactly `value`
    /// (Swift's `description` of a finite `Double` round-trips).
    static func format(_ value: Double) -> String {
        precondition(value.isFinite, "non-finite values are never written")
        return value.description
    }
}
