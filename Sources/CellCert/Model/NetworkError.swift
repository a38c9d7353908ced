/// Why a network description is not a valid network.
public struct NetworkError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong, in one line.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
