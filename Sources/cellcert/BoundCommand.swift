import ArgumentParser
import Foundation
import Probability

/// `cellcert bound`: the theorems' bounds as a calculator, no model needed.
struct BoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bound",
        abstract: "Evaluate the robustness bounds (Kůrková 2026, arXiv:2602.18674, and tighter ones) for given d, N, distances and ε.",
        discussion: """
            With one --distance δ it is the distance of a single perceptron (Theorem 3.1) and the \
            radius r of a deep network with --units N (Theorem 4.2). Several --distance values are \
            the hyperplane distances of a cell or of a shallow Heaviside network (Corollary 3.2); r \
            is their minimum.
            """
    )

    @Option(parsing: .unconditional, help: "Input dimension d.")
    var dimension: Int

    @Option(parsing: .unconditional, help: "Number of units N (default: the number of distances).")
    var units: Int?

    @Option(name: .customLong("distance"), parsing: .unconditionalSingleValue,
            help: "Distance δ of x to a hyperplane, or the cell radius r (repeatable; finite, 0 or more).")
    var distances: [Double]

    @Option(parsing: .unconditionalSingleValue, help: "Perturbation size ε (repeatable; positive, finite).")
    var epsilon: [Double]

    @Option(parsing: .unconditional, help: "Target misclassification probability η for δ* and ε*.")
    var eta: Double = 0.01

    @Option(help: "Output format: text, markdown or csv.")
    var format: TableFormat = .text

    func validate() throws {
        guard dimension >= 1 else { throw ValidationError("--dimension must be at least 1, got \(dimension)") }
        guard !distances.isEmpty else { throw ValidationError("give at least one --distance") }
        guard !epsilon.isEmpty else { throw ValidationError("give at least one --epsilon") }
        for δ in distances where !(δ.isFinite && δ >= 0) {
            throw ValidationError("--distance must be a finite number, 0 or more, got \(δ)")
        }
        for e in epsilon where !(e.isFinite && e > 0) { throw ValidationError("--epsilon must be positive and finite, got \(e)") }
        guard eta > 0, eta < 1 else { throw ValidationError("--eta must lie in (0, 1), got \(eta)") }
        if let units, units < 1 { throw ValidationError("--units must be at least 1, got \(units)") }
        if let units, units < distances.count {
            throw ValidationError("--units \(units) is less than the \(distances.count) distances given")
        }
    }

    func run() throws {
        let n = units ?? distances.count
        let r = distances.min()!
        let headers = ["epsilon", "r/epsilon", "perceptron_bound", "perceptron_exact", "shallow_heaviside",
                       "shallow_coarse", "deep_relu", "per_hyperplane", "exact_cap", "gaussian", "deltaStar"]
        let rows: [[String]] = try reportingFailures {
            try epsilon.map { e -> [String] in
                let ratio = r / e
                guard ratio.isFinite else {
                    throw CommandLineFailure(message: "--distance \(r) and --epsilon \(e): r/ε overflows a double; every bound is 1 when r ≥ ε")
                }
                let bounds = [
                    try perceptronRobustnessBound(dimension: dimension, distance: r, epsilon: e),
                    try perceptronRobustnessExact(dimension: dimension, distance: r, epsilon: e),
                    try shallowHeavisideBound(dimension: dimension, distances: distances, epsilon: e),
                    try shallowHeavisideCoarseBound(dimension: dimension, distances: distances, epsilon: e),
                    try deepReLUBound(dimension: dimension, unitCount: n, radius: r, epsilon: e),
                    try perHyperplaneBound(dimension: dimension, distances: distances, epsilon: e),
                    try exactCapBound(dimension: dimension, distances: distances, epsilon: e),
                    try gaussianPerHyperplaneBound(distances: distances, sigma: e),
                ]
                let threshold = try deltaStar(eta: eta, epsilon: e, dimension: dimension, unitCount: n)
                if let k = bounds.firstIndex(where: { !$0.isFinite }) {
                    throw CommandLineFailure(message: "--epsilon \(e): \(headers[k + 2]) evaluated to \(bounds[k]), not a finite number")
                }
                guard threshold.isFinite else {
                    throw CommandLineFailure(message: "--epsilon \(e): δ*(η) = ε·sqrt(2 ln(N/η) / d) overflows a double; give a smaller ε")
                }
                return ["\(e)", wide(ratio)] + bounds.map(fixed) + [scientific(threshold)]
            }
        }
        let star = try reportingFailures { try epsilonStar(eta: eta, radius: r, dimension: dimension, unitCount: n) }
        guard star.isFinite else {
            throw CommandLineFailure(message: "--distance \(r): ε*(η) = r·sqrt(d / (2 ln(N/η))) overflows a double; give a smaller distance")
        }
        let title = "d = \(dimension), N = \(n), r = min δ = \(r), η = \(eta): ε*(η) = \(scientific(star))"
        try StandardOutput.write(format.render(title: title, headers: headers, rows: rows))
    }
}

func fixed(_ value: Double) -> String { String(format: "%.6f", value) }
func scientific(_ value: Double) -> String { String(format: "%.6e", value) }
/// `fixed` for moderate values, `scientific` from 10^6 on (no 300-digit columns).
func wide(_ value: Double) -> String { abs(value) < 1e6 ? fixed(value) : scientific(value) }
