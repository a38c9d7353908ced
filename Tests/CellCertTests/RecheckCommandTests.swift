import Foundation
import XCTest

/// Issue 13 §6: `certify --recheck exact` re-verifies every certified radius in
/// exact arithmetic and reports it in every format.
final class RecheckCommandTests: XCTestCase {
    func testRecheckExactReportsEveryNormInTextAndJSON() throws {
        let text = try CommandLineRunner.run(["certify", "Fixtures/example-net.json", "--inputs", "Fixtures/example-inputs.csv",
                                              "--label-column", "first", "--recheck", "exact"])
        XCTAssertEqual(text.status, 0, text.stderr)
        let rows = text.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
        XCTAssertEqual(rows.count, 10)
        XCTAssertTrue(rows.allSatisfy { $0.hasSuffix("exact") }, text.stdout)

        let json = try CommandLineRunner.run(["certify", "Fixtures/example-net.json", "--input", "0.1,0.2,0.3,0.4",
                                              "--recheck", "exact", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let cell = try XCTUnwrap(((report["results"] as? [[String: Any]])?.first)?["cell"] as? [String: Any])
        let radius = try XCTUnwrap(cell["radius"] as? [String: Double])
        let recheck = try XCTUnwrap(cell["recheck"] as? [String: [String: Any]])
        XCTAssertEqual(Set(recheck.keys), ["l2", "linf", "l1"])
        for (norm, entry) in recheck {
            XCTAssertEqual(entry["holds"] as? Bool, true, norm)
            // The exact radius is at least the certified one, and close to it.
            let exact = try XCTUnwrap(entry["exactRadius"] as? Double)
            XCTAssertGreaterThanOrEqual(exact, try XCTUnwrap(radius[norm]), norm)
            XCTAssertLessThanOrEqual(exact, try XCTUnwrap(radius[norm]) * (1 + 1e-6), norm)
        }
        // Without the option the key is null, not absent.
        let plain = try CommandLineRunner.run(["certify", "Fixtures/example-net.json", "--input", "0.1,0.2,0.3,0.4", "--format", "json"])
        XCTAssertTrue(plain.stdout.contains("\"recheck\" : null"), plain.stdout)
    }
}
