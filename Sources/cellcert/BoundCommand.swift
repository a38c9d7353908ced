import ArgumentParser
import Foundation
import Probability

/// `cellcert bound`: the theorems' bounds as a calculator, no model needed.
struct BoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bound",
        abstract: "Evaluate the robustness bounds of THEORY.md §4 for given d, N, distances and ε.",
        discussion: """
            With one --distance δ it is the distance of a single perceptron (Theorem 3.1) and the \
            radius r of a deep network with --units N (Theorem 4.2). Several --distance values are \
            the hyperplane distances of a cell or of a shallow Heaviside network (Corollary 3.2); r \
            is their minimum.
            """
    )

    @Option(help: "Input dimension d.")
    var dimension: Int

    @Option(help: "Number of units N (default: the number of distances).")
    var units: Int?

    @Option(name: .customLong("distance"), help: "Distance δ of x to a hyperplane, or the cell radius r (repeatable).")
    var distances: [Double]

    @Option(help: "Perturbation size ε (repeatable).")
    var epsilon: [Double]

    @Option(help: "Target misclassification probability η for δ* and ε*.")
    var eta: Double = 0.01

    @Option(help: "Output format: text, markdown or csv.")
    var format: TableFormat = .text

    func validate() throws {
        guard dimension >= 1 else { throw ValidationError("--dimension must be at least 1") }
        guard !distances.isEmpty else { throw ValidationError("give at least one --distance") }
        guard !epsilon.isEmpty else { throw ValidationError("give at least one --epsilon") }
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
            try epsilon.map { e in
                [
                    "\(e)", fixed(r / e),
                    fixed(try perceptronRobustnessBound(dimension: dimension, distance: r, epsilon: e)),
                    fixed(try perceptronRobustnessExact(dimension: dimension, distance: r, epsilon: e)),
                    fixed(try shallowHeavisideBound(dimension: dimension, distances: distances, epsilon: e)),
                    fixed(try shallowHeavisideCoarseBound(dimension: dimension, distances: distances, epsilon: e)),
                    fixed(try deepReLUBound(dimension: dimension, unitCount: n, radius: r, epsilon: e)),
                    fixed(try perHyperplaneBound(dimension: dimension, distances: distances, epsilon: e)),
                    fixed(try exactCapBound(dimension: dimension, distances: distances, epsilon: e)),
                    fixed(try gaussianPerHyperplaneBound(distances: distances, sigma: e)),
                    scientific(try deltaStar(eta: eta, epsilon: e, dimension: dimension, unitCount: n)),
                ]
            }
        }
        let star = try reportingFailures { try epsilonStar(eta: eta, radius: r, dimension: dimension, unitCount: n) }
        let title = "d = \(dimension), N = \(n), r = min δ = \(r), η = \(eta): ε*(η) = \(scientific(star))"
        print(format.render(title: title, headers: headers, rows: rows), terminator: "")
    }
}

func fixed(_ value: Double) -> String { String(format: "%.6f", value) }
func scientific(_ value: Double) -> String { String(format: "%.6e", value) }
