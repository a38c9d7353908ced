/// Why a program or an option set was rejected before any solver iteration.
///
/// These errors describe invalid *input*; solver outcomes (infeasible, limits,
/// numerical trouble) are ``QuadraticProgramStatus`` values instead. Every
/// `description` is a single line.
public enum QuadraticProgramError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The program has no variables.
    case emptyProgram
    /// An array has the wrong length (`what` names it).
    case dimensionMismatch(what: String, expected: Int, actual: Int)
    /// A coefficient or bound is NaN or ±∞ (`what` names it). A missing bound is spelled `nil`.
    case nonFiniteValue(what: String)
    /// Variable `variable` has `lower > upper`.
    case invalidBounds(variable: Int, lower: Double, upper: Double)
    /// `G[row][column] ≠ G[column][row]` beyond rounding (relative 1e-12 of the largest entry).
    case hessianNotSymmetric(row: Int, column: Int)
    /// The Cholesky factorisation `G = LLᵀ` broke down at `pivot`: the pivot was
    /// not above `n·ε·max_i G_ii`, so `G` is not (numerically) positive definite.
    case hessianNotPositiveDefinite(pivot: Int)
    /// A ``QuadraticProgramOptions`` field is out of range.
    case invalidOption(String)

    /// A one-line message naming the offending item.
    public var description: String {
        switch self {
        case .emptyProgram:
            return "quadratic program has no variables"
        case .dimensionMismatch(let what, let expected, let actual):
            return "\(what) has \(actual) entries, expected \(expected)"
        case .nonFiniteValue(let what):
            return "\(what) is NaN or infinite (use nil for a missing bound)"
        case .invalidBounds(let variable, let lower, let upper):
            return "variable \(variable): lower bound \(lower) exceeds upper bound \(upper)"
        case .hessianNotSymmetric(let row, let column):
            return "hessian is not symmetric: entries (\(row), \(column)) and (\(column), \(row)) differ"
        case .hessianNotPositiveDefinite(let pivot):
            return "hessian is not positive definite: Cholesky factorisation failed at pivot \(pivot)"
        case .invalidOption(let message):
            return "invalid quadratic program option: \(message)"
        }
    }
}
