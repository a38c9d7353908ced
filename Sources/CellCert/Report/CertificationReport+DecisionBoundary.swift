extension CertificationReport {
    /// A verified adversarial input (Docs/json-output.md).
    public struct Witness: Encodable, Sendable {
        /// The input, raw units.
        public let point: [Double]
        /// Its class, different from the input's.
        public let predictedClass: Int
        /// `‖point − x‖_p`.
        public let distance: Double
        /// The network's outputs at `point`.
        public let outputs: [Double]

        enum CodingKeys: String, CodingKey {
            case point, predictedClass = "class", distance, outputs
        }
    }

    /// `R_p(x)` and how it was found (Docs/json-output.md, `decisionBoundary`).
    public struct DecisionBoundary: Encodable, Sendable {
        public let norm: Norm
        /// `R_p(x)` when `status` is `exact` (JSON `null` otherwise, or when no input of the domain changes class).
        public let distance: Double?
        /// JSON `null` when infinite (no input of the domain changes class).
        public let lower: Double?
        /// JSON `null` when no witness is known.
        public let upper: Double?
        public let status: DecisionBoundaryResult.Status
        public let method: DecisionBoundaryResult.Method
        public let cellsExplored: Int
        public let lpsSolved: Int
        public let seconds: Double
        public let witness: Witness?
        /// Why the status is not `exact`, or `noBoundaryInDomain` facts; JSON `null` otherwise.
        public let note: String?

        enum CodingKeys: String, CodingKey {
            case norm, distance, lower, upper, status, method, cellsExplored, lpsSolved, seconds, witness, note
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(norm, forKey: .norm)
            try c.encode(distance, forKey: .distance)
            try c.encode(lower, forKey: .lower)
            try c.encode(upper, forKey: .upper)
            try c.encode(status, forKey: .status)
            try c.encode(method, forKey: .method)
            try c.encode(cellsExplored, forKey: .cellsExplored)
            try c.encode(lpsSolved, forKey: .lpsSolved)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(witness, forKey: .witness)
            try c.encode(note, forKey: .note)
        }
    }
}

extension CertificationReport.DecisionBoundary {
    /// The report of one search or MILP result.
    public init(_ result: DecisionBoundaryResult) {
        let finite: (Double) -> Double? = { $0.isFinite ? $0 : nil }
        var note = result.note
        if result.status == .exact, result.distance == .infinity {
            note = note ?? "no input of the domain is classified differently"
        }
        self.init(norm: result.norm, distance: result.distance.flatMap(finite), lower: finite(result.lower),
                  upper: finite(result.upper), status: result.status, method: result.method,
                  cellsExplored: result.cellsExplored, lpsSolved: result.linearProgramsSolved,
                  seconds: result.seconds,
                  witness: result.witness.map {
                      CertificationReport.Witness(point: $0.point, predictedClass: $0.predictedClass,
                                                  distance: $0.distance, outputs: $0.outputs)
                  },
                  note: note)
    }
}
