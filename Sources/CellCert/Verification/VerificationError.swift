/// Why a MILP query (minimal distortion, VNN-LIB verification) cannot be posed:
/// an unsupported norm or activation, an unbounded input region, sizes that do
/// not match. Solver outcomes are results, not errors.
public struct VerificationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong, in one line.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
