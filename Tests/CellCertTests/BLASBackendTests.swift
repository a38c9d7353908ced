@testable import CellCert
import Probability
import TestSupport
import XCTest

/// The OpenBLAS backend of `Matrix` against exact arithmetic and against the
/// reference loops (Docs/floating-point.md, "The BLAS backend").
final class BLASBackendTests: XCTestCase {
    /// `(rows, inner, columns)` of `A · B`: empty, vector-like, one-by-one, and inner
    /// dimensions below, between one and two, and above two of OpenBLAS's K blocks (256).
    let shapes = [(0, 3, 4), (3, 0, 4), (3, 4, 0), (1, 1, 1), (1, 7, 1), (1, 9, 5), (6, 1, 4), (5, 7, 1),
                  (9, 33, 12), (3, 300, 4), (2, 600, 3)]

    /// Entries `±g · 2^k`, `g` standard normal, `k ∈ [−12, 12]`: wide magnitudes make the
    /// sums cancel, so rounding errors are large relative to the result.
    /// Asserts `|computed − A·B| ≤ γ_n |A|·|B|` entrywise, with the exact product in dyadic arithmetic.
    func assertWithinDotProductBound(_ computed: Matrix, _ a: Matrix, _ b: Matrix, _ label: String,
                                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(computed.rows, a.rows, label, file: file, line: line)
        XCTAssertEqual(computed.columns, b.columns, label, file: file, line: line)
        let n = a.columns
        // γ_n rounded up: a bound slightly above the true γ_n is still a valid bound.
        let gamma = Dyadic(n == 0 ? 0 : RoundingModel.gamma(n).nextUp.nextUp)
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var exact = Dyadic.zero
                var magnitude = Dyadic.zero
                for k in 0..<n {
                    let term = Dyadic(a[i, k]) * Dyadic(b[k, j])
                    exact = exact + term
                    magnitude = magnitude + (term.signum < 0 ? -term : term)
                }
                let error = Dyadic(computed[i, j]) - exact
                let absoluteError = error.signum < 0 ? -error : error
                XCTAssertFalse(gamma * magnitude < absoluteError, "\(label): entry (\(i), \(j)) \(computed[i, j]) is outside γ_\(n)|A||B|",
                               file: file, line: line)
            }
        }
    }

    func testEveryProductIsWithinTheDotProductBoundOfTheExactProduct() {
        var g = SplitMix64(seed: 61)
        for (m, n, p) in shapes {
            let a = randomMatrix(rows: m, columns: n, using: &g)
            let b = randomMatrix(rows: n, columns: p, using: &g)
            for backend in LinearAlgebraBackend.allCases {
                let label = "\(backend) \(m)×\(n)·\(n)×\(p)"
                assertWithinDotProductBound(a.multiplied(by: b, backend: backend), a, b, label)
                assertWithinDotProductBound(a.multiplied(byTransposeOf: b.transposed(), backend: backend), a, b, label + " (Bᵀ given)")
                for j in 0..<p {
                    let column = (0..<n).map { b[$0, j] }
                    let product = a.multiplied(by: column, backend: backend)
                    XCTAssertEqual(product.count, m, label)
                    assertWithinDotProductBound(Matrix(rows: m, columns: 1, storage: product), a,
                                                b.selectingColumns([j]), label + " column \(j)")
                }
            }
        }
    }

    /// A product large enough to be cut into column panels (run on all cores) is,
    /// bit for bit, the panels' products side by side: each entry comes from the
    /// same `dgemm` call however the panels are scheduled, so the result does not
    /// depend on the thread count. (Each panel is one ordinary `dgemm`, whose
    /// bound the test above checks.)
    func testLargeProductsAreTheirPanelsSideBySide() {
        var g = SplitMix64(seed: 69)
        let (m, n, p) = (200, 150, 300)  // 9 M multiply–adds: 4 panels of 75 columns (an even count, ≤ 128 wide)
        let a = randomMatrix(rows: m, columns: n, using: &g)
        let b = randomMatrix(rows: n, columns: p, using: &g)
        let panels = ProductPanels(rows: m, columns: p, inner: n)
        XCTAssertEqual(panels.count, 4)
        XCTAssertEqual(panels.columnRange(3).start, 225)
        XCTAssertEqual(panels.columnRange(3).width, 75)
        let whole = a.multiplied(by: b, backend: .blas)
        let wholeTransposed = a.multiplied(byTransposeOf: b.transposed(), backend: .blas)
        for panel in 0..<panels.count {
            let (start, width) = panels.columnRange(panel)
            let columns = Array(start..<(start + width))
            let part = a.multiplied(by: b.selectingColumns(columns), backend: .blas)
            XCTAssertEqual(ProductPanels(rows: m, columns: width, inner: n).count, 1)
            for i in 0..<m {
                for (j, column) in columns.enumerated() {
                    XCTAssertEqual(whole[i, column].bitPattern, part[i, j].bitPattern, "(\(i), \(column))")
                    XCTAssertEqual(wholeTransposed[i, column].bitPattern, part[i, j].bitPattern, "Bᵀ (\(i), \(column))")
                }
            }
        }
        // Small products stay one call.
        XCTAssertEqual(ProductPanels(rows: 10, columns: 300, inner: 10).count, 1)
    }

    func testProductsWithAnEmptyDimensionAreZeroMatricesOfTheRightShape() {
        let a = Matrix(rows: 3, columns: 0)
        let b = Matrix(rows: 0, columns: 2)
        for backend in LinearAlgebraBackend.allCases {
            XCTAssertEqual(a.multiplied(by: b, backend: backend), Matrix(rows: 3, columns: 2), "\(backend)")
            XCTAssertEqual(a.multiplied(byTransposeOf: Matrix(rows: 5, columns: 0), backend: backend), Matrix(rows: 3, columns: 5))
            XCTAssertEqual(a.multiplied(by: [], backend: backend), [0, 0, 0], "\(backend)")
            XCTAssertEqual(Matrix(rows: 0, columns: 4).multiplied(by: [1, 2, 3, 4], backend: backend), [])
            XCTAssertEqual(b.multiplied(by: Matrix(rows: 2, columns: 7), backend: backend), Matrix(rows: 0, columns: 7))
        }
    }

    /// Multiples of the smallest subnormal times small integers, summed: every
    /// partial sum is representable, so an exact kernel must return the exact
    /// integers times 2⁻¹⁰⁷⁴; flushing subnormals to zero would return zeros.
    func testSubnormalOperandsAreNotFlushedToZero() {
        let tiny = Double.leastNonzeroMagnitude
        var g = SplitMix64(seed: 62)
        let (m, n, p) = (9, 20, 11)
        let aUnits = (0..<(m * n)).map { _ in Double(Int.random(in: -50...50, using: &g)) }
        let bValues = (0..<(n * p)).map { _ in Double(Int.random(in: -8...8, using: &g)) }
        let a = Matrix(rows: m, columns: n, storage: aUnits.map { $0 * tiny })
        let b = Matrix(rows: n, columns: p, storage: bValues)
        let integerProduct = Matrix(rows: m, columns: n, storage: aUnits).multiplied(by: b, backend: .reference)
        let expected = Matrix(rows: m, columns: p, storage: integerProduct.storage.map { $0 * tiny })
        XCTAssertTrue(expected.storage.contains { $0 != 0 && abs($0) < Double.leastNormalMagnitude })
        for backend in LinearAlgebraBackend.allCases {
            XCTAssertEqual(a.multiplied(by: b, backend: backend), expected, "\(backend)")
        }
    }

    func testTheEnvironmentVariableAndTheSettingChooseTheDefaultBackend() {
        XCTAssertEqual(LinearAlgebraBackend.backend(forEnvironmentValue: nil), .blas)
        XCTAssertEqual(LinearAlgebraBackend.backend(forEnvironmentValue: "on"), .blas)
        for off in ["off", "OFF", "0", "false", "No"] {
            XCTAssertEqual(LinearAlgebraBackend.backend(forEnvironmentValue: off), .reference, off)
        }
        // A product whose two kernels round differently, to see which one the default runs.
        var g = SplitMix64(seed: 63)
        let a = randomMatrix(rows: 8, columns: 600, using: &g)
        let b = randomMatrix(rows: 600, columns: 8, using: &g)
        let byBackend = Dictionary(uniqueKeysWithValues: LinearAlgebraBackend.allCases.map { ($0, a.multiplied(by: b, backend: $0)) })
        XCTAssertNotEqual(byBackend[.blas], byBackend[.reference], "the kernels agree bit for bit: the test cannot tell them apart")
        let saved = LinearAlgebraBackend.current
        defer { LinearAlgebraBackend.current = saved }
        for backend in LinearAlgebraBackend.allCases {
            LinearAlgebraBackend.current = backend
            XCTAssertEqual(a.multiplied(by: b), byBackend[backend], "\(backend)")
        }
    }

    /// Runs `body` with `backend` as the default of every product.
    func with<T>(_ backend: LinearAlgebraBackend, _ body: () throws -> T) rethrows -> T {
        let saved = LinearAlgebraBackend.current
        LinearAlgebraBackend.current = backend
        defer { LinearAlgebraBackend.current = saved }
        return try body()
    }

    /// Networks whose cells need products with inner dimensions on both sides of
    /// OpenBLAS's K block (a 600-unit layer has ~300 active units).
    func networks() throws -> [Network] {
        var g = SplitMix64(seed: 64)
        let plain = try Network.random(layerSizes: [30, 40, 40, 5], decision: .argmax, using: &g)
        let wide = try Network.random(layerSizes: [120, 600, 30, 3], decision: .argmin, using: &g)
        let base = try Network.random(layerSizes: [6, 24, 24, 24, 1], decision: .threshold, using: &g)
        let transformed = try Network(layers: base.layers, decision: .threshold,
                                      inputTransform: InputTransform(mean: [100, -3, 0, 0.5, 2, 1], scale: [40, 0.25, 1, 3, 7, 0.5]),
                                      outputTransform: OutputTransform(mean: 0.1, scale: 2.5))
        return [plain, wide, transformed]
    }

    /// Each backend's rows are within their error bounds of the exact rows, so two
    /// backends' rows differ by at most the sum of both bounds; their certified
    /// distances are lower bounds on the same exact distance, each within about
    /// twice its rounding correction (estimate − certified) of it.
    func testCellsBuiltWithAndWithoutBLASAgreeWithinTheirErrorBounds() throws {
        var g = SplitMix64(seed: 65)
        var comparedDistances = 0
        for net in try networks() {
            for _ in 0..<3 {
                let x = (0..<net.inputDimension).map { k in
                    (net.inputTransform?.mean[k] ?? 0) + (net.inputTransform?.scale[k] ?? 1) * standardNormal(using: &g)
                }
                let blas = try with(.blas) { try net.cell(at: x) }
                let reference = try with(.reference) { try net.cell(at: x) }
                XCTAssertEqual(blas.pattern, reference.pattern)
                XCTAssertEqual(blas.faceRows, reference.faceRows)
                let d = net.inputDimension
                for u in 0..<blas.rowCount {
                    let difference = (0..<d).reduce(0.0) { $0 + abs(blas.normals[u, $1] - reference.normals[u, $1]) }
                    let allowed = blas.normalError[.l1]![u] + reference.normalError[.l1]![u]
                    XCTAssertLessThanOrEqual(difference, allowed * (1 + 1e-9), "row \(u) (\(blas.units[u]))")
                    XCTAssertLessThanOrEqual(abs(blas.offsets[u] - reference.offsets[u]),
                                             (blas.offsetError[u] + reference.offsetError[u]) * (1 + 1e-9), "offset \(u)")
                }
                for norm in Norm.allCases {
                    let certified = (blas.certifiedDistances(from: x, norm: norm), reference.certifiedDistances(from: x, norm: norm))
                    let estimated = (blas.estimatedDistances(from: x, norm: norm), reference.estimatedDistances(from: x, norm: norm))
                    for u in blas.faceRows {
                        let correction = max(estimated.0[u] - certified.0[u], estimated.1[u] - certified.1[u])
                        XCTAssertLessThanOrEqual(abs(certified.0[u] - certified.1[u]), 3 * correction + 4 * certified.0[u].ulp,
                                                 "\(norm) row \(u): \(certified.0[u]) vs \(certified.1[u])")
                        comparedDistances += 1
                    }
                    XCTAssertGreaterThan(blas.radius(at: x, norm: norm).radius, 0)
                }
            }
        }
        XCTAssertGreaterThan(comparedDistances, 1000)
    }

    /// The facet classification of a cell built with OpenBLAS is the one of the
    /// same cell built with the reference loops, on 1 and 2 threads: the rows
    /// differ by rounding only, far below the LPs' tolerances on these cells.
    func testFacetSetsAreIdenticalWithAndWithoutBLASAndOnEitherThreadCount() throws {
        var g = SplitMix64(seed: 71)
        var facetsSeen = 0, redundantSeen = 0
        for sizes in [[4, 16, 16, 3], [8, 24, 24, 4], [12, 40, 40, 3]] {
            let net = try Network.random(layerSizes: sizes, decision: .argmax, using: &g)
            for _ in 0..<2 {
                let x = (0..<net.inputDimension).map { _ in standardNormal(using: &g) }
                var analyses: [FacetAnalysis] = []
                for backend in LinearAlgebraBackend.allCases {
                    for threads in [1, 2] {
                        var options = FacetOptions()
                        options.threads = threads
                        analyses.append(try with(backend) { try net.cell(at: x).facets(near: x, options: options) })
                    }
                }
                for analysis in analyses.dropFirst() {
                    XCTAssertEqual(analysis.verdicts, analyses[0].verdicts, "\(sizes)")
                    XCTAssertEqual(analysis.facetRows, analyses[0].facetRows, "\(sizes)")
                }
                XCTAssertEqual(analyses[0].unknownCount, 0, "\(sizes)")
                facetsSeen += analyses[0].facetCount
                redundantSeen += analyses[0].verdicts.filter { $0 == .redundant }.count
            }
        }
        XCTAssertGreaterThan(facetsSeen, 20)
        XCTAssertGreaterThan(redundantSeen, 20)
    }

    /// Points inside either backend's certified ball keep the pattern and the
    /// class, whichever backend evaluates them.
    func testBallsCertifiedWithEitherBackendKeepThePattern() throws {
        var g = SplitMix64(seed: 66)
        var checked = 0
        for net in try networks() {
            for _ in 0..<2 {
                let x = (0..<net.inputDimension).map { k in
                    (net.inputTransform?.mean[k] ?? 0) + (net.inputTransform?.scale[k] ?? 1) * standardNormal(using: &g)
                }
                for built in LinearAlgebraBackend.allCases {
                    let cell = try with(built) { try net.cell(at: x) }
                    for norm in Norm.allCases {
                        let r = cell.radius(at: x, norm: norm).radius
                        XCTAssertTrue(r > 0 && r.isFinite, "\(built) \(norm): radius \(r)")
                        guard r > 0, r.isFinite else { continue }
                        for _ in 0..<8 {
                            let y = pointInBall(center: x, radius: 0.999 * r, norm: norm, using: &g)
                            for evaluated in LinearAlgebraBackend.allCases {
                                let pattern = with(evaluated) { net.activationPattern(at: y) }
                                XCTAssertEqual(pattern, cell.pattern, "cell by \(built), point by \(evaluated), \(norm)")
                                checked += 1
                            }
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 500)
    }

    /// A network, an input and a radius where Monte Carlo sees every outcome:
    /// samples that stay in the cell, leave it, and change class.
    func monteCarloCase() throws -> (net: Network, x: [Double], epsilon: Double) {
        var g = SplitMix64(seed: 67)
        let net = try Network.random(layerSizes: [16, 32, 32, 3], decision: .argmax, using: &g)
        let x = (0..<16).map { _ in standardNormal(using: &g) }
        return (net, x, 0.9)
    }

    func testMonteCarloCountsAreIdenticalWithOneAndTwoThreads() throws {
        let (net, x, epsilon) = try monteCarloCase()
        for backend in LinearAlgebraBackend.allCases {
            for seed: UInt64 in [1, 2, 3] {
                let estimates = try [1, 2].map { threads in
                    try with(backend) {
                        try net.monteCarloRobustness(at: x, epsilon: epsilon, options: MonteCarloOptions(
                            samples: 3000, seed: seed, batchSize: 100, threads: threads))
                    }
                }
                XCTAssertEqual(estimates[0], estimates[1], "\(backend), seed \(seed)")
                XCTAssertGreaterThan(estimates[0].changed, 0)
                XCTAssertGreaterThan(estimates[0].leftCell, estimates[0].changed)
                XCTAssertLessThan(estimates[0].leftCell, estimates[0].samples)
            }
        }
    }

    /// The backends may decide a sample differently only when one of its
    /// pre-activations or output margins is within rounding of zero. On these
    /// seeds every sample is at least 10⁻⁹ away (checked first, on the samples
    /// `monteCarloRobustness` draws), so the counts must be equal.
    func testMonteCarloCountsAgreeWithAndWithoutBLASAwayFromFaces() throws {
        let (net, x, epsilon) = try monteCarloCase()
        let (samples, batchSize) = (3000, 100)
        for seed: UInt64 in [1, 2, 3] {
            var smallestMargin = Double.infinity
            for b in 0..<(samples / batchSize) {
                // The directions of batch b, drawn as monteCarloRobustness draws them.
                var generator = Xoshiro256StarStar(seed: seed, stream: UInt64(b))
                var directions = [Double](repeating: 0, count: batchSize * x.count)
                fillUniformOnSphere(&directions, dimension: x.count, using: &generator)
                for s in 0..<batchSize {
                    let y = (0..<x.count).map { x[$0] + epsilon * directions[s * x.count + $0] }
                    let z = with(.reference) { net.preActivations(y) }
                    let hidden = z.dropLast().joined().map { abs($0) }.min()!
                    let output = z.last!.sorted(by: >)
                    smallestMargin = min(smallestMargin, hidden, output[0] - output[1])
                }
            }
            XCTAssertGreaterThan(smallestMargin, 1e-9, "seed \(seed): a sample lies within rounding of a face; pick another seed")
            let estimates = try LinearAlgebraBackend.allCases.map { backend in
                try with(backend) {
                    try net.monteCarloRobustness(at: x, epsilon: epsilon, options: MonteCarloOptions(
                        samples: samples, seed: seed, batchSize: batchSize, threads: 2))
                }
            }
            XCTAssertEqual(estimates[0], estimates[1], "seed \(seed)")
        }
    }
}
