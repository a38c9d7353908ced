import ArgumentParser
import CellCert

extension DecisionBoundaryResult.Method: ExpressibleByArgument {}

/// Options of the decision-boundary query of `certify --boundary` (Docs/cli.md).
struct BoundaryOptions: ParsableArguments {
    @Flag(help: "Compute R_p(x), the exact distance to the nearest differently classified input of the domain, with a verified witness (norm: the first --norm, default linf).")
    var boundary = false

    @Option(help: "Decision-boundary method: search (GeoCert-style, any norm) or milp (GLPK branch and bound; linf and l1).")
    var method: DecisionBoundaryResult.Method = .search

    @Option(help: "Seconds allowed per input for the decision boundary; when reached the answer is a lower and an upper bound (status bounded).")
    var timeout: Double?

    @Option(help: "Search only: the most cells to open per input (status bounded when reached).")
    var maxCells: Int?

    func validate() throws {
        if let t = timeout, !(t.isFinite && t > 0) { throw ValidationError("--timeout must be a positive number of seconds, got \(t)") }
        if let m = maxCells, m < 1 { throw ValidationError("--max-cells must be at least 1, got \(m)") }
        if !boundary, timeout != nil || maxCells != nil {
            throw ValidationError("--timeout and --max-cells apply to --boundary; add --boundary")
        }
    }

    /// The query for `norm` within `domain`, or `nil` without `--boundary`.
    func options(norm: Norm, domain: InputBox?) throws -> DecisionBoundaryOptions? {
        guard boundary else { return nil }
        if method == .milp, norm == .l2 {
            throw CommandLineFailure(message: "--method milp supports the linf and l1 norms; use --method search for l2")
        }
        return DecisionBoundaryOptions(norm: norm, method: method, domain: domain, timeLimitSeconds: timeout, maxCells: maxCells)
    }
}
