/// Which inputs of a data set to use: explicit indices, or a half-open range
/// of rows, then at most `limit` of them.
///
/// Indices are 0-based rows of the file (after blank CSV lines are skipped).
/// With neither `indices` nor `range`, every row is selected.
public struct InputSelection: Equatable, Sendable {
    /// Explicit rows, in the order given (repeats allowed).
    public var indices: [Int]
    /// Rows `lowerBound ..< upperBound`; `upperBound` `nil` means to the end.
    public var range: (lower: Int, upper: Int?)?
    /// At most this many of the selected rows (the first ones).
    public var limit: Int?

    /// A selection; `indices` and `range` are exclusive (enforced by `indices(count:source:)`).
    public init(indices: [Int] = [], range: (lower: Int, upper: Int?)? = nil, limit: Int? = nil) {
        self.indices = indices
        self.range = range
        self.limit = limit
    }

    /// Equal indices, range and limit.
    public static func == (a: InputSelection, b: InputSelection) -> Bool {
        a.indices == b.indices && a.limit == b.limit && a.range?.lower == b.range?.lower && a.range?.upper == b.range?.upper
    }

    /// Parses `a..b` (rows `a, a+1, …, b−1`), `a..` (from `a` to the end) or
    /// `..b` (the first `b` rows); `a ≤ b`, both non-negative.
    ///
    /// - Throws: `InputSelection.SyntaxError` with a one-line message.
    public static func parseRange(_ text: String) throws -> (lower: Int, upper: Int?) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].isEmpty else {
            throw SyntaxError(message: "'\(text)' is not a range: write a..b (rows a to b−1), a.. or ..b")
        }
        let lower = parts[0].isEmpty ? 0 : Int(parts[0])
        let upper = parts[2].isEmpty ? nil : Int(parts[2])
        guard let lower, lower >= 0, parts[2].isEmpty || (upper.map { $0 >= 0 } ?? false) else {
            throw SyntaxError(message: "'\(text)' is not a range of non-negative integers: write a..b (rows a to b−1), a.. or ..b")
        }
        if let upper, upper < lower {
            throw SyntaxError(message: "the range \(text) is reversed (\(lower) > \(upper))")
        }
        return (lower, upper)
    }

    /// A malformed `--range`.
    public struct SyntaxError: Error, CustomStringConvertible {
        /// What is wrong.
        public let message: String
        /// The message.
        public var description: String { message }
    }

    /// The selected rows of a data set of `count` rows read from `source`.
    ///
    /// - Throws: `ModelFormatError` (naming `source`) when both indices and a
    ///   range are given, an index is out of range, the range goes past the
    ///   last row, or nothing is selected.
    public func indices(count: Int, source: String) throws -> [Int] {
        var chosen: [Int]
        if let range {
            guard indices.isEmpty else {
                throw ModelFormatError(file: source, message: "give either indices or a range of inputs, not both")
            }
            let upper = range.upper ?? count
            guard upper <= count, range.lower <= upper else {
                throw ModelFormatError(file: source, message:
                    "the range \(range.lower)..\(range.upper.map(String.init) ?? "") goes past the last input (\(count) \(count == 1 ? "input" : "inputs"), indices 0…\(count - 1))")
            }
            chosen = Array(range.lower..<upper)
        } else if !indices.isEmpty {
            if let bad = indices.first(where: { !(0..<count).contains($0) }) {
                throw ModelFormatError(file: source, message:
                    "input index \(bad) is out of range (\(count) \(count == 1 ? "input" : "inputs"), indices 0…\(count - 1))")
            }
            chosen = indices
        } else {
            chosen = Array(0..<count)
        }
        if let limit { chosen = Array(chosen.prefix(max(limit, 0))) }
        guard !chosen.isEmpty else {
            throw ModelFormatError(file: source, message: "the selection holds no input")
        }
        return chosen
    }
}
