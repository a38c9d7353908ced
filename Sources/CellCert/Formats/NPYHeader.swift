/// The header of a NumPy `.npy` file: the Python dictionary literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (100, 784), }`
/// (NEP 1, "A simple file format for NumPy arrays").
///
/// The parser accepts exactly the literals NumPy writes: a dictionary with
/// string keys, and string, `True`/`False` and tuple-of-integers values, in
/// single or double quotes, with optional trailing commas and whitespace.
struct NPYHeader: Equatable {
    /// The dtype string, e.g. `<f4`.
    var descr: String
    /// Whether the data is in Fortran (column-major) order.
    var fortranOrder: Bool
    /// The array's shape.
    var shape: [Int]

    /// A header error: the message, located at `header field '…'` or `header`.
    struct ParseError: Error {
        let location: String
        let message: String
    }

    /// Parses the header text.
    ///
    /// - Throws: `ParseError` for a syntax error (with the character offset),
    ///   a missing, repeated or unknown key, or a value of the wrong kind.
    static func parse(_ text: String) throws -> NPYHeader {
        var parser = Parser(characters: Array(text.unicodeScalars))
        let entries = try parser.dictionary()
        parser.skipSpace()
        guard parser.atEnd else { throw parser.error("unexpected text after the dictionary") }
        var descr: String?, fortran: Bool?, shape: [Int]?
        for (key, value) in entries {
            let field = "header field '\(key)'"
            switch key {
            case "descr":
                guard descr == nil else { throw ParseError(location: field, message: "appears twice") }
                switch value {
                case let .string(s): descr = s
                case .list: throw ParseError(location: field, message: "structured dtypes are not supported (give a plain numeric array)")
                default: throw ParseError(location: field, message: "expected a dtype string such as '<f4'")
                }
            case "fortran_order":
                guard fortran == nil else { throw ParseError(location: field, message: "appears twice") }
                guard case let .bool(b) = value else { throw ParseError(location: field, message: "expected True or False") }
                fortran = b
            case "shape":
                guard shape == nil else { throw ParseError(location: field, message: "appears twice") }
                guard case let .tuple(t) = value else { throw ParseError(location: field, message: "expected a tuple of integers") }
                shape = t
            default:
                throw ParseError(location: "header", message: "unexpected key '\(key)' (expected 'descr', 'fortran_order', 'shape')")
            }
        }
        guard let descr else { throw ParseError(location: "header", message: "the key 'descr' is missing") }
        guard let fortran else { throw ParseError(location: "header", message: "the key 'fortran_order' is missing") }
        guard let shape else { throw ParseError(location: "header", message: "the key 'shape' is missing") }
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    /// The header text NumPy would write (without padding).
    var literal: String {
        "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(DataArray.describe(shape: shape)), }"
    }

    /// A value of the header dictionary.
    private enum Value {
        case string(String), bool(Bool), tuple([Int]), list
    }

    /// A recursive-descent parser over the header's characters.
    private struct Parser {
        let characters: [Unicode.Scalar]
        var position = 0

        var atEnd: Bool { position >= characters.count }

        func error(_ message: String) -> ParseError {
            ParseError(location: "header", message: "character \(position): \(message)")
        }

        mutating func skipSpace() {
            while !atEnd, characters[position].properties.isWhitespace { position += 1 }
        }

        mutating func expect(_ c: Unicode.Scalar) throws {
            skipSpace()
            guard !atEnd, characters[position] == c else {
                throw error("expected '\(c)', found \(atEnd ? "the end of the header" : "'\(characters[position])'")")
            }
            position += 1
        }

        /// Consumes `c` if it comes next (after spaces).
        mutating func accept(_ c: Unicode.Scalar) -> Bool {
            skipSpace()
            if !atEnd, characters[position] == c { position += 1; return true }
            return false
        }

        mutating func dictionary() throws -> [(String, Value)] {
            try expect("{")
            var entries: [(String, Value)] = []
            while !accept("}") {
                let key = try string()
                try expect(":")
                entries.append((key, try value()))
                if !accept(",") {
                    try expect("}")
                    break
                }
            }
            return entries
        }

        mutating func string() throws -> String {
            skipSpace()
            guard !atEnd, characters[position] == "'" || characters[position] == "\"" else {
                throw error("expected a quoted string")
            }
            let quote = characters[position]
            position += 1
            var s = String.UnicodeScalarView()
            while !atEnd, characters[position] != quote {
                s.append(characters[position])
                position += 1
            }
            guard !atEnd else { throw error("unterminated string") }
            position += 1
            return String(s)
        }

        mutating func value() throws -> Value {
            skipSpace()
            guard !atEnd else { throw error("expected a value, found the end of the header") }
            let c = characters[position]
            if c == "'" || c == "\"" { return .string(try string()) }
            if c == "(" { return .tuple(try tuple()) }
            if c == "[" {
                try skipList()
                return .list
            }
            let word = identifier()
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            default: throw error("expected a string, True, False or a tuple, found '\(word)'")
            }
        }

        /// Skips a bracketed list (a structured dtype's description), strings and nested brackets included.
        mutating func skipList() throws {
            var depth = 0
            repeat {
                guard !atEnd else { throw error("unterminated list") }
                let c = characters[position]
                if c == "'" || c == "\"" {
                    _ = try string()
                    continue
                }
                if c == "[" || c == "(" { depth += 1 }
                if c == "]" || c == ")" { depth -= 1 }
                position += 1
            } while depth > 0
        }

        mutating func identifier() -> String {
            var s = String.UnicodeScalarView()
            while !atEnd, characters[position].properties.isAlphabetic || ("0"..."9").contains(characters[position])
                    || characters[position] == "_" || characters[position] == "-" {
                s.append(characters[position])
                position += 1
            }
            return String(s)
        }

        mutating func tuple() throws -> [Int] {
            try expect("(")
            var items: [Int] = []
            while !accept(")") {
                skipSpace()
                let start = position
                let word = identifier()
                let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
                guard let n = Int(digits), n >= 0 else {
                    position = start
                    throw error("expected a non-negative integer in the shape, found '\(word)'")
                }
                items.append(n)
                if !accept(",") {
                    try expect(")")
                    break
                }
            }
            return items
        }
    }
}
