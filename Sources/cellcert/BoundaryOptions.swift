import ArgumentParser
import CellCert

extension DecisionBoundaryResult.Method: ExpressibleByArgument {}

/// Options of the decision-boundary query of `certify --boundary` and `table --boundary` (Docs/cli.md).
///
/// `--method`, `--timeout` and `--max-cells` are refused without `--boundary`,
/// and `--max-cells` with `--method milp`: they would have no effect.
struct BoundaryOptions: ParsableArguments {
    @Flag(help: "Compute R_p(x), the exact distance to the nearest differently classified input of the domain, with a verified witness (norm: the first --norm, default linf).")
    var boundary = false

    @Option(name: .customLong("method"),
            help: "Decision-boundary method: search (GeoCert-style, any norm; the default) or milp (GLPK branch and bound; linf and l1). Needs --boundary.")
    var methodValue: DecisionBoundaryResult.Method?

    @Option(parsing: .unconditional, help: "Seconds allowed per input for the decision boundary; when reached the answer is a lower and an upper bound (status bounded). In linf (and l1 on dense networks) the search gets a tenth of it and proofs narrow its bounds in the rest. Needs --boundary.")
    var timeout: Double?

    @Option(parsing: .unconditional, help: "Search only: the most cells to open per input (status bounded when reached). Needs --boundary.")
    var maxCells: Int?

    /// The method (default `search`).
    var method: DecisionBoundaryResult.Method { methodValue ?? .search }

    func validate() throws {
        try checkTimeout(timeout)
        if let m = maxCells, m < 1 { throw ValidationError("--max-cells must be at least 1, got \(m)") }
        if !boundary {
            if methodValue != nil { throw ValidationError("--method chooses how --boundary is computed; add --boundary") }
            if timeout != nil || maxCells != nil { throw ValidationError("--timeout and --max-cells apply to --boundary; add --boundary") }
        }
        if method == .milp, maxCells != nil {
            throw ValidationError("--max-cells limits --method search; --method milp opens no cells (use --timeout)")
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

/// The longest `--timeout` accepted, 10^9 seconds (about 32 years): the
/// solvers' clocks hold nothing much longer, and no limit at all is simply no
/// `--timeout`.
let maximumTimeoutSeconds = 1e9

/// Checks a `--timeout`: positive, finite, at most `maximumTimeoutSeconds`.
///
/// - Throws: `ValidationError` naming the option.
func checkTimeout(_ seconds: Double?) throws {
    guard let t = seconds else { return }
    guard t.isFinite, t > 0 else { throw ValidationError("--timeout must be a positive number of seconds, got \(t)") }
    guard t <= maximumTimeoutSeconds else {
        throw ValidationError("--timeout must be at most 1e9 seconds (about 32 years; leave --timeout out for no limit), got \(t)")
    }
}
