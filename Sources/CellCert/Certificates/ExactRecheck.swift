import Foundation

/// The verdict of re-checking a certified radius in exact rational arithmetic
/// (``Cell/recheckExactly(at:norm:radius:)``).
///
/// The re-check trusts no floating-point step of the certificate: it rebuilds
/// the cell's exact rows `A_u`, `c_u` from the network's stored `Double`
/// weights (every double is a dyadic rational; the input transform's odd
/// divisors are kept as exact rationals) and decides, for every row `u`,
/// whether `σ_u φ_u(x) ≥ r ‖A_u‖_q` (`q` the dual norm; for ℓ2, `σ_u φ_u(x) ≥ 0`
/// and `φ_u(x)² ≥ r² ‖A_u‖_2²`). All rows passing is exactly the statement that
/// every `y` with `‖y − x‖_p < r` satisfies every row's inequality strictly,
/// i.e. lies in the interior of the exact cell of the pattern, where the
/// network's class is constant. The certificate is then true for the network
/// as a function of real numbers with the stored weights; what a
/// floating-point evaluation of a point near a face returns is not covered
/// (Docs/floating-point.md).
public struct ExactRecheck: Sendable, Equatable {
    /// The norm of the ball.
    public let norm: Norm
    /// The radius re-checked.
    public let radius: Double
    /// The rows (faces and degenerate rows) whose exact half-space contains the ball, in row order.
    public let passedRows: [Int]
    /// The rows whose exact half-space does not contain the ball, in row order:
    /// the radius claims too much if any.
    public let failedRows: [Int]
    /// The exact radius `r_p(x) = min_u σ_u φ_u(x) / ‖A_u‖_q` of the exact cell,
    /// rounded down to a `Double` (`0` when `x` is not strictly inside the exact
    /// cell; `+∞` when no row bounds it).
    public let exactRadius: Double
    /// The row attaining ``exactRadius`` (`nil` when it is `+∞`).
    public let bindingRow: Int?
    /// Wall-clock seconds the re-check took.
    public let seconds: Double

    /// Whether every row passed: the radius is a true lower bound on the exact radius.
    public var holds: Bool { failedRows.isEmpty }
}

extension Cell {
    /// Re-checks that the `norm`-ball of `radius` around `x` lies in this cell,
    /// in exact rational arithmetic (see ``ExactRecheck`` for what is decided).
    ///
    /// A radius of `0` claims nothing, and every row passes; the exact radius is
    /// still computed. An infinite radius passes only on rows that are exactly
    /// constant and satisfied.
    ///
    /// Cost: the rows of each block (one hidden layer, or the output faces) are
    /// pulled back through the network together, a product of exact integer
    /// matrices per layer (``ExactCellRows``), on every core. In a release build
    /// on two cores: 0.05 s for an MNIST cell of 784 inputs and two layers of 256
    /// units, 0.01 s on ACAS Xu, 0.6 s on ERAN's 9 × 200 MNIST network
    /// (Docs/floating-point.md, "The exact re-check").
    ///
    /// - Throws: `CellError` when `x` has the wrong dimension or a non-finite
    ///   entry, or `radius` is negative or NaN.
    public func recheckExactly(at x: [Double], norm: Norm, radius: Double) throws -> ExactRecheck {
        let clock = ContinuousClock()
        let start = clock.now
        guard x.count == inputDimension else {
            throw CellError("point has \(x.count) values, the cell lives in dimension \(inputDimension)")
        }
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw CellError("input value \(bad) is \(x[bad]), not a finite number")
        }
        guard radius >= 0 else { throw CellError("radius \(radius) is not a non-negative number") }
        guard let exact = exactRows else {
            throw CellError("--recheck exact rebuilds the rows of dense layers in exact arithmetic; this cell's rows "
                            + "come from a convolutional or residual network (or from no network), which it does not support yet")
        }
        let centred = exact.input.centred(x)
        var passed: [Int] = []
        var failed: [Int] = []
        var exactRadius = Double.infinity
        var bindingRow: Int? = nil
        // Block by block, so that only one block's exact rows are held at a time.
        var first = 0
        for block in exact.derivations {
            let rows = Array(first..<(first + block.rowCount))
            first += block.rowCount
            let integers = exact.integerRows(rows)
            let orientations = self.orientations
            let verdicts = try ParallelLoop.map(count: rows.count, threads: ProcessInfo.processInfo.activeProcessorCount) { i in
                let measure = ExactRowMeasure(row: i, of: integers, centred: centred, input: exact.input)
                let sigma = orientations[rows[i]]
                return (measure.contains(radius: radius, norm: norm, orientation: sigma),
                        measure.distanceLowerBound(norm: norm, orientation: sigma))
            }
            for (i, u) in rows.enumerated() {
                if verdicts[i].0 { passed.append(u) } else { failed.append(u) }
                if verdicts[i].1 < exactRadius {
                    exactRadius = verdicts[i].1
                    bindingRow = u
                }
            }
        }
        let elapsed = start.duration(to: clock.now).components
        return ExactRecheck(norm: norm, radius: radius, passedRows: passed, failedRows: failed, exactRadius: exactRadius,
                            bindingRow: bindingRow, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }
}
