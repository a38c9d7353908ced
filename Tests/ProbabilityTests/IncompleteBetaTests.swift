import Foundation
import XCTest
@testable import Probability

final class IncompleteBetaTests: XCTestCase {
    /// Golden values: 50-digit mpmath (make_probability_golden_values.py), a and b from
    /// 0.1 to 2·10⁶, values from 10⁻¹²³³⁷ to 1. The claim tested: relative error at most
    /// `10⁻¹⁵·(4 + |ln I|)` (the `|ln I|` term is the conditioning of a power computed
    /// in log space), and the same absolute error for `ln I`.
    func testGoldenValues() {
        func tolerance(_ value: Double, log logValue: Double) -> Double { 1e-15 * (4 + abs(logValue)) }
        var worst = 0.0
        for c in Golden.incompleteBeta {
            let value = regularizedIncompleteBeta(x: c.x, a: c.a, b: c.b)
            let complement = regularizedIncompleteBetaComplement(x: c.x, a: c.a, b: c.b)
            let logValue = logRegularizedIncompleteBeta(x: c.x, a: c.a, b: c.b)
            let context = "I_\(c.x)(\(c.a), \(c.b))"
            if c.value >= Double.leastNormalMagnitude {
                assertRelative(value, c.value, tolerance(c.value, log: c.logValue), context)
                worst = max(worst, relativeError(value, c.value))
            } else {
                XCTAssertLessThan(value, 1e-300, context)  // underflowed: the log carries it
            }
            if c.complement >= Double.leastNormalMagnitude {
                assertRelative(complement, c.complement, tolerance(c.complement, log: log(c.complement)),
                               context + " complement")
                worst = max(worst, relativeError(complement, c.complement))
            } else {
                XCTAssertLessThan(complement, 1e-300, context)
            }
            XCTAssertEqual(logValue, c.logValue, accuracy: 1e-15 * (4 + abs(c.logValue)), context + " log")
        }
        print("incomplete beta: worst relative error against mpmath \(worst)")
    }

    func testEdgesAndDomain() {
        XCTAssertEqual(regularizedIncompleteBeta(x: 0, a: 2, b: 3), 0)
        XCTAssertEqual(regularizedIncompleteBeta(x: -1, a: 2, b: 3), 0)
        XCTAssertEqual(regularizedIncompleteBeta(x: 1, a: 2, b: 3), 1)
        XCTAssertEqual(regularizedIncompleteBetaComplement(x: 0, a: 2, b: 3), 1)
        XCTAssertEqual(regularizedIncompleteBetaComplement(x: 1, a: 2, b: 3), 0)
        XCTAssertEqual(logRegularizedIncompleteBeta(x: 0, a: 2, b: 3), -.infinity)
        XCTAssertEqual(logRegularizedIncompleteBeta(x: 1, a: 2, b: 3), 0)
        XCTAssertTrue(regularizedIncompleteBeta(x: .nan, a: 2, b: 3).isNaN)
        XCTAssertTrue(regularizedIncompleteBeta(x: 0.5, a: 0, b: 3).isNaN)
        XCTAssertTrue(regularizedIncompleteBeta(x: 0.5, a: 2, b: -1).isNaN)
        XCTAssertTrue(regularizedIncompleteBeta(x: 0.5, a: .infinity, b: 1).isNaN)
        XCTAssertTrue(regularizedIncompleteBeta(x: 0.5, a: .nan, b: 1).isNaN)
    }

    /// Closed forms: I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 − (1−x)^b,
    /// I_x(½, ½) = (2/π) arcsin √x; and the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
    /// Tolerance: a few ulps times (1 + |ln I|), the conditioning of a log-space power.
    func testClosedFormsAndSymmetry() {
        func tolerance(_ value: Double) -> Double { 1e-15 * (4 + abs(log(value))) }
        func check(_ actual: Double, _ expected: Double, file: StaticString = #filePath, line: UInt = #line) {
            assertRelative(actual, expected, tolerance(expected), file: file, line: line)
        }
        for x in stride(from: 0.01, through: 0.99, by: 0.07) {
            check(regularizedIncompleteBeta(x: x, a: 1, b: 1), x)
            check(regularizedIncompleteBeta(x: x, a: 3.5, b: 1), pow(x, 3.5))
            check(regularizedIncompleteBeta(x: x, a: 1, b: 2.5), -expm1(2.5 * log1p(-x)))
            check(regularizedIncompleteBeta(x: x, a: 0.5, b: 0.5), 2 / Double.pi * asin(x.squareRoot()))
            for (a, b) in [(2.0, 7.0), (30.0, 4.0), (0.3, 0.9)] {
                let direct = regularizedIncompleteBeta(x: x, a: a, b: b)
                check(regularizedIncompleteBetaComplement(x: 1 - x, a: b, b: a), direct)
                XCTAssertEqual(direct + regularizedIncompleteBetaComplement(x: x, a: a, b: b), 1, accuracy: 1e-15)
            }
        }
    }

    func testInverseGoldenValues() {
        for c in Golden.inverseIncompleteBeta {
            let x = inverseRegularizedIncompleteBeta(p: c.p, a: c.a, b: c.b)
            assertRelative(x, c.x, 1e-12, "B⁻¹(\(c.p); \(c.a), \(c.b))")
        }
    }

    /// `x = B⁻¹(p)` is correct to relative 1e-12: the distribution function brackets
    /// `p` between `x(1 − 1e-12)` and `x(1 + 1e-12)` (in `1 − x` when `x` is near 1,
    /// where a double cannot resolve `x` any better than `ulp(1)`). Shapes from
    /// U-shaped to a cap of d = 10⁵, p from 1e-12 to 1 − 1e-9.
    func testInverseBracketsTheProbability() {
        let shapes: [(Double, Double)] = [(0.5, 0.5), (1, 1), (2, 5), (0.2, 3), (40, 0.7),
                                          (1000, 1000), (1, 100_000), (49_999.5, 0.5)]
        let probabilities = [1e-12, 1e-6, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999, 1 - 1e-9]
        for (a, b) in shapes {
            for p in probabilities {
                let x = inverseRegularizedIncompleteBeta(p: p, a: a, b: b)
                XCTAssert(x > 0 && x <= 1, "a=\(a) b=\(b) p=\(p): \(x)")
                let slack = max(1e-12 * min(x, 1 - x), 4 * Double.ulpOfOne)
                let below = regularizedIncompleteBeta(x: x - slack, a: a, b: b)
                let above = x + slack >= 1 ? 1 : regularizedIncompleteBeta(x: x + slack, a: a, b: b)
                XCTAssert(below <= p && p <= above, "a=\(a) b=\(b) p=\(p): I(x−) = \(below), I(x+) = \(above)")
                if p <= 0.5 && x > 1e-300 {
                    assertRelative(regularizedIncompleteBeta(x: x, a: a, b: b), p, 1e-9, "a=\(a) b=\(b) p=\(p)")
                }
            }
        }
        XCTAssertEqual(inverseRegularizedIncompleteBeta(p: 0, a: 2, b: 3), 0)
        XCTAssertEqual(inverseRegularizedIncompleteBeta(p: 1, a: 2, b: 3), 1)
        XCTAssertTrue(inverseRegularizedIncompleteBeta(p: 1.5, a: 2, b: 3).isNaN)
        XCTAssertTrue(inverseRegularizedIncompleteBeta(p: .nan, a: 2, b: 3).isNaN)
    }

    func testLogGamma() {
        assertRelative(logGamma(0.5), 0.5 * log(Double.pi), 1e-15)
        XCTAssertEqual(logGamma(1), 0)
        XCTAssertEqual(logGamma(2), 0)
        assertRelative(logGamma(10), log(362_880), 1e-15)
        assertRelative(logGamma(-0.5), log(2 * Double.pi.squareRoot()), 1e-15)  // |Γ(−½)| = 2√π
        XCTAssertEqual(logGamma(0), .infinity)
        // Stirling's remainder agrees between its series and its definition at z = 10.
        let definition = logGamma(10) - (9.5 * log(10.0) - 10 + 0.5 * log(2 * Double.pi))
        XCTAssertEqual(stirlingCorrection(10), definition, accuracy: 1e-14)
    }

    /// r(z) = z − ln(1+z) against its Taylor series for small z and log1p far away.
    func testLogOnePlusRemainder() {
        for z in [1e-8, -1e-8, 1e-3, -2e-3] {
            // z²/2 − z³/3 + z⁴/4 − z⁵/5 + z⁶/6: the remainder is below 1e-16 relative.
            var series = 0.0
            for k in stride(from: 6, through: 2, by: -1) {
                series += (k % 2 == 0 ? 1 : -1) * pow(z, Double(k)) / Double(k)
            }
            assertRelative(logOnePlusRemainder(z), series, 1e-12)
        }
        for z in [-0.5, -0.3, 0.5, 1.0, 3.0] {
            assertRelative(logOnePlusRemainder(z), z - log1p(z), 1e-14)
        }
    }
}

extension IncompleteBetaTests {
    /// Where `incompleteBetaContinuedFraction` chooses double arithmetic (first
    /// denominator ≥ ¼), it agrees with the double-double evaluation to a few ulps.
    func testDoubleAndDoubleDoubleContinuedFractionsAgree() {
        var checked = 0
        for a in [0.3, 1, 4.5, 30, 391.5, 5_000, 49_999.5, 1e6] {
            for b in [0.5, 2, 70, 1e4, 1e6] {
                for x in stride(from: 0.001, to: 1, by: 0.0173) where x * (a + b + 2) < a + 1 {
                    let first = 1 - (a + b) * x / (a + 1)
                    guard first >= 0.25 else { continue }
                    let plain = lentzContinuedFraction(x: x, a: a, b: b, tolerance: Double.ulpOfOne)
                    let precise = lentzContinuedFraction(x: DoubleDouble(x), a: a, b: b, tolerance: 1e-20)
                    assertRelative(plain, precise, 2e-15, "a=\(a) b=\(b) x=\(x)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 300)
    }
}
