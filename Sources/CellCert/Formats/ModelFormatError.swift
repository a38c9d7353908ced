/// Why a model or input file cannot be read (or a network cannot be written).
///
/// The description is one line that names the file, then the place — a line
/// number for text formats (`.nnet`, `.csv`), a key path for JSON — then the
/// problem:
///
///     model.nnet:12: expected 5 numbers, found 4
///     net.json: layers[2].bias: expected 50 numbers, found 49
///     data.csv:7: column 3: 'nan' is not a finite number
///     x.nnet: no such file
public struct ModelFormatError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file as the user named it (or a label such as `--input` for inline text).
    public let file: String
    /// The 1-based line the problem was found on, for line-oriented formats.
    public let line: Int?
    /// The JSON key path of the offending value (e.g. `layers[2].bias`), for JSON.
    public let keyPath: String?
    /// What is wrong, without the location.
    public let message: String

    /// An error located in `file`, optionally at `line` or at `keyPath`.
    public init(file: String, line: Int? = nil, keyPath: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line: message`, `file: keyPath: message` or `file: message`.
    public var description: String {
        var prefix = file
        if let line { prefix += ":\(line)" }
        if let keyPath, !keyPath.isEmpty { prefix += ": \(keyPath)" }
        return "\(prefix): \(message)"
    }
}

extension ModelFormatError {
    /// A `NetworkError` raised while building the network described by `file`.
    init(file: String, wrapping error: NetworkError) {
        self.init(file: file, message: error.message)
    }
}
