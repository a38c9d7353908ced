import XCTest
import LinearProgramming

/// Random feasible, bounded LPs (box-bounded variables, rows built around a known
/// feasible point, fixed seed): the reported optimum must satisfy every row and bound within
/// 1e-7, its objective must equal c·x + c₀, and exact arithmetic must agree.
final class RandomizedLinearProgramTests: XCTestCase {
    func testRandomBoxBoundedProgramsHaveConsistentOptima() throws {
        var generator = SplitMix64(seed: 20_240_601)
        let tolerance = 1e-7
        for trial in 0..<300 {
            let n = Int.random(in: 1...6, using: &generator)
            let m = Int.random(in: 0...8, using: &generator)
            var program = LinearProgram(variableCount: n,
                                        direction: Bool.random(using: &generator) ? .minimize : .maximize)
            program.objective = (0..<n).map { _ in Double.random(in: -5...5, using: &generator) }
            program.objectiveConstant = Double.random(in: -3...3, using: &generator)
            program.variableBounds = (0..<n).map { _ in
                let lower = Double.random(in: -10...0, using: &generator)
                return .between(lower, lower + Double.random(in: 0...10, using: &generator))
            }
            // A point inside the box; every row keeps it feasible.
            let anchor = program.variableBounds.map { bounds in
                Double.random(in: bounds.lower!...bounds.upper!, using: &generator)
            }
            // Equality rows hold at the anchor only up to rounding, so keep fewer of them
            // than variables: then the rows are exactly consistent near the anchor, which
            // matters for the exact-arithmetic cross-check.
            var equalityRows = 0
            for _ in 0..<m {
                var row = (0..<n).map { _ in Double.random(in: -3...3, using: &generator) }
                if Int.random(in: 0..<4, using: &generator) == 0 { row[Int.random(in: 0..<n, using: &generator)] = 0 }
                let activity = dot(row, anchor)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: program.addConstraint(.lessOrEqual(row, activity + Double.random(in: 0...2, using: &generator)))
                case 1: program.addConstraint(.greaterOrEqual(row, activity - Double.random(in: 0...2, using: &generator)))
                case 2 where equalityRows + 1 < n:
                    equalityRows += 1
                    program.addConstraint(.equal(row, activity))
                default:
                    program.addConstraint(coefficients: row, lower: activity - Double.random(in: 0...1, using: &generator),
                                          upper: activity + Double.random(in: 0...1, using: &generator))
                }
            }
            let options = allSimplexOptions[trial % allSimplexOptions.count]
            let solution = try solve(program, options: options)
            XCTAssertEqual(solution.status, .optimal, "trial \(trial)")
            let x = try XCTUnwrap(solution.values, "trial \(trial)")
            let value = try XCTUnwrap(solution.objectiveValue)
            XCTAssertEqual(x.count, n)
            XCTAssertEqual(solution.rowDuals?.count, m)
            for (j, bounds) in program.variableBounds.enumerated() {
                XCTAssertGreaterThanOrEqual(x[j], bounds.lower! - tolerance, "trial \(trial) variable \(j)")
                XCTAssertLessThanOrEqual(x[j], bounds.upper! + tolerance, "trial \(trial) variable \(j)")
            }
            for (i, row) in program.constraints.enumerated() {
                let activity = dot(row.coefficients, x)
                if let lower = row.lower { XCTAssertGreaterThanOrEqual(activity, lower - tolerance, "trial \(trial) row \(i)") }
                if let upper = row.upper { XCTAssertLessThanOrEqual(activity, upper + tolerance, "trial \(trial) row \(i)") }
            }
            XCTAssertEqual(value, dot(program.objective, x) + program.objectiveConstant, accuracy: tolerance,
                           "trial \(trial)")
            // Optimality against the known feasible anchor.
            let anchorValue = dot(program.objective, anchor) + program.objectiveConstant
            if program.direction == .minimize {
                XCTAssertLessThanOrEqual(value, anchorValue + tolerance, "trial \(trial)")
            } else {
                XCTAssertGreaterThanOrEqual(value, anchorValue - tolerance, "trial \(trial)")
            }
            if trial % 5 == 0 {
                let exact = try solve(program, options: SolverOptions(exactArithmetic: true))
                XCTAssertEqual(exact.status, .optimal, "trial \(trial)")
                XCTAssertEqual(exact.objectiveValue ?? .nan, value, accuracy: 1e-7 * max(1, abs(value)), "trial \(trial)")
            }
        }
    }
}
