/// The constraints of a validated ``QuadraticProgram`` in the solver's form
/// `n · y ≥ β`, flattened for fast evaluation: general rows row-major in one
/// array each, bounds as `±∞`-padded vectors (a bound's normal `±e_k` is never
/// materialised).
struct ConstraintRows {
    let dimension: Int
    let equalityCount: Int
    let inequalityCount: Int
    /// `e_i`, row-major `equalityCount × n`.
    let equalityCoefficients: [Double]
    let equalityBounds: [Double]
    let equalityLengths: [Double]
    /// `c_j`, row-major `inequalityCount × n`.
    let inequalityCoefficients: [Double]
    let inequalityBounds: [Double]
    let inequalityLengths: [Double]
    /// `l_k`, `−∞` where there is none.
    let lower: [Double]
    /// `u_k`, `+∞` where there is none.
    let upper: [Double]

    init(_ program: QuadraticProgram) {
        let n = program.dimension
        dimension = n
        equalityCount = program.equalities.count
        inequalityCount = program.inequalities.count
        equalityCoefficients = program.equalities.flatMap(\.coefficients)
        equalityBounds = program.equalities.map(\.bound)
        equalityLengths = program.equalities.map { Self.length($0.coefficients) }
        inequalityCoefficients = program.inequalities.flatMap(\.coefficients)
        inequalityBounds = program.inequalities.map(\.bound)
        inequalityLengths = program.inequalities.map { Self.length($0.coefficients) }
        lower = program.lowerBounds.isEmpty
            ? Array(repeating: -.infinity, count: n) : program.lowerBounds.map { $0 ?? -.infinity }
        upper = program.upperBounds.isEmpty
            ? Array(repeating: .infinity, count: n) : program.upperBounds.map { $0 ?? .infinity }
    }

    /// The number of constraints, counting each finite bound side once.
    var constraintCount: Int {
        equalityCount + inequalityCount
            + lower.reduce(0) { $0 + ($1.isFinite ? 1 : 0) } + upper.reduce(0) { $0 + ($1.isFinite ? 1 : 0) }
    }

    /// `‖n‖₂` of the constraint's row (1 for a bound).
    func length(of constraint: QuadraticProgramConstraint) -> Double {
        switch constraint {
        case .equality(let i): return equalityLengths[i]
        case .inequality(let j): return inequalityLengths[j]
        case .lowerBound, .upperBound: return 1
        }
    }

    /// `β` of the constraint written as `n · y ≥ β` (for an equality: `f_i`).
    func bound(of constraint: QuadraticProgramConstraint) -> Double {
        switch constraint {
        case .equality(let i): return equalityBounds[i]
        case .inequality(let j): return inequalityBounds[j]
        case .lowerBound(let k): return lower[k]
        case .upperBound(let k): return -upper[k]
        }
    }

    /// `n · y − β` (for an equality: `e_i · y − f_i`).
    func slack(of constraint: QuadraticProgramConstraint, at y: UnsafePointer<Double>) -> Double {
        let n = dimension
        switch constraint {
        case .equality(let i):
            return equalityCoefficients.withUnsafeBufferPointer { dot($0.baseAddress! + i * n, y, n) }
                - equalityBounds[i]
        case .inequality(let j):
            return inequalityCoefficients.withUnsafeBufferPointer { dot($0.baseAddress! + j * n, y, n) }
                - inequalityBounds[j]
        case .lowerBound(let k): return y[k] - lower[k]
        case .upperBound(let k): return upper[k] - y[k]
        }
    }

    /// The violation threshold `τ · max(‖n‖₂ · max(1, ‖y‖∞), |β|)` of
    /// ``QuadraticProgramOptions/feasibilityTolerance``, for `scale = max(1, ‖y‖∞)`.
    func tolerance(of constraint: QuadraticProgramConstraint, relative tau: Double, scale: Double) -> Double {
        tau * max(length(of: constraint) * scale, abs(bound(of: constraint)))
    }

    /// `‖n‖∞` of the constraint's row (1 for a bound), for the stationarity scale.
    func maximumMagnitude(of constraint: QuadraticProgramConstraint) -> Double {
        let n = dimension
        switch constraint {
        case .equality(let i): return equalityCoefficients[(i * n)..<((i + 1) * n)].reduce(0) { max($0, abs($1)) }
        case .inequality(let j): return inequalityCoefficients[(j * n)..<((j + 1) * n)].reduce(0) { max($0, abs($1)) }
        case .lowerBound, .upperBound: return 1
        }
    }

    /// `result += α · n` for the constraint's row `n` (`+e_k` lower, `−e_k` upper).
    func addMultiple(_ alpha: Double, of constraint: QuadraticProgramConstraint, to result: inout [Double]) {
        let n = dimension
        switch constraint {
        case .equality(let i):
            for c in 0..<n { result[c] += alpha * equalityCoefficients[i * n + c] }
        case .inequality(let j):
            for c in 0..<n { result[c] += alpha * inequalityCoefficients[j * n + c] }
        case .lowerBound(let k): result[k] += alpha
        case .upperBound(let k): result[k] -= alpha
        }
    }

    /// Loads the constraint's normal times `sign` into `factorization` (`d = Jᵀn⁺`).
    func load(_ constraint: QuadraticProgramConstraint, sign: Double, into factorization: ActiveSetFactorization) {
        let n = dimension
        switch constraint {
        case .equality(let i):
            equalityCoefficients.withUnsafeBufferPointer {
                factorization.loadNormal(row: $0.baseAddress! + i * n, sign: sign)
            }
        case .inequality(let j):
            inequalityCoefficients.withUnsafeBufferPointer {
                factorization.loadNormal(row: $0.baseAddress! + j * n, sign: sign)
            }
        case .lowerBound(let k): factorization.loadNormal(unit: k, sign: sign)
        case .upperBound(let k): factorization.loadNormal(unit: k, sign: -sign)
        }
    }

    private static func length(_ row: [Double]) -> Double {
        // Scaled so that huge or tiny coefficients neither overflow nor underflow.
        let scale = row.reduce(0) { max($0, abs($1)) }
        guard scale > 0 else { return 0 }
        return scale * row.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
    }
}
