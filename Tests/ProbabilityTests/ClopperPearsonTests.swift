import XCTest
@testable import Probability

final class ClopperPearsonTests: XCTestCase {
    /// Golden values from scipy.stats.beta.ppf (each checked against a 50-digit
    /// mpmath root by the script), at 95% and 99.9%, n from 1 to 10⁵.
    func testGoldenValues() throws {
        for c in Golden.clopperPearson {
            let interval = try clopperPearsonInterval(successes: c.k, trials: c.n, confidence: c.confidence)
            let context = "k=\(c.k) n=\(c.n) confidence=\(c.confidence)"
            assertRelative(interval.lower, c.lower, 1e-12, context + " lower")
            assertRelative(interval.upper, c.upper, 1e-12, context + " upper")
            XCTAssertLessThanOrEqual(interval.lower, Double(c.k) / Double(c.n))
            XCTAssertGreaterThanOrEqual(interval.upper, Double(c.k) / Double(c.n))
        }
    }

    /// k = 0 has lower end 0 and upper end 1 − (α/2)^(1/n); k = n mirrors it.
    func testClosedFormsAtTheEnds() throws {
        for n in [1, 7, 100, 12_345] {
            for confidence in [0.9, 0.95, 0.999] {
                let halfAlpha = (1 - confidence) / 2
                let none = try clopperPearsonInterval(successes: 0, trials: n, confidence: confidence)
                XCTAssertEqual(none.lower, 0)
                assertRelative(none.upper, -expm1(log(halfAlpha) / Double(n)), 1e-13)
                let all = try clopperPearsonInterval(successes: n, trials: n, confidence: confidence)
                XCTAssertEqual(all.upper, 1)
                assertRelative(all.lower, exp(log(halfAlpha) / Double(n)), 1e-13)
            }
        }
    }

    func testInvalidInputsThrow() {
        XCTAssertThrowsError(try clopperPearsonInterval(successes: 0, trials: 0, confidence: 0.95))
        XCTAssertThrowsError(try clopperPearsonInterval(successes: -1, trials: 10, confidence: 0.95))
        XCTAssertThrowsError(try clopperPearsonInterval(successes: 11, trials: 10, confidence: 0.95))
        XCTAssertThrowsError(try clopperPearsonInterval(successes: 1, trials: 10, confidence: 1))
        XCTAssertThrowsError(try clopperPearsonInterval(successes: 1, trials: 10, confidence: .nan))
        do {
            _ = try clopperPearsonInterval(successes: 1, trials: 10, confidence: 0)
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.message, "confidence must lie strictly between 0 and 1, got 0.0")
        }
    }
}
