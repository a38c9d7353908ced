import Foundation
import XCTest
@testable import CellCert

/// The reader against outputs computed independently by
/// Fixtures/scripts/make_golden_nnet.py (numpy, float64) on the nine ACAS Xu networks.
final class FormatsGoldenTests: XCTestCase {
    struct Golden: Decodable {
        struct Case: Decodable {
            let network: String
            let input: [Double]
            let output: [Double]
            let argmin: Int
        }
        let cases: [Case]
    }

    func testACASXuOutputsMatchIndependentEvaluation() throws {
        let directory = try FormatTestSupport.sharedNet("acasxu")
        let goldenURL = try XCTUnwrap(Bundle.module.url(forResource: "Golden/acasxu_golden", withExtension: "json"),
                                      "Golden/acasxu_golden.json is missing from the test bundle")
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: goldenURL))
        XCTAssertEqual(Set(golden.cases.map(\.network)).count, 9)
        var networks: [String: Network] = [:]
        for c in golden.cases {
            if networks[c.network] == nil {
                let net = try NNetFormat.read(contentsOf: directory.appendingPathComponent(c.network))
                XCTAssertEqual(net.layerSizes, [5, 50, 50, 50, 50, 50, 50, 5])
                XCTAssertEqual(net.decision, .argmin)
                XCTAssertNotNil(net.outputTransform)
                XCTAssertTrue(net.domain!.contains(c.input))
                networks[c.network] = net
            }
            let net = networks[c.network]!
            let out = net.outputs(c.input)
            for (k, (got, want)) in zip(out, c.output).enumerated() {
                XCTAssertLessThanOrEqual(abs(got - want), 1e-9 + 1e-9 * abs(want), "\(c.network) output \(k): \(got) vs \(want)")
            }
            XCTAssertEqual(net.classify(c.input), c.argmin, c.network)
            // Batch (dgemm) and single (dgemv) passes sum in different orders: equal within rounding.
            let batch = net.outputs(batch: Matrix(rowArrays: [c.input]))
            for (k, (got, want)) in zip(batch.row(0), out).enumerated() {
                XCTAssertLessThanOrEqual(abs(got - want), 1e-12 * max(1, abs(want)), "\(c.network) batch output \(k)")
            }
        }
    }
}
