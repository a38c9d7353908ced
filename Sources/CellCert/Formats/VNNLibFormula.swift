/// The assertions of a VNN-LIB file as a formula over atomic constraints,
/// and its disjunctive normal form.
indirect enum VNNLibFormula: Sendable {
    /// One normalised comparison.
    case atom(VNNLibAtom)
    /// All of the parts.
    case and([VNNLibFormula])
    /// At least one of the parts.
    case or([VNNLibFormula])

    /// The largest number of conjunctions a formula may expand to.
    static let maximumTermCount = 100_000

    /// The formula as a disjunction of conjunctions of atoms (`[[atom]]`).
    ///
    /// - Throws: `VNNLibFormulaTooLarge` past `maximumTermCount` conjunctions.
    func disjunctiveNormalForm() throws -> [[VNNLibAtom]] {
        switch self {
        case .atom(let a):
            return [[a]]
        case .or(let parts):
            var terms: [[VNNLibAtom]] = []
            for part in parts {
                terms += try part.disjunctiveNormalForm()
                guard terms.count <= Self.maximumTermCount else { throw VNNLibFormulaTooLarge() }
            }
            return terms
        case .and(let parts):
            var terms: [[VNNLibAtom]] = [[]]
            for part in parts {
                let expansion = try part.disjunctiveNormalForm()
                if expansion.count == 1 {
                    for t in terms.indices { terms[t] += expansion[0] }
                    continue
                }
                guard terms.count * expansion.count <= Self.maximumTermCount else { throw VNNLibFormulaTooLarge() }
                terms = terms.flatMap { term in expansion.map { term + $0 } }
            }
            return terms
        }
    }
}

/// The disjunctive normal form would have too many terms.
struct VNNLibFormulaTooLarge: Error {}

/// A comparison after moving everything to one side, classified.
struct VNNLibAtom: Sendable {
    enum Kind: Sendable {
        /// `X_index relation value`.
        case inputBound(index: Int, relation: VNNLibProperty.Relation, value: Double)
        /// `Σ coefficients[k] · Y_k relation constant` (sparse coefficients).
        case output(coefficients: [Int: Double], relation: VNNLibProperty.Relation, constant: Double)
        /// A comparison of constants, already decided.
        case constant(Bool)
    }

    let kind: Kind
    /// The line the comparison is on.
    let line: Int
}

/// `Σ x[i]·X_i + Σ y[k]·Y_k + constant`: a term of a VNN-LIB comparison.
struct VNNLibLinearExpression: Sendable {
    var x: [Int: Double] = [:]
    var y: [Int: Double] = [:]
    var constant: Double = 0

    /// Whether the expression mentions no variable.
    var isConstant: Bool { x.isEmpty && y.isEmpty }

    static func + (a: Self, b: Self) -> Self {
        var r = a
        r.x.merge(b.x, uniquingKeysWith: +)
        r.y.merge(b.y, uniquingKeysWith: +)
        r.constant += b.constant
        return r
    }

    static prefix func - (a: Self) -> Self {
        VNNLibLinearExpression(x: a.x.mapValues { -$0 }, y: a.y.mapValues { -$0 }, constant: -a.constant)
    }

    static func - (a: Self, b: Self) -> Self { a + (-b) }

    /// Every coefficient and the constant multiplied by `factor`.
    func scaled(by factor: Double) -> Self {
        VNNLibLinearExpression(x: x.mapValues { $0 * factor }, y: y.mapValues { $0 * factor }, constant: constant * factor)
    }

    /// Every coefficient and the constant divided by `divisor` (non-zero).
    func divided(by divisor: Double) -> Self {
        VNNLibLinearExpression(x: x.mapValues { $0 / divisor }, y: y.mapValues { $0 / divisor }, constant: constant / divisor)
    }

    /// Without zero coefficients (e.g. after `Y_0 − Y_0`).
    var pruned: Self {
        VNNLibLinearExpression(x: x.filter { $0.value != 0 }, y: y.filter { $0.value != 0 }, constant: constant)
    }
}
