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
    ///
    /// Splits the UTF-8 bytes, not the `Character`s: every separator is ASCII,
    /// and splitting by `Character` runs grapheme breaking over the whole file
    /// (most of the time of reading a data set).
    static func lines(_ text: String) -> [Substring] {
        let bytes = text.utf8
        let (newline, carriageReturn) = (UInt8(ascii: "\n"), UInt8(ascii: "\r"))
        var lines: [Substring] = []
        var start = bytes.startIndex
        var i = start
        while i != bytes.endIndex {
            let byte = bytes[i]
            guard byte == newline || byte == carriageReturn else {
                i = bytes.index(after: i)
                continue
            }
            lines.append(text[start..<i])
            i = bytes.index(after: i)
            if byte == carriageReturn, i != bytes.endIndex, bytes[i] == newline { i = bytes.index(after: i) }
            start = i
        }
        lines.append(text[start..<i])
        return lines
    }

    /// The comma-separated fields of `line`, each ``trimmed(_:)``; empty fields are kept.
    static func fields(_ line: Substring) -> [Substring] {
        line.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { trimmed(Substring($0)) }
    }

    /// `field` without surrounding spaces and tabs.
    static func trimmed(_ field: Substring) -> Substring {
        // On the UTF-8 bytes (both blanks are ASCII), like `lines` and `fields`.
        let bytes = field.utf8
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var (start, end) = (bytes.startIndex, bytes.endIndex)
        while start != end, isBlank(bytes[start]) { start = bytes.index(after: start) }
        while end != start, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return field[start..<end]
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
