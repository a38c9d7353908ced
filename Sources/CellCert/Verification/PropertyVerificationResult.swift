/// The answer of ``Network/verify(_:timeLimitSeconds:)`` to a VNN-LIB query.
public struct PropertyVerificationResult: Sendable, Encodable {
    /// VNN-COMP's answers. The property file describes the *unsafe* set.
    public enum Answer: String, Sendable, Encodable {
        /// A counterexample exists; one is reported, checked by a forward pass.
        case sat
        /// No input of the regions reaches an unsafe output: every box ruled out by
        /// rigorous symbolic bounds (exact arithmetic, outward rounded) or, for the
        /// boxes they cannot settle, by an infeasible MILP proven again by LP
        /// branch and bound with safe dual bounds (see Docs/verification.md).
        case unsat
        /// The time limit stopped the search before an answer.
        case timeout
        /// A solver failure, or a MILP point that no forward pass could confirm.
        case unknown
    }

    public let answer: Answer
    /// The checked counterexample when `answer == .sat`.
    public let counterexample: Counterexample?
    /// Feasibility MILPs solved (for boxes the bounds could not settle, plus re-solves with a margin).
    public let mixedIntegerProgramsSolved: Int
    /// Bound-tightening LPs solved.
    public let linearProgramsSolved: Int
    /// Input boxes examined: by the bound search (the regions and the halves
    /// they were split into) and by the MILP search.
    public let boxes: Int
    /// Wall-clock seconds.
    public let seconds: Double
    /// Why the answer is `timeout` or `unknown`, in one line.
    public let note: String?

    enum CodingKeys: String, CodingKey {
        case answer, counterexample, boxes, seconds, note
        case mixedIntegerProgramsSolved = "milpsSolved"
        case linearProgramsSolved = "lpsSolved"
    }

    /// Every key is written; `counterexample` and `note` are `null` when they
    /// have no value (as in `certify` and `table`'s JSON).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(answer, forKey: .answer)
        try container.encode(counterexample, forKey: .counterexample)
        try container.encode(mixedIntegerProgramsSolved, forKey: .mixedIntegerProgramsSolved)
        try container.encode(linearProgramsSolved, forKey: .linearProgramsSolved)
        try container.encode(boxes, forKey: .boxes)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(note, forKey: .note)
    }
}

/// An input in a property's unsafe set, with the network's output there.
public struct Counterexample: Sendable, Equatable, Encodable {
    /// `X_0 … X_{d−1}`.
    public let input: [Double]
    /// `Y_0 … Y_{K−1}`, from the forward pass at `input`.
    public let output: [Double]

    public init(input: [Double], output: [Double]) {
        self.input = input
        self.output = output
    }

    /// VNN-COMP's counterexample text `((X_0 v)\n (X_1 v)\n … (Y_0 v)\n …)`, every
    /// value written with the shortest decimal that reads back to the same `Double`.
    public var vnncompText: String {
        let atoms = input.enumerated().map { "(X_\($0.offset) \($0.element))" }
            + output.enumerated().map { "(Y_\($0.offset) \($0.element))" }
        return "(" + atoms.joined(separator: "\n ") + ")"
    }
}
