import Foundation
import XCTest
@testable import Probability

final class CapMeasureTests: XCTestCase {
    private let grid: [Double] = stride(from: -0.995, through: 0.995, by: 0.0151).map { $0 } + [0, 1e-9, 0.999_999]

    /// d = 2: A_2(t) = arccos(t)/π; d = 3: A_3(t) = (1 − t)/2 (Archimedes).
    func testClosedFormsInTwoAndThreeDimensions() {
        for t in grid {
            assertRelative(capMeasure(dimension: 2, height: t), acos(t) / Double.pi, 1e-14, "d=2 t=\(t)")
            assertRelative(capMeasure(dimension: 3, height: t), (1 - t) / 2, 1e-14, "d=3 t=\(t)")
            XCTAssertEqual(logCapMeasure(dimension: 3, height: t), log((1 - t) / 2), accuracy: 1e-14)
        }
    }

    /// d = 4, 5, 10: the surface integral
    /// A_d(t) = ∫_t^1 (1−s²)^((d−3)/2) ds / ∫_{−1}^1 (1−s²)^((d−3)/2) ds, computed here
    /// by Simpson's rule after s = cos θ (∫_0^{arccos t} sin^(d−2) θ dθ, a smooth
    /// integrand, so 4000 intervals give ~1e-14).
    func testSmallDimensionsAgainstQuadrature() {
        for d in [4, 5, 10] {
            let power = Double(d - 2)
            let integrand = { (theta: Double) in pow(sin(theta), power) }
            let total = simpson(integrand, from: 0, to: Double.pi, intervals: 4000)
            for t in stride(from: -0.9, through: 0.9, by: 0.15) {
                let part = simpson(integrand, from: 0, to: acos(t), intervals: 4000)
                assertRelative(capMeasure(dimension: d, height: t), part / total, 1e-12, "d=\(d) t=\(t)")
            }
        }
    }

    /// Golden values from 50-digit mpmath, d from 4 to 10⁶ (cap values down to e^(−3·10⁶), checked in logs).
    func testGoldenValues() {
        var worst = 0.0
        for c in Golden.capMeasure {
            let value = capMeasure(dimension: c.d, height: c.t)
            let logValue = logCapMeasure(dimension: c.d, height: c.t)
            let context = "A_\(c.d)(\(c.t))"
            if c.value >= Double.leastNormalMagnitude {
                assertRelative(value, c.value, 1e-15 * (4 + abs(c.logValue)), context)
                worst = max(worst, relativeError(value, c.value))
            } else {
                XCTAssertLessThan(value, 1e-300, context)
            }
            XCTAssertEqual(logValue, c.logValue, accuracy: 1e-15 * (4 + abs(c.logValue)), context + " log")
        }
        print("cap measure: worst relative error against mpmath \(worst)")
    }

    /// Ball's Lemma 2.2: A_d(t) ≤ exp(−d t²/2) for 0 ≤ t < 1, every d (also in logs,
    /// where the cap itself underflows).
    func testBallBoundHolds() {
        for d in [1, 2, 3, 4, 7, 10, 50, 784, 3072, 100_000, 10_000_000] {
            for t in stride(from: 0.0, through: 0.999, by: 0.009) {
                XCTAssertLessThanOrEqual(capMeasure(dimension: d, height: t), ballCapBound(dimension: d, height: t),
                                         "d=\(d) t=\(t)")
                if t > 0 {
                    XCTAssertLessThanOrEqual(logCapMeasure(dimension: d, height: t), -Double(d) * t * t / 2,
                                             "d=\(d) t=\(t)")
                }
            }
        }
        XCTAssertEqual(ballCapBound(dimension: 5, height: -0.3), 1)
        XCTAssertEqual(ballCapBound(dimension: 5, height: 0), 1)
        assertRelative(ballCapBound(dimension: 8, height: 0.5), exp(-1), 1e-15)
        XCTAssertTrue(ballCapBound(dimension: 0, height: 0.5).isNaN)
    }

    /// A_d(t) is non-increasing in t, and for t > 0 non-increasing in d
    /// (concentration of measure); A_d(t) + A_d(−t) = 1.
    func testMonotonicityAndSymmetry() {
        for d in [2, 3, 6, 25, 784, 100_000] {
            var previous = 1.0
            for t in grid.sorted() {
                let value = capMeasure(dimension: d, height: t)
                XCTAssertLessThanOrEqual(value, previous, "d=\(d) t=\(t)")
                previous = value
                XCTAssertEqual(value + capMeasure(dimension: d, height: -t), 1, accuracy: 2e-16)
            }
        }
        for t in [0.01, 0.1, 0.5, 0.9] {
            var previous = 1.0
            for d in [2, 3, 4, 5, 8, 13, 100, 1000, 10_000, 1_000_000] {
                let value = capMeasure(dimension: d, height: t)
                XCTAssertLessThanOrEqual(value, previous, "d=\(d) t=\(t)")
                previous = value
            }
        }
    }

    func testEdgesAndDegenerateDimension() {
        for d in [2, 3, 10, 100_000] {
            XCTAssertEqual(capMeasure(dimension: d, height: 1), 0)
            XCTAssertEqual(capMeasure(dimension: d, height: 1.5), 0)
            XCTAssertEqual(capMeasure(dimension: d, height: -1), 1)
            XCTAssertEqual(capMeasure(dimension: d, height: -3), 1)
            XCTAssertEqual(capMeasure(dimension: d, height: 0), 0.5)
            XCTAssertEqual(logCapMeasure(dimension: d, height: 1), -.infinity)
            XCTAssertEqual(logCapMeasure(dimension: d, height: -1), 0)
        }
        // S⁰ = {−1, +1}: two atoms of mass ½.
        XCTAssertEqual(capMeasure(dimension: 1, height: -1), 1)
        XCTAssertEqual(capMeasure(dimension: 1, height: -0.5), 0.5)
        XCTAssertEqual(capMeasure(dimension: 1, height: 0.7), 0.5)
        XCTAssertEqual(capMeasure(dimension: 1, height: 1), 0.5)
        XCTAssertEqual(capMeasure(dimension: 1, height: 1.01), 0)
        XCTAssertTrue(capMeasure(dimension: 0, height: 0.5).isNaN)
        XCTAssertTrue(capMeasure(dimension: 3, height: .nan).isNaN)
        XCTAssertTrue(logCapMeasure(dimension: -2, height: 0.5).isNaN)
        // Tiny heights in huge dimensions: A ≈ ½ − t·sqrt(d/(2π)).
        let d = 10_000_000, t = 1e-9
        assertRelative(0.5 - capMeasure(dimension: d, height: t), t * (Double(d) / (2 * Double.pi)).squareRoot(), 1e-5)
    }
}
