/// The outcome of one instance of a list (`cellcert verify --instances`): one
/// row of the result table and, as compact JSON, one line of a streamed run
/// (Docs/cli.md, "verify lines").
public struct InstanceResult: Codable, Equatable, Sendable {
    /// VNN-COMP's answers, and `error` for an instance that could not be run.
    public enum Answer: String, Codable, CaseIterable, Sendable {
        /// A counterexample exists; it is in `counterexample`, checked by a forward pass.
        case sat
        /// No input of the property's regions reaches its unsafe outputs.
        case unsat
        /// The instance's time limit was reached first.
        case timeout
        /// A solver failure, or a point no forward pass could confirm (`note` says which).
        case unknown
        /// The model or property could not be read, or they do not fit (`note` names the file and the problem).
        case error

        /// The verifier's answer.
        public init(_ answer: PropertyVerificationResult.Answer) {
            switch answer {
            case .sat: self = .sat
            case .unsat: self = .unsat
            case .timeout: self = .timeout
            case .unknown: self = .unknown
            }
        }
    }

    /// The instance's 0-based position in the list.
    public let index: Int
    /// The model as the list names it.
    public let onnx: String
    /// The property as the list names it.
    public let vnnlib: String
    /// The answer.
    public let result: Answer
    /// Wall-clock seconds of the instance: reading the model and the property, then verifying.
    public var seconds: Double
    /// The time limit the instance ran with (its own timeout, or the smaller `--timeout`).
    public let timeout: Double
    /// For `sat`: the counterexample, input and output; absent otherwise.
    public let counterexample: Counterexample?
    /// One line: why `timeout` or `unknown`, or the error; absent for `sat` and `unsat`.
    public let note: String?

    /// The result of `instance` with its answer and what goes with it.
    public init(_ instance: VerificationInstance, result: Answer, seconds: Double, timeout: Double,
                counterexample: Counterexample? = nil, note: String? = nil) {
        index = instance.index
        onnx = instance.onnx
        vnnlib = instance.vnnlib
        self.result = result
        self.seconds = seconds
        self.timeout = timeout
        self.counterexample = counterexample
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case index, onnx, vnnlib, result, seconds, timeout, counterexample, note
    }

    /// A counterexample's keys, to read it back (`Counterexample` itself only encodes).
    private struct CounterexampleLine: Decodable {
        let input: [Double]
        let output: [Double]
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(Int.self, forKey: .index)
        onnx = try container.decode(String.self, forKey: .onnx)
        vnnlib = try container.decode(String.self, forKey: .vnnlib)
        result = try container.decode(Answer.self, forKey: .result)
        seconds = try container.decode(Double.self, forKey: .seconds)
        timeout = try container.decode(Double.self, forKey: .timeout)
        counterexample = try container.decodeIfPresent(CounterexampleLine.self, forKey: .counterexample)
            .map { Counterexample(input: $0.input, output: $0.output) }
        note = try container.decodeIfPresent(String.self, forKey: .note)
    }
}
