@testable import CellCert
import Probability
import TestSupport
import XCTest

/// The vectorised one-pass row kernels (`RowLengths`, `Matrix.productsAndMagnitudes`)
/// against exact dyadic arithmetic: their sums run in a different order than a
/// left-to-right loop, and the rounding model allows any order within `γ_n`.
final class RowKernelTests: XCTestCase {
    /// Row lengths around the kernels' block of 8 entries: none, a partial block, whole
    /// blocks, whole blocks plus a tail, and a long row.
    let lengths = [0, 1, 7, 8, 9, 16, 23, 300]

    /// `γ_n` rounded up, as an exact number.
    func gamma(_ n: Int) -> Dyadic { Dyadic(n == 0 ? 0 : RoundingModel.gamma(n).nextUp.nextUp) }

    func absolute(_ x: Dyadic) -> Dyadic { x.signum < 0 ? -x : x }

    func testRowLengthsAreWithinTheRoundingBoundOfTheExactLengths() {
        var g = SplitMix64(seed: 83)
        for n in lengths {
            let m = randomMatrix(rows: 5, columns: n, using: &g)
            let weights = (0..<n).map { _ in Double.random(in: 0.01...100, using: &g) }
            let computed = RowLengths(of: m, weights: weights)
            XCTAssertEqual(computed.count, 5)
            for i in 0..<m.rows {
                var (squares, sum, weighted, largest) = (Dyadic.zero, Dyadic.zero, Dyadic.zero, 0.0)
                for k in 0..<n {
                    let a = Dyadic(abs(m[i, k]))
                    squares = squares + a * a
                    sum = sum + a
                    weighted = weighted + a * Dyadic(weights[k])
                    largest = max(largest, abs(m[i, k]))
                }
                let label = "row \(i) of length \(n)"
                XCTAssertEqual(computed.linf[i], largest, label)
                XCTAssertFalse(gamma(n) * sum < absolute(Dyadic(computed.l1[i]) - sum), "ℓ1 " + label)
                XCTAssertFalse(gamma(n + 1) * weighted < absolute(Dyadic(computed.scaledL1[i]) - weighted), "scaled ℓ1 " + label)
                // The inflated ℓ2 length bounds the exact one from above, the deflated one from below.
                let inflation = RoundingModel.normInflation(length: n)
                let upper = Dyadic(computed.l2[i] * inflation * (1 + 2 * RoundingModel.unitRoundoff))
                let lower = Dyadic(computed.l2[i] / inflation * (1 - 2 * RoundingModel.unitRoundoff))
                XCTAssertFalse(upper * upper < squares, "ℓ2 upper " + label)
                XCTAssertFalse(squares < lower * lower, "ℓ2 lower " + label)
                XCTAssertEqual(computed[.l2][i], computed.l2[i])
                XCTAssertEqual(computed[.scaledL1][i], computed.scaledL1[i])
            }
        }
    }

    func testSelectingAndAppendingKeepEveryMeasureOfEachRow() {
        var g = SplitMix64(seed: 84)
        let m = randomMatrix(rows: 6, columns: 19, using: &g)
        let weights = [Double](repeating: 2, count: 19)
        let all = RowLengths(of: m, weights: weights)
        var rebuilt = all.selecting([4, 1])
        rebuilt.append(RowLengths(of: m.selectingRows([0]), weights: weights))
        for measure in ErrorMeasure.allCases {
            XCTAssertEqual(rebuilt[measure], [all[measure][4], all[measure][1], all[measure][0]], "\(measure)")
        }
    }

    func testProductsAndMagnitudesAreWithinTheDotProductBound() {
        var g = SplitMix64(seed: 85)
        for n in lengths {
            let m = randomMatrix(rows: 4, columns: n, using: &g)
            let v = (0..<n).map { _ in standardNormal(using: &g) * 3 }
            let (products, magnitudes) = m.productsAndMagnitudes(by: v)
            XCTAssertEqual(products.count, 4)
            XCTAssertEqual(magnitudes.count, 4)
            for i in 0..<m.rows {
                var (exact, magnitude) = (Dyadic.zero, Dyadic.zero)
                for k in 0..<n {
                    let term = Dyadic(m[i, k]) * Dyadic(v[k])
                    exact = exact + term
                    magnitude = magnitude + absolute(term)
                }
                let label = "row \(i) of length \(n)"
                XCTAssertFalse(gamma(n) * magnitude < absolute(Dyadic(products[i]) - exact), "A·x " + label)
                XCTAssertFalse(gamma(n) * magnitude < absolute(Dyadic(magnitudes[i]) - magnitude), "|A|·|x| " + label)
            }
        }
    }

    /// A matrix above `RowChunks.minimumEntries` is measured in chunks of rows on
    /// several threads; every row must come out bit for bit as when measured alone.
    func testChunkedRowsEqualRowsMeasuredOneByOne() {
        var g = SplitMix64(seed: 86)
        let (rows, columns) = (300, 517)
        XCTAssertGreaterThanOrEqual(rows * columns, RowChunks.minimumEntries)
        let m = randomMatrix(rows: rows, columns: columns, using: &g)
        let weights = (0..<columns).map { _ in Double.random(in: 0.5...2, using: &g) }
        let v = (0..<columns).map { _ in standardNormal(using: &g) }
        let lengths = RowLengths(of: m, weights: weights)
        let (products, magnitudes) = m.productsAndMagnitudes(by: v)
        for i in 0..<rows {
            let row = m.selectingRows([i])
            let alone = RowLengths(of: row, weights: weights)
            for measure in ErrorMeasure.allCases {
                XCTAssertEqual(lengths[measure][i].bitPattern, alone[measure][0].bitPattern, "row \(i) \(measure)")
            }
            let (product, magnitude) = row.productsAndMagnitudes(by: v)
            XCTAssertEqual(products[i].bitPattern, product[0].bitPattern, "A·x row \(i)")
            XCTAssertEqual(magnitudes[i].bitPattern, magnitude[0].bitPattern, "|A|·|x| row \(i)")
        }
    }
}
