/// Why a program, an option set or a session call was rejected before any GLPK call.
///
/// These errors describe invalid *input*; solver outcomes (infeasible, unbounded,
/// numerical trouble, limits) are reported as ``SolverStatus`` values instead.
/// Every `description` is a single line.
public enum LinearProgramError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The program has no variables.
    case emptyProblem
    /// A size exceeds what GLPK (or its 32-bit indices) can hold.
    case problemTooLarge(String)
    /// An array has the wrong length (`what` names it).
    case dimensionMismatch(what: String, expected: Int, actual: Int)
    /// A coefficient or bound is NaN or ±∞ (`what` names it). Unbounded sides are spelled `nil`.
    case nonFiniteValue(what: String)
    /// A non-zero coefficient or bound lies outside ``LinearProgram/safeMagnitudes``,
    /// where GLPK's scaling and factorisation overflow or abort (`what` names it).
    case badlyScaled(what: String, value: Double)
    /// A bound pair has `lower > upper` (`what` names it).
    case invalidBounds(what: String, lower: Double, upper: Double)
    /// A 0-based row, column or integer-variable index is outside `0..<count`.
    case indexOutOfRange(what: String, index: Int, count: Int)
    /// A ``SolverOptions`` field is out of range.
    case invalidOption(String)
    /// A ``SimplexSession`` was used on a thread other than the one that created it.
    case wrongThread

    /// A one-line message naming the offending item, for logs and command-line errors.
    public var description: String {
        switch self {
        case .emptyProblem:
            return "linear program has no variables"
        case .problemTooLarge(let message):
            return message
        case .dimensionMismatch(let what, let expected, let actual):
            return "\(what) has \(actual) entries, expected \(expected)"
        case .nonFiniteValue(let what):
            return "\(what) is NaN or infinite"
        case .badlyScaled(let what, let value):
            return "\(what) is \(value), outside the range GLPK handles safely "
                + "(magnitudes \(LinearProgram.safeMagnitudes.lowerBound) to \(LinearProgram.safeMagnitudes.upperBound))"
        case .invalidBounds(let what, let lower, let upper):
            return "\(what): lower bound \(lower) exceeds upper bound \(upper)"
        case .indexOutOfRange(let what, let index, let count):
            return "\(what) index \(index) is out of range 0..<\(count)"
        case .invalidOption(let message):
            return "invalid solver option: \(message)"
        case .wrongThread:
            return "GLPK problem used on a thread other than the one that created it"
        }
    }
}
