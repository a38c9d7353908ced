/// A verification property in VNN-LIB (the SMT-LIB subset of VNN-COMP), read
/// by `VNNLib`.
///
/// **Semantics.** A VNN-LIB file describes the *unsafe* set: its assertions
/// are satisfiable (`sat`) iff a counterexample exists. Here the assertions
/// are put in the form
///
///     ⋁_r ( x ∈ regions[r].inputBox  ∧  ⋁_j ⋀_i  regions[r].outputConstraint.disjuncts[j][i](y) ),
///
/// where `x = (X_0, …, X_{d−1})` is the network input and `y = (Y_0, …, Y_{K−1})`
/// its output. The property *holds* (the network is safe, `unsat`) iff no input
/// in any region's box maps to an output satisfying that region's output
/// constraint. Almost every file has one region (one box, as ACAS Xu
/// properties 1–5, 7–10 and the MNIST robustness properties); ACAS Xu
/// property 6 has two.
///
/// Inputs and outputs are in the network's own units: for the VNN-COMP ACAS
/// Xu networks that is *normalised* inputs and raw outputs.
public struct VNNLibProperty: Equatable, Sendable {
    /// The number of declared inputs `X_i` (the network's input dimension `d`).
    public let inputCount: Int
    /// The number of declared outputs `Y_k` (the network's output count `K`).
    public let outputCount: Int
    /// The unsafe set is the union of these regions, in the order the file
    /// first produces them. Empty when the assertions are contradictory (the
    /// property holds trivially).
    public let regions: [Region]

    /// A property from its regions.
    public init(inputCount: Int, outputCount: Int, regions: [Region]) {
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.regions = regions
    }

    /// The input box when the property has exactly one region, else `nil`.
    ///
    /// An input the file leaves unbounded has bound `−∞` or `+∞`.
    public var inputBox: InputBox? { regions.count == 1 ? regions[0].inputBox : nil }

    /// The output constraint when the property has exactly one region, else `nil`.
    public var outputConstraint: OutputConstraint? { regions.count == 1 ? regions[0].outputConstraint : nil }

    /// Whether `input` with network output `output` lies in the unsafe set
    /// (is a counterexample): in some region's box, with `output` satisfying
    /// that region's output constraint.
    public func isCounterexample(input: [Double], output: [Double]) -> Bool {
        regions.contains { $0.contains(input) && $0.outputConstraint.isSatisfied(by: output) }
    }

    /// One part of the unsafe set: inputs in a box whose outputs satisfy a constraint.
    public struct Region: Equatable, Sendable {
        /// The closed input box (bounds may be infinite where the file gives none).
        public var inputBox: InputBox
        /// The condition on the outputs that makes an input of the box unsafe.
        public var outputConstraint: OutputConstraint
        /// An ℓ1 ball the inputs must also lie in (`nil`: the box alone). Not a
        /// VNN-LIB construct: the decision boundary's ℓ1 proofs pose their ball
        /// this way, so that `verify`'s input splitting drops the boxes that miss it.
        var inputBall: L1Ball?

        public init(inputBox: InputBox, outputConstraint: OutputConstraint) {
            self.inputBox = inputBox
            self.outputConstraint = outputConstraint
        }

        /// Whether `input` lies in the box (and certainly in the ball, if any).
        func contains(_ input: [Double]) -> Bool {
            inputBox.contains(input) && inputBall.map { $0.contains(input) } ?? true
        }
    }

    /// A disjunction of conjunctions of linear inequalities over the outputs.
    public struct OutputConstraint: Equatable, Sendable {
        /// `⋁_j ⋀_i disjuncts[j][i]`. An empty conjunction is true (every output
        /// is unsafe); an empty disjunction is false.
        public var disjuncts: [[OutputInequality]]

        public init(disjuncts: [[OutputInequality]]) { self.disjuncts = disjuncts }

        /// Whether `output` satisfies the constraint (evaluated in `Double`).
        public func isSatisfied(by output: [Double]) -> Bool {
            disjuncts.contains { $0.allSatisfy { $0.isSatisfied(by: output) } }
        }
    }

    /// `Σ_k coefficients[k] · Y_k  relation  constant`, e.g. `(<= Y_0 Y_1)` is
    /// `[1, −1, 0, …] ≤ 0` and `(>= Y_0 3.99)` is `[1, 0, …] ≥ 3.99`.
    public struct OutputInequality: Equatable, Sendable {
        /// One coefficient per output (`outputCount` entries).
        public var coefficients: [Double]
        /// How the combination compares with `constant`.
        public var relation: Relation
        /// The right-hand side.
        public var constant: Double

        public init(coefficients: [Double], relation: Relation, constant: Double) {
            self.coefficients = coefficients
            self.relation = relation
            self.constant = constant
        }

        /// Whether `output` satisfies the inequality (evaluated in `Double`).
        public func isSatisfied(by output: [Double]) -> Bool {
            var sum = 0.0
            for k in coefficients.indices where coefficients[k] != 0 { sum += coefficients[k] * output[k] }
            return relation.holds(sum, constant)
        }
    }

    /// A comparison operator of SMT-LIB.
    public enum Relation: String, Equatable, Sendable, CaseIterable {
        /// `<=`
        case lessOrEqual = "<="
        /// `>=`
        case greaterOrEqual = ">="
        /// `<`
        case less = "<"
        /// `>`
        case greater = ">"
        /// `=`
        case equal = "="

        /// `lhs relation rhs`.
        public func holds(_ lhs: Double, _ rhs: Double) -> Bool {
            switch self {
            case .lessOrEqual: lhs <= rhs
            case .greaterOrEqual: lhs >= rhs
            case .less: lhs < rhs
            case .greater: lhs > rhs
            case .equal: lhs == rhs
            }
        }

        /// The relation after multiplying both sides by a negative number.
        var flipped: Relation {
            switch self {
            case .lessOrEqual: .greaterOrEqual
            case .greaterOrEqual: .lessOrEqual
            case .less: .greater
            case .greater: .less
            case .equal: .equal
            }
        }
    }
}
