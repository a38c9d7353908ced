import XCTest
import LinearProgramming
import Probability

/// `LinearProgram.safeObjectiveBound(rowMultipliers:)`: never past the exact
/// optimum, whatever the multipliers, and tight with GLPK's optimal duals.
final class SafeBoundTests: XCTestCase {
    /// A random bounded LP: `n` variables in boxes, `m` rows with random bounds
    /// at least 0.1 away from the value they take at the boxes' centre (returned
    /// with the program: a point that satisfies every row with room), random objective.
    func randomProgram(_ g: inout SplitMix64, n: Int, m: Int, direction: OptimizationDirection) -> (LinearProgram, [Double]) {
        func uniform() -> Double { Double(g.next() >> 11) / Double(1 << 53) * 2 - 1 }
        var program = LinearProgram(variableCount: n, direction: direction)
        program.objective = (0..<n).map { _ in uniform() }
        program.objectiveConstant = uniform()
        program.variableBounds = (0..<n).map { _ in let l = uniform(); return .between(l, l + 1 + uniform()) }
        let point = program.variableBounds.map { ($0.lower! + $0.upper!) / 2 }
        func room() -> Double { 0.1 + abs(uniform()) }
        for _ in 0..<m {
            let a = (0..<n).map { _ in g.next() % 3 == 0 ? 0 : uniform() * 1e3 }
            let value = zip(a, point).map(*).reduce(0, +)
            switch g.next() % 3 {
            case 0: program.addConstraint(.lessOrEqual(a, value + room()))
            case 1: program.addConstraint(.greaterOrEqual(a, value - room()))
            default: program.addConstraint(coefficients: a, lower: value - room(), upper: value + room())
            }
        }
        return (program, point)
    }

    /// Each random LP is built around a point `p` that satisfies every row with
    /// room to spare. `x_t = p + t (x* − p)` with GLPK's optimum `x*` and
    /// `t = 1 − 1e-9` satisfies every row with a margin far above the rounding of
    /// its evaluation, so it is truly feasible and its objective, within about
    /// 1e-9 of the optimum, is one the bound must not pass. (GLPK's `glp_exact`
    /// is not the reference: on these LPs its "exact" optimum violates rows by 1e-8.)
    func testTheBoundNeverPassesAFeasiblePointAndIsTightWithOptimalDuals() throws {
        var g = SplitMix64(seed: 99)
        for trial in 0..<40 {
            let direction: OptimizationDirection = trial % 2 == 0 ? .minimize : .maximize
            let (program, p) = randomProgram(&g, n: 3 + trial % 7, m: 2 + trial % 9, direction: direction)
            let solution = try solve(program)
            XCTAssertEqual(solution.status, .optimal)
            let optimum = try XCTUnwrap(solution.objectiveValue)
            let x = try XCTUnwrap(solution.values)
            let t = 1 - 1e-9
            let near = zip(p, x).map { $0 + t * ($1 - $0) }
            for row in program.constraints {
                let value = zip(row.coefficients, near).map(*).reduce(0, +)
                // Above the evaluation's rounding error, γ_n Σ|a_j x_j|.
                let margin = 1e-15 * Double(near.count + 2) * zip(row.coefficients, near).map { abs($0 * $1) }.reduce(1, +)
                if let lower = row.lower { XCTAssertGreaterThan(value, lower + margin, "trial \(trial): not strictly feasible") }
                if let upper = row.upper { XCTAssertLessThan(value, upper - margin, "trial \(trial): not strictly feasible") }
            }
            let reached = zip(program.objective, near).map(*).reduce(program.objectiveConstant, +)
            func assertValid(_ bound: Double, _ label: String) {
                // The objective at `near` is computed to within 1e-14; a valid bound is on the optimum's side of it.
                if direction == .minimize {
                    XCTAssertLessThanOrEqual(bound, reached + 1e-14, "trial \(trial), \(label)")
                } else {
                    XCTAssertGreaterThanOrEqual(bound, reached - 1e-14, "trial \(trial), \(label)")
                }
            }
            let duals = try XCTUnwrap(solution.rowDuals)
            let bound = program.safeObjectiveBound(rowMultipliers: duals)
            assertValid(bound, "optimal duals")
            XCTAssertEqual(bound, optimum, accuracy: 1e-9 * (1 + abs(optimum)), "trial \(trial)")
            // Any multipliers give a valid (looser) bound: perturbed, zero, or of the wrong sign.
            for (label, multipliers) in [("perturbed", duals.map { $0 * (1 + 1e-3) + 1e-4 }), ("zero", duals.map { _ in 0 }),
                                         ("negated", duals.map { -$0 })] {
                assertValid(program.safeObjectiveBound(rowMultipliers: multipliers), label)
            }
        }
    }

    /// A free variable with a non-zero reduced cost makes the bound useless (−∞),
    /// as do multipliers of the wrong length or with NaN.
    func testUselessBounds() {
        var program = LinearProgram(variableCount: 2, direction: .minimize)
        program.objective = [1, 1]
        program.variableBounds = [.between(0, 1), .free]
        program.addConstraint(.greaterOrEqual([0, 1], 2))
        XCTAssertEqual(program.safeObjectiveBound(rowMultipliers: [1]), 2)
        XCTAssertEqual(program.safeObjectiveBound(rowMultipliers: [0.5]), -.infinity)
        XCTAssertEqual(program.safeObjectiveBound(rowMultipliers: []), -.infinity)
        XCTAssertEqual(program.safeObjectiveBound(rowMultipliers: [.nan]), -.infinity)
        program.direction = .maximize
        program.objective = [1, -1]
        XCTAssertEqual(program.safeObjectiveBound(rowMultipliers: [-1]), -1)
        XCTAssertEqual(program.safeObjectiveBound(rowMultipliers: [0]), .infinity)
    }
}
