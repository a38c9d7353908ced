/// A formula of a VNN-LIB file's assertions in disjunctive normal form: a
/// disjunction of conjunctions of atomic constraints.
///
/// Built bottom-up (`init(atom:)`, `and`, `or`) as the assertions are read,
/// so no tree of formulas exists: nothing recurses over the nesting.
/// `(and)` is true (one empty conjunction), `(or)` false (no conjunction).
struct VNNLibFormula: Sendable {
    /// The conjunctions; the formula holds iff one of them does.
    private(set) var terms: [[VNNLibAtom]]
    /// The number of atoms in all conjunctions together.
    private(set) var atomCount: Int

    /// The largest number of conjunctions a formula may expand to.
    static let maximumTermCount = 100_000

    /// The largest number of atoms, summed over all conjunctions, a formula
    /// may expand to: `2^22` (about 160 MiB). A few lines of `(or …)` can
    /// multiply a long conjunction many times; real properties stay below
    /// `10^5`. To raise it, change it here and rebuild.
    static let maximumAtomCount = 1 << 22

    /// The formula that is just `atom`.
    init(atom: VNNLibAtom) {
        self.init(conjunction: [atom])
    }

    /// The conjunction of `atoms`.
    init(conjunction atoms: [VNNLibAtom]) {
        terms = [atoms]
        atomCount = atoms.count
    }

    private init(terms: [[VNNLibAtom]], atomCount: Int) {
        self.terms = terms
        self.atomCount = atomCount
    }

    /// `⋁ parts`: the conjunctions of every part.
    ///
    /// - Throws: `VNNLibFormulaTooLarge` past `maximumTermCount` conjunctions
    ///   or `maximumAtomCount` atoms, before building them.
    static func or(_ parts: [VNNLibFormula]) throws(VNNLibFormulaTooLarge) -> VNNLibFormula {
        var result = VNNLibFormula(terms: [], atomCount: 0)
        for part in parts {
            try check(terms: result.terms.count + part.terms.count, atoms: result.atomCount + part.atomCount)
            result.terms += part.terms
            result.atomCount += part.atomCount
        }
        return result
    }

    /// `⋀ parts`, distributed: one conjunction for every choice of one
    /// conjunction from each part.
    ///
    /// - Throws: `VNNLibFormulaTooLarge` past `maximumTermCount` conjunctions
    ///   or `maximumAtomCount` atoms, before building them.
    static func and(_ parts: [VNNLibFormula]) throws(VNNLibFormulaTooLarge) -> VNNLibFormula {
        var result = VNNLibFormula(terms: [[]], atomCount: 0)
        for part in parts {
            // Every conjunction is joined with every conjunction of the part. All
            // counts are already within the limits, so these products fit an `Int`.
            let count = result.terms.count * part.terms.count
            let atoms = part.terms.count * result.atomCount + result.terms.count * part.atomCount
            try check(terms: count, atoms: atoms)
            if part.terms.count == 1 {
                for t in result.terms.indices { result.terms[t] += part.terms[0] }
            } else {
                result.terms = result.terms.flatMap { term in part.terms.map { term + $0 } }
            }
            result.atomCount = atoms
        }
        return result
    }

    private static func check(terms: Int, atoms: Int) throws(VNNLibFormulaTooLarge) {
        guard terms <= maximumTermCount else { throw VNNLibFormulaTooLarge(what: "more than \(maximumTermCount) cases") }
        guard atoms <= maximumAtomCount else {
            throw VNNLibFormulaTooLarge(what: "more than \(FormatLimits.describe(maximumAtomCount)) comparisons in all cases together")
        }
    }
}

/// The disjunctive normal form would be too large.
struct VNNLibFormulaTooLarge: Error {
    /// What the formula would expand to: "more than 100000 cases".
    let what: String
}

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

    /// Whether every coefficient and the constant are finite (not infinite, not NaN).
    var isFinite: Bool {
        constant.isFinite && x.values.allSatisfy(\.isFinite) && y.values.allSatisfy(\.isFinite)
    }

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
