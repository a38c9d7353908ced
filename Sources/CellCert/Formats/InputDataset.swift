import Foundation

/// Inputs to certify, one per row, with optional integer class labels.
///
/// Read from a CSV file (`read(contentsOf:labelColumn:scale:dimension:)`) or
/// parsed from one inline input (`parseInline`, for `--input 0.1,0.2,…`).
/// Values are in raw input units, after division by `scale`.
public struct InputDataset: Equatable, Sendable {
    /// Where the label sits in each CSV row.
    public enum LabelColumn: Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// The first value of each row is the label (e.g. ERAN's MNIST CSV).
        case first
        /// The last value of each row is the label (e.g. scikit-learn exports).
        case last
        /// Every value is an input coordinate; there are no labels.
        case none
        /// The column of a CSV header row with this name.
        case named(String)

        /// The positional choices (`named` takes any header name).
        public static var allCases: [LabelColumn] { [.first, .last, .none] }

        /// `first`, `last`, `none`, or else the name of a header column.
        public init(_ text: String) {
            switch text {
            case "first": self = .first
            case "last": self = .last
            case "none": self = .none
            default: self = .named(text)
            }
        }

        /// The option's spelling: `first`, `last`, `none` or the column name.
        public var description: String {
            switch self {
            case .first: return "first"
            case .last: return "last"
            case .none: return "none"
            case let .named(name): return name
            }
        }
    }

    /// Whether the first row of a CSV file names the columns.
    public enum HeaderRow: String, CaseIterable, Sendable {
        /// The first non-blank row is a header.
        case yes
        /// Every row is data (a non-numeric first row is an error).
        case no
        /// The first non-blank row is a header when one of its fields is not a number.
        case auto
    }

    /// The file the data came from, as named by the user (used in messages).
    public let source: String
    /// The inputs, all of the same length.
    public let inputs: [[Double]]
    /// The label of each input, when the file has a label column.
    public let labels: [Int]?
    /// The file the labels came from (`source` for a label column, the
    /// labels file for `--labels`), for messages; `nil` without labels.
    public let labelSource: String?
    /// The CSV header row as read (label column included), `nil` without one.
    public let header: [String]?
    /// The name of each input coordinate (the header without the label
    /// column), `nil` without a header.
    public let featureNames: [String]?

    /// A data set; `labels`, when given, has one entry per input and comes
    /// from `labelSource` (default: `source`); `header` and `featureNames` come from a CSV header row.
    public init(source: String, inputs: [[Double]], labels: [Int]? = nil, labelSource: String? = nil,
                header: [String]? = nil, featureNames: [String]? = nil) {
        precondition(labels == nil || labels!.count == inputs.count, "one label per input")
        self.header = header
        self.featureNames = featureNames
        self.source = source
        self.inputs = inputs
        self.labels = labels
        self.labelSource = labels == nil ? nil : labelSource ?? source
    }

    /// Number of inputs.
    public var count: Int { inputs.count }
    /// Number of coordinates of each input (0 for an empty data set).
    public var dimension: Int { inputs.first?.count ?? 0 }

    /// Reads the CSV file at `url`: one input per line, values separated by
    /// commas (spaces around them allowed), blank lines ignored, and a header
    /// row of column names as `header` says.
    ///
    /// - Parameters:
    ///   - labelColumn: where each row's label is (a header name needs a
    ///     header row); labels are non-negative integers (`7` or `7.0`) and are not scaled.
    ///   - header: whether the first non-blank row names the columns (default: no).
    ///   - scale: every input value is divided by it (e.g. `255` for pixels);
    ///     must be finite and positive.
    ///   - dimension: the number of input values per row (without the label);
    ///     `nil` takes it from the first row.
    /// - Throws: `ModelFormatError` with the line (and column) of a row of the
    ///   wrong width, an empty or non-numeric value (a header row that is not
    ///   read as one included), NaN or infinity, a bad label, a label column
    ///   name the header lacks, or a control character; for a missing or empty file.
    public static func read(contentsOf url: URL, labelColumn: LabelColumn, header: HeaderRow = .no, scale: Double = 1,
                            dimension: Int? = nil) throws -> InputDataset {
        let name = TextFile.displayName(of: url)
        return try parseCSV(TextFile.read(url, name: name), name: name, labelColumn: labelColumn, header: header,
                            scale: scale, dimension: dimension)
    }

    /// Parses CSV text; `name` labels error messages. See `read(contentsOf:labelColumn:header:scale:dimension:)`.
    public static func parseCSV(_ text: String, name: String = "<csv>", labelColumn: LabelColumn, header: HeaderRow = .no,
                                scale: Double = 1, dimension: Int? = nil) throws -> InputDataset {
        try checkScale(scale, name: name)
        try TextFile.checkCharacters(text, name: name)
        let labelCount = labelColumn == .none ? 0 : 1
        var width = dimension.map { $0 + labelCount }
        var inputs: [[Double]] = []
        var labels: [Int] = []
        var names: [String]? = nil
        var namedLabelIndex: Int? = nil
        for (index, line) in TextFile.lines(text).enumerated() {
            let lineNumber = index + 1
            guard !TextFile.trimmed(line).isEmpty else { continue }
            let fields = TextFile.fields(line)
            if inputs.isEmpty, names == nil, isHeader(fields, mode: header) {
                let row = fields.map(headerName)
                names = row
                if case let .named(wanted) = labelColumn {
                    guard let k = row.firstIndex(of: wanted) else {
                        throw ModelFormatError(file: name, line: lineNumber, message:
                            "no column named '\(wanted)' in the header (\(row.prefix(8).joined(separator: ", "))\(row.count > 8 ? ", …" : ""))")
                    }
                    namedLabelIndex = k
                }
                if let w = width, row.count != w {
                    throw ModelFormatError(file: name, line: lineNumber, message: "the header names \(row.count) columns, expected \(w)"
                                               + widthHint(found: row.count, dimension: dimension, labelColumn: labelColumn))
                }
                width = row.count
                continue
            }
            if case let .named(wanted) = labelColumn, names == nil {
                throw ModelFormatError(file: name, line: lineNumber, message:
                    "--label-column \(wanted) names a header column, but the file has no header row (give --header yes, or first/last)")
            }
            let expected = width ?? fields.count
            guard fields.count == expected else {
                throw ModelFormatError(file: name, line: lineNumber,
                                       message: "expected \(expected) values, found \(fields.count)"
                                           + widthHint(found: fields.count, dimension: dimension, labelColumn: labelColumn))
            }
            guard expected > labelCount else {
                throw ModelFormatError(file: name, line: lineNumber,
                                       message: "a row needs at least one input value besides the label")
            }
            width = expected
            let labelIndex: Int? = switch labelColumn {
            case .first: 0
            case .last: fields.count - 1
            case .none: nil
            case .named: namedLabelIndex
            }
            var input: [Double] = []
            input.reserveCapacity(fields.count - labelCount)
            for (k, field) in fields.enumerated() {
                let value = try Self.value(field, name: name, line: lineNumber, column: k + 1)
                if k == labelIndex {
                    guard value >= 0, value == value.rounded(), value <= Double(Int32.max) else {
                        throw ModelFormatError(file: name, line: lineNumber,
                                               message: "column \(k + 1): label '\(field)' is not a non-negative integer")
                    }
                    labels.append(Int(value))
                } else {
                    input.append(value / scale)
                }
            }
            inputs.append(input)
        }
        guard !inputs.isEmpty else {
            throw ModelFormatError(file: name, message: names == nil ? "no inputs (the file is empty)" : "no inputs below the header row")
        }
        let featureNames = names.map { row -> [String] in
            let labelIndex: Int? = switch labelColumn {
            case .first: 0
            case .last: row.count - 1
            case .none: nil
            case .named: namedLabelIndex
            }
            return row.enumerated().filter { $0.offset != labelIndex }.map(\.element)
        }
        return InputDataset(source: name, inputs: inputs, labels: labelColumn == .none ? nil : labels,
                            header: names, featureNames: featureNames)
    }

    /// Whether `fields`, the first non-blank row, is a header under `mode`:
    /// always for `.yes`, never for `.no`, and for `.auto` when some field is
    /// neither a number nor empty.
    static func isHeader(_ fields: [Substring], mode: HeaderRow) -> Bool {
        switch mode {
        case .yes: return true
        case .no: return false
        case .auto: return fields.contains { !$0.isEmpty && TextFile.number($0) == nil }
        }
    }

    /// A header field without surrounding double quotes.
    static func headerName(_ field: Substring) -> String {
        field.count >= 2 && field.first == "\"" && field.last == "\"" ? String(field.dropFirst().dropLast()) : String(field)
    }

    /// One input written inline, `v1,v2,…` (commas, optional spaces), each value
    /// divided by `scale`; `name` labels error messages (e.g. `--input`).
    ///
    /// - Throws: `ModelFormatError` for an empty input, an empty or
    ///   non-numeric value, NaN or infinity, a control character, or a wrong
    ///   count when `dimension` is given.
    public static func parseInline(_ text: String, name: String = "--input", scale: Double = 1,
                                   dimension: Int? = nil) throws -> [Double] {
        try checkScale(scale, name: name)
        try TextFile.checkCharacters(text, name: name)
        guard !TextFile.trimmed(Substring(text)).isEmpty else {
            throw ModelFormatError(file: name, message: "no values")
        }
        let fields = TextFile.fields(Substring(text))
        if let dimension, fields.count != dimension {
            throw ModelFormatError(file: name, message: "expected \(dimension) values, found \(fields.count)"
                                       + (fields.count == dimension + 1 ? " (one more than the model's \(dimension) inputs)" : ""))
        }
        return try fields.enumerated().map { k, field in
            try value(field, name: name, line: nil, column: k + 1) / scale
        }
    }

    /// The inputs (and labels) at `indices` (0-based), in that order.
    ///
    /// - Throws: `ModelFormatError` naming the first index outside `0..<count`.
    public func selecting(_ indices: [Int]) throws -> InputDataset {
        if let bad = indices.first(where: { !inputs.indices.contains($0) }) {
            throw ModelFormatError(file: source, message:
                "input index \(bad) is out of range (\(count) \(count == 1 ? "input" : "inputs"), indices 0…\(count - 1))")
        }
        return InputDataset(source: source, inputs: indices.map { inputs[$0] }, labels: labels.map { l in indices.map { l[$0] } },
                            labelSource: labelSource, header: header, featureNames: featureNames)
    }

    private static func checkScale(_ scale: Double, name: String) throws {
        guard scale.isFinite, scale > 0 else {
            throw ModelFormatError(file: name, message: "the scale must be a finite positive number, found \(scale)")
        }
    }

    private static func value(_ field: Substring, name: String, line: Int?, column: Int) throws -> Double {
        guard !field.isEmpty else {
            throw ModelFormatError(file: name, line: line, message: "column \(column): empty value")
        }
        guard let v = TextFile.number(field) else {
            let hint = line == 1 ? " (if the first row is a header, give --header yes or --header auto)" : ""
            throw ModelFormatError(file: name, line: line, message: "column \(column): '\(field)' is not a number\(hint)")
        }
        guard v.isFinite else {
            throw ModelFormatError(file: name, line: line, message: "column \(column): '\(field)' is not a finite number")
        }
        return v
    }
}
