import Foundation
import XCTest

/// Issue 14 §2: `certify --norm linf --epsilon …` used to print `radius_l2 = inf` and
/// `suspicious = no` in text and CSV while the JSON said `suspicious: true`. The ℓ2
/// radius is computed whenever the bounds need it, and every format shows the same values.
final class ReportAgreementTests: XCTestCase {
    func testTextCSVAndJSONAgreeOnTheL2RadiusAndSuspiciousWithAnotherNorm() throws {
        let arguments = ["certify", "Fixtures/example-net.json", "--inputs", "Fixtures/example-inputs.csv",
                         "--label-column", "first", "--norm", "linf", "--epsilon", "0.05"]
        let json = try CommandLineRunner.run(arguments + ["--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let results = try XCTUnwrap(report["results"] as? [[String: Any]])
        var expected: [String: (radius: Double, suspicious: Bool)] = [:]
        for result in results {
            let radius = try XCTUnwrap((result["cell"] as? [String: Any])?["radius"] as? [String: Double])
            expected[String(try XCTUnwrap(result["index"] as? Int))] = (try XCTUnwrap(radius["l2"]),
                                                                         try XCTUnwrap(result["suspicious"] as? Bool))
        }
        XCTAssertTrue(expected.values.contains { $0.suspicious }, "not vacuous: some input is suspicious at ε = 0.05, some is not")
        XCTAssertTrue(expected.values.contains { !$0.suspicious })

        let csv = try CommandLineRunner.run(arguments + ["--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try XCTUnwrap(lines.first)
        let (index, radius, suspicious) = (header.firstIndex(of: "index")!, header.firstIndex(of: "radius_l2")!,
                                           header.firstIndex(of: "suspicious")!)
        XCTAssertEqual(lines.count - 1, expected.count)
        for row in lines.dropFirst() {
            let want = try XCTUnwrap(expected[row[index]])
            XCTAssertEqual(try XCTUnwrap(Double(row[radius])), want.radius, accuracy: 1e-6 * want.radius, row[index])
            XCTAssertEqual(row[suspicious], want.suspicious ? "yes" : "no", row[index])
        }

        let text = try CommandLineRunner.run(arguments)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertFalse(text.stdout.contains(" inf "), text.stdout)
        XCTAssertEqual(text.stdout.components(separatedBy: "  yes  ").count - 1, expected.values.filter(\.suspicious).count,
                       text.stdout)
    }
}
