import Foundation

/// Reading whole text files and numbers in them, shared by the format readers.
enum TextFile {
    /// The name under which `url` appears in error messages: the path as the
    /// user gave it (relative paths stay relative).
    static func displayName(of url: URL) -> String {
        url.isFileURL ? url.relativePath : url.absoluteString
    }

    /// The UTF-8 contents of `url`, checked by ``checkCharacters(_:name:)``.
    ///
    /// - Throws: `ModelFormatError` "no such file", "is a directory",
    ///   "cannot be read", "is not UTF-8 text", or a control character with
    ///   its line and column.
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
        try checkCharacters(text, name: name)
        return text
    }

    /// Checks that `text` has no control character besides tab, line feed
    /// and carriage return: none of U+0000–U+0008, U+000B, U+000C,
    /// U+000E–U+001F, U+007F (DEL) or U+0080–U+009F (C1).
    ///
    /// Every text reader calls it on the whole text before parsing, so a
    /// stray NUL cannot end a number early or hide the rest of a line.
    ///
    /// - Throws: `ModelFormatError` at the 1-based line (lines end as in
    ///   ``lines(_:)``) and column (in characters) of the first one:
    ///   `data.csv:2: column 4: control character U+0000 (NUL) is not allowed …`.
    static func checkCharacters(_ text: String, name: String) throws {
        var text = text  // `withUTF8` may make a bridged string contiguous
        guard let (line, column, scalar) = text.withUTF8({ bytes in
            firstControlCharacter(bytes).map { offset, scalar in
                let (line, column) = position(of: offset, in: bytes)
                return (line, column, scalar)
            }
        }) else { return }
        let code = "U+" + String(repeating: "0", count: max(0, 4 - String(scalar, radix: 16).count)) + String(scalar, radix: 16, uppercase: true)
        let label = scalar == 0 ? " (NUL)" : scalar == 0x7F ? " (DEL)" : ""
        throw ModelFormatError(file: name, line: line, message:
            "column \(column): control character \(code)\(label) is not allowed in a text file (only tab, line feed and carriage return are)")
    }

    /// The byte offset and scalar value of the first disallowed control
    /// character in the UTF-8 `bytes`, if any (see ``checkCharacters(_:name:)``).
    private static func firstControlCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, scalar: UInt32)? {
        // A plain loop over the buffer: the whole file passes through it.
        var offset = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte < 0x20 {
                if byte != 0x09 && byte != 0x0A && byte != 0x0D { return (offset, UInt32(byte)) }
            } else if byte == 0x7F {
                return (offset, 0x7F)
            } else if byte == 0xC2, offset + 1 < bytes.count, bytes[offset + 1] >= 0x80, bytes[offset + 1] <= 0x9F {
                // U+0080–U+009F are encoded C2 80 … C2 9F.
                return (offset, UInt32(bytes[offset + 1]))
            }
            offset += 1
        }
        return nil
    }

    /// The 1-based line (as ``lines(_:)`` counts them) and column (in
    /// characters) of byte `offset` of the UTF-8 `bytes`.
    private static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var previous: UInt8 = 0
        for byte in bytes[..<offset] {
            defer { previous = byte }
            switch byte {
            case UInt8(ascii: "\n") where previous == UInt8(ascii: "\r"):
                continue  // the second half of a CRLF
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                line += 1
                column = 1
            case 0x80...0xBF:
                continue  // a UTF-8 continuation byte: same character
            default:
                column += 1
            }
        }
        return (line, column)
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
