import QuadraticProgramming
import XCTest

/// Property tests on seeded random programs: polytopes built around a known
/// interior point, so feasibility is certain and feasible samples are easy to draw.
final class RandomizedProjectionTests: XCTestCase {
    /// A random polytope `{y : c_j·y ≥ b_j}` (optionally with a box and one
    /// equality) that contains `interior` with every inequality slack ≥ 0.1‖c_j‖.
    private struct RandomPolytope {
        let interior: [Double]
        var program: QuadraticProgram

        init(dimension n: Int, rows m: Int, box: Bool, equality: Bool, using random: inout SplitMix64) {
            self.init(dimension: n, rows: m, box: box, equalities: equality ? 1 : 0, using: &random)
        }

        init(dimension n: Int, rows m: Int, box: Bool, equalities: Int, using random: inout SplitMix64) {
            let interior = (0..<n).map { _ in Double.random(in: -0.5...0.5, using: &random) }
            self.interior = interior
            program = QuadraticProgram.projection(of: interior)
            program.inequalities = (0..<m).map { _ in
                let c = random.normalVector(n)
                let slack = Double.random(in: 0.1...1, using: &random) * euclideanLength(c)
                return QuadraticProgramRow(coefficients: c, bound: dotProduct(c, interior) - slack)
            }
            if box {
                program.lowerBounds = (0..<n).map { _ in Double.random(in: -1.5 ... -0.6, using: &random) }
                program.upperBounds = (0..<n).map { _ in Double.random(in: 0.6...1.5, using: &random) }
            }
            program.equalities = (0..<equalities).map { _ in
                let e = random.normalVector(n)
                return QuadraticProgramRow(coefficients: e, bound: dotProduct(e, interior))
            }
        }

        /// A feasible point: `interior + t d` with `d` random (orthogonal to the
        /// equalities) and `t` uniform in the feasible interval `[0, t_max]`.
        func feasibleSample(using random: inout SplitMix64) -> [Double] {
            var d = random.normalVector(interior.count)
            // Gram–Schmidt on the equality normals, then remove their span from d.
            var basis: [[Double]] = []
            for row in program.equalities {
                var e = row.coefficients
                for b in basis { let along = dotProduct(e, b); e = zip(e, b).map { $0 - along * $1 } }
                let length = euclideanLength(e)
                basis.append(e.map { $0 / length })
            }
            for b in basis { let along = dotProduct(d, b); d = zip(d, b).map { $0 - along * $1 } }
            var limit = 10.0
            for row in program.inequalities {
                let rate = dotProduct(row.coefficients, d)
                if rate < 0 { limit = min(limit, (dotProduct(row.coefficients, interior) - row.bound) / -rate) }
            }
            for k in interior.indices {
                if d[k] < 0, let lower = program.lowerBounds.isEmpty ? nil : program.lowerBounds[k] {
                    limit = min(limit, (interior[k] - lower) / -d[k])
                }
                if d[k] > 0, let upper = program.upperBounds.isEmpty ? nil : program.upperBounds[k] {
                    limit = min(limit, (upper - interior[k]) / d[k])
                }
            }
            let t = Double.random(in: 0...limit, using: &random)
            return zip(interior, d).map { $0 + t * $1 }
        }
    }

    func testProjectionsOfOutsidePointsAreFeasibleOptimalAndNearest() throws {
        var random = SplitMix64(seed: 0x5EED_0001)
        for trial in 0..<60 {
            let n = [2, 3, 4, 6, 10, 20, 40][trial % 7]
            let m = Int.random(in: n...(3 * n + 5), using: &random)
            // Up to three equalities (never more than n − 1).
            var polytope = RandomPolytope(dimension: n, rows: m, box: trial % 2 == 0,
                                          equalities: min(trial % 4, n - 1), using: &random)
            let outside = zip(polytope.interior, random.normalVector(n)).map { $0 + 3 * $1 }
            polytope.program.linear = outside.map { -$0 }
            let program = polytope.program
            let solution = try solve(program)
            let label = "trial \(trial) n=\(n) m=\(m)"
            assertKKT(program, solution, tolerance: 1e-9, label)
            guard let y = solution.point else { continue }
            let distance = euclideanLength(zip(y, outside).map { $0 - $1 })
            for _ in 0..<50 {
                let sample = polytope.feasibleSample(using: &random)
                XCTAssertLessThanOrEqual(largestViolation(of: program, at: sample), 1e-12, "sample infeasible")
                let sampleDistance = euclideanLength(zip(sample, outside).map { $0 - $1 })
                XCTAssertLessThanOrEqual(distance, sampleDistance * (1 + 1e-12), label)
            }
            // The objective is ½‖y − x‖² − ½‖x‖².
            XCTAssertEqual(solution.objectiveValue ?? .nan,
                           0.5 * distance * distance - 0.5 * dotProduct(outside, outside),
                           accuracy: 1e-9 * max(1, dotProduct(outside, outside)), label)
        }
    }

    func testGeneralHessianOptimaBeatFeasibleSamples() throws {
        var random = SplitMix64(seed: 0x5EED_0002)
        for trial in 0..<25 {
            let n = [2, 3, 5, 8, 12][trial % 5]
            var polytope = RandomPolytope(dimension: n, rows: 2 * n, box: trial % 2 == 1,
                                          equalities: min(trial % 3, n - 1), using: &random)
            // G = BBᵀ + 0.05 I, symmetric positive definite.
            let b = random.normalVector(n * n)
            var g = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n {
                    g[i * n + j] = (0..<n).reduce(i == j ? 0.05 : 0) { $0 + b[i * n + $1] * b[j * n + $1] }
                }
            }
            polytope.program.hessian = g
            polytope.program.linear = random.normalVector(n).map { 5 * $0 }
            let program = polytope.program
            let solution = try solve(program)
            assertKKT(program, solution, tolerance: 1e-9, "trial \(trial)")
            let value = try XCTUnwrap(solution.objectiveValue)
            XCTAssertEqual(value, objective(of: program, at: try XCTUnwrap(solution.point)),
                           accuracy: 1e-12 * max(1, abs(value)))
            for _ in 0..<50 {
                let sample = polytope.feasibleSample(using: &random)
                XCTAssertLessThanOrEqual(value, objective(of: program, at: sample) + 1e-10 * max(1, abs(value)),
                                         "trial \(trial)")
            }
        }
    }

    /// A random polytope plus the row `−Σ w_j c_j · y ≥ −Σ w_j b_j + 1` (w > 0),
    /// which contradicts the positive combination of the first rows.
    func testFarkasContradictionsAreInfeasible() throws {
        var random = SplitMix64(seed: 0x5EED_0003)
        for trial in 0..<30 {
            let n = [2, 5, 10, 30][trial % 4]
            var polytope = RandomPolytope(dimension: n, rows: 2 * n, box: trial % 2 == 0, equality: trial % 3 == 0,
                                          using: &random)
            polytope.program.linear = random.normalVector(n)
            let combined = Int.random(in: 1...min(n, 4), using: &random)
            var row = [Double](repeating: 0, count: n)
            var bound = 1.0
            for j in 0..<combined {
                let weight = Double.random(in: 0.25...2, using: &random)
                let c = polytope.program.inequalities[j]
                for i in 0..<n { row[i] -= weight * c.coefficients[i] }
                bound -= weight * c.bound
            }
            polytope.program.inequalities.append(QuadraticProgramRow(coefficients: row, bound: bound))
            polytope.program.inequalities.shuffle(using: &random)
            XCTAssertEqual(try solve(polytope.program).status, .infeasible, "trial \(trial)")
        }
    }

    /// Rows repeated, scaled, and written twice as opposite inequalities (an
    /// equality in disguise): the optimum must not change.
    func testDuplicatedAndScaledRowsDoNotChangeTheOptimum() throws {
        var random = SplitMix64(seed: 0x5EED_0004)
        for trial in 0..<20 {
            let n = [3, 6, 12, 25][trial % 4]
            var polytope = RandomPolytope(dimension: n, rows: 2 * n, box: trial % 2 == 0, equality: false,
                                          using: &random)
            polytope.program.linear = zip(polytope.interior, random.normalVector(n)).map { -($0 + 3 * $1) }
            let plain = try solve(polytope.program)
            let y = try XCTUnwrap(plain.point, "trial \(trial): \(plain.status)")
            var noisy = polytope.program
            for row in polytope.program.inequalities {
                let scale = Double.random(in: 0.5...4, using: &random)
                noisy.inequalities.append(QuadraticProgramRow(coefficients: row.coefficients.map { scale * $0 },
                                                              bound: scale * row.bound))
            }
            // A row through the optimum, as an equality and as two opposite inequalities.
            let c = random.normalVector(n)
            let value = dotProduct(c, y)
            noisy.inequalities.append(QuadraticProgramRow(coefficients: c, bound: value))
            noisy.inequalities.append(QuadraticProgramRow(coefficients: c.map { -$0 }, bound: -value))
            noisy.equalities = [QuadraticProgramRow(coefficients: c, bound: value),
                                QuadraticProgramRow(coefficients: c.map { 2 * $0 }, bound: 2 * value)]
            noisy.inequalities.shuffle(using: &random)
            let solution = try solve(noisy)
            assertKKT(noisy, solution, tolerance: 1e-9, "trial \(trial)")
            let point = try XCTUnwrap(solution.point)
            XCTAssertLessThanOrEqual(zip(point, y).map { abs($0 - $1) }.max() ?? 0, 1e-8, "trial \(trial)")
        }
    }

    /// Nearly parallel rows `c_j = g + ρ·noise_j` (ρ from 1 down to 1e-3) and a
    /// box, with the outside point pushed against them: many rows compete, the
    /// active set changes often and near-dependent normals appear.
    func testNearlyParallelRowsWithABox() throws {
        var random = SplitMix64(seed: 0x5EED_0005)
        for trial in 0..<16 {
            let n = [8, 30, 60][trial % 3], m = 2 * n
            let rho = [1, 0.3, 0.1, 0.01, 0.001][trial % 5]
            let g = random.normalVector(n)
            let interior = (0..<n).map { _ in Double.random(in: 0.2...0.8, using: &random) }
            var program = QuadraticProgram.projection(of: zip(interior, g).map { $0 - 2 * $1 / euclideanLength(g) })
            program.inequalities = (0..<m).map { _ in
                let c = zip(g, random.normalVector(n)).map { $0 + rho * $1 }
                let slack = 0.05 * Double.random(in: 0...1, using: &random) * euclideanLength(c)
                return QuadraticProgramRow(coefficients: c, bound: dotProduct(c, interior) - slack)
            }
            program.lowerBounds = Array(repeating: 0, count: n)
            program.upperBounds = Array(repeating: 1, count: n)
            let solution = try solve(program)
            assertKKT(program, solution, tolerance: 1e-9, "trial \(trial) n=\(n) rho=\(rho)")
            // The interior point is feasible, so the projection is at least as near.
            let outside = program.linear.map { -$0 }
            if let y = solution.point {
                XCTAssertLessThanOrEqual(euclideanLength(zip(y, outside).map { $0 - $1 }),
                                         euclideanLength(zip(interior, outside).map { $0 - $1 }) * (1 + 1e-12))
            }
        }
    }
}
