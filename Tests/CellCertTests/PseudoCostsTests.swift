@testable import CellCert
import XCTest

/// Issue 16: the pseudo-costs that choose the LP proof's splits average the
/// rise per unit moved, fall back to the average over the binaries seen, and
/// score a split by the product of both children's expected rises.
final class PseudoCostsTests: XCTestCase {
    func testAveragesFallBackAndScore() {
        var costs = PseudoCosts()
        XCTAssertEqual(costs.rates(3).down, 1, "no observation at all: a neutral rate")
        costs.record(.init(variable: 3, up: false, fraction: 0.5), degradation: 1)     // 2 per unit
        costs.record(.init(variable: 3, up: false, fraction: 0.25), degradation: 1)    // 4 per unit
        XCTAssertFalse(costs.isInitialized(3), "only the down direction has been seen")
        costs.record(.init(variable: 3, up: true, fraction: 0.5), degradation: 0.5)    // 1 per unit
        XCTAssertTrue(costs.isInitialized(3))
        XCTAssertEqual(costs.rates(3).down, 3, accuracy: 1e-12)
        XCTAssertEqual(costs.rates(3).up, 1, accuracy: 1e-12)
        costs.record(.init(variable: 7, up: true, fraction: 0.5), degradation: 2.5)    // 5 per unit
        XCTAssertEqual(costs.rates(7).down, 3, accuracy: 1e-12, "an unseen direction takes the average of those seen")
        XCTAssertEqual(costs.rates(9).up, 3, accuracy: 1e-12, "(1 + 5) / 2")
        // Product of the expected rises: 3·0.5 × 1·0.5 for 3, 3·0.5 × 5·0.5 for 7.
        XCTAssertEqual(costs.score(3, value: 0.5), 0.75, accuracy: 1e-12)
        XCTAssertGreaterThan(costs.score(7, value: 0.5), costs.score(3, value: 0.5))
        // A binary at 0 or 1 gains nothing on one side: the floor keeps the product from vanishing only slightly.
        XCTAssertLessThan(costs.score(7, value: 1e-9), 1e-5)
        costs.record(.init(variable: 3, up: true, fraction: 0), degradation: 1)
        XCTAssertEqual(costs.rates(3).up, 1, accuracy: 1e-12, "a branch that moved nothing is not recorded")
    }
}
