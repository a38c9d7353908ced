import XCTest
@testable import Probability

final class NormalDistributionTests: XCTestCase {
    /// Golden values from mpmath's erfc at 50 digits.
    func testCDFGoldenValues() {
        for c in Golden.normalCDF {
            // The argument's rounding x/√2 costs ~x² ulps in the far tail.
            let tolerance = 4e-16 * max(1, c.x * c.x)
            assertRelative(standardNormalCDF(c.x), c.cdf, tolerance, "Φ(\(c.x))")
            assertRelative(standardNormalCDFComplement(c.x), c.complement, tolerance, "1 − Φ(\(c.x))")
        }
        XCTAssertTrue(standardNormalCDF(.nan).isNaN)
        XCTAssertEqual(standardNormalCDF(.infinity), 1)
        XCTAssertEqual(standardNormalCDF(-.infinity), 0)
    }

    /// Golden quantiles from mpmath.findroot at 50 digits; AS 241 claims ~1e-16.
    func testQuantileGoldenValues() {
        for c in Golden.normalQuantile {
            if c.x == 0 {
                XCTAssertEqual(standardNormalQuantile(c.p), 0)
            } else {
                assertRelative(standardNormalQuantile(c.p), c.x, 2e-15, "Φ⁻¹(\(c.p))")
            }
        }
        XCTAssertEqual(standardNormalQuantile(0), -.infinity)
        XCTAssertEqual(standardNormalQuantile(1), .infinity)
        XCTAssertTrue(standardNormalQuantile(-0.1).isNaN)
        XCTAssertTrue(standardNormalQuantile(.nan).isNaN)
    }

    func testQuantileInvertsCDF() {
        for x in stride(from: -8.0, through: 8.0, by: 0.37) {
            let p = x < 0 ? standardNormalCDF(x) : standardNormalCDFComplement(x)
            let back = x < 0 ? standardNormalQuantile(p) : -standardNormalQuantile(p)
            XCTAssertEqual(back, x, accuracy: 1e-13 * max(1, abs(x)))
        }
    }
}
