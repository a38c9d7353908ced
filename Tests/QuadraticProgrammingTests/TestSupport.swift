import Foundation
import QuadraticProgramming
import XCTest
@_exported import TestSupport

func dotProduct(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
func euclideanLength(_ a: [Double]) -> Double { dotProduct(a, a).squareRoot() }

/// `½ yᵀGy + aᵀy`, computed directly.
func objective(of program: QuadraticProgram, at y: [Double]) -> Double {
    let n = program.dimension
    var value = 0.0
    for i in 0..<n {
        var gy = 0.0
        for j in 0..<n { gy += program.hessian[i * n + j] * y[j] }
        value += y[i] * (0.5 * gy + program.linear[i])
    }
    return value
}

/// The largest violation of any constraint of `program` at `y`, each measured in
/// distance units (slack over row length), equalities in absolute value.
func largestViolation(of program: QuadraticProgram, at y: [Double]) -> Double {
    var worst = 0.0
    for row in program.equalities {
        worst = max(worst, abs(dotProduct(row.coefficients, y) - row.bound) / euclideanLength(row.coefficients))
    }
    for row in program.inequalities {
        worst = max(worst, (row.bound - dotProduct(row.coefficients, y)) / euclideanLength(row.coefficients))
    }
    for (k, bound) in program.lowerBounds.enumerated() { if let bound { worst = max(worst, bound - y[k]) } }
    for (k, bound) in program.upperBounds.enumerated() { if let bound { worst = max(worst, y[k] - bound) } }
    return worst
}

/// Checks the KKT conditions of a reported optimum independently of the solver:
/// feasibility, multiplier signs, complementary slackness and stationarity
/// `Gy + a = Σ μ e + Σ λ c + λˡ − λᵘ`, all to `tolerance` (relative).
func assertKKT(_ program: QuadraticProgram, _ solution: QuadraticProgramSolution, tolerance: Double = 1e-8,
               _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    guard solution.status == .optimal, let y = solution.point,
          let mu = solution.equalityMultipliers, let lambda = solution.inequalityMultipliers,
          let lower = solution.lowerBoundMultipliers, let upper = solution.upperBoundMultipliers else {
        return XCTFail("not optimal: \(solution.status) \(message)", file: file, line: line)
    }
    let n = program.dimension
    let scale = max(1, y.map(abs).max() ?? 0)
    XCTAssertLessThanOrEqual(largestViolation(of: program, at: y), tolerance * scale, "feasibility \(message)",
                             file: file, line: line)
    var residual = (0..<n).map { i in
        (0..<n).reduce(program.linear[i]) { $0 + program.hessian[i * n + $1] * y[$1] }
    }
    var magnitude = residual.map(abs).max() ?? 0
    for (row, value) in zip(program.equalities, mu) {
        for i in 0..<n { residual[i] -= value * row.coefficients[i] }
        magnitude += abs(value) * (row.coefficients.map(abs).max() ?? 0)
    }
    for (row, value) in zip(program.inequalities, lambda) {
        XCTAssertGreaterThanOrEqual(value, 0, "inequality multiplier sign \(message)", file: file, line: line)
        let slack = dotProduct(row.coefficients, y) - row.bound
        XCTAssertLessThanOrEqual(abs(value * slack), tolerance * max(1, abs(value)) * scale,
                                 "complementarity \(message)", file: file, line: line)
        for i in 0..<n { residual[i] -= value * row.coefficients[i] }
        magnitude += abs(value) * (row.coefficients.map(abs).max() ?? 0)
    }
    for k in 0..<n {
        XCTAssertGreaterThanOrEqual(lower[k], 0, "lower bound multiplier sign \(message)", file: file, line: line)
        XCTAssertGreaterThanOrEqual(upper[k], 0, "upper bound multiplier sign \(message)", file: file, line: line)
        if lower[k] != 0 {
            XCTAssertEqual(y[k], program.lowerBounds[k]!, accuracy: tolerance * scale, file: file, line: line)
        }
        if upper[k] != 0 {
            XCTAssertEqual(y[k], program.upperBounds[k]!, accuracy: tolerance * scale, file: file, line: line)
        }
        residual[k] -= lower[k] - upper[k]
        magnitude += lower[k] + upper[k]
    }
    XCTAssertLessThanOrEqual(residual.map(abs).max() ?? 0, tolerance * max(magnitude, 1),
                             "stationarity \(message)", file: file, line: line)
}

/// `A⁻¹ b` by Gaussian elimination with partial pivoting (small systems only).
func solveLinearSystem(_ a: [[Double]], _ b: [Double]) -> [Double] {
    var m = a, v = b
    let n = v.count
    for column in 0..<n {
        let pivot = (column..<n).max { abs(m[$0][column]) < abs(m[$1][column]) }!
        m.swapAt(column, pivot)
        v.swapAt(column, pivot)
        for row in (column + 1)..<max(column + 1, n) {
            let factor = m[row][column] / m[column][column]
            for k in column..<n { m[row][k] -= factor * m[column][k] }
            v[row] -= factor * v[column]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
        x[row] = (v[row] - ((row + 1)..<max(row + 1, n)).reduce(0) { $0 + m[row][$1] * x[$1] }) / m[row][row]
    }
    return x
}
