import CellCert
import Foundation
import XCTest

/// JSON networks whose row counts would make the reader reserve gigabytes
/// are refused against `FormatLimits` before anything is reserved.
final class HostileJSONTests: HostileFileTestCase {
    func testALayerWhoseRowsWouldNeedGigabytesIsRefusedBeforeReserving() throws {
        // 16384 one-unit rows, then 16385 "rows" that are bare zeros: 16385 × 16384 weights
        // (2 GiB) would be reserved before the first row is found not to be an array.
        let first = Array(repeating: "[0]", count: 16_384).joined(separator: ",")
        let bias = Array(repeating: "0", count: 16_384).joined(separator: ",")
        let second = Array(repeating: "0", count: 16_385).joined(separator: ",")
        let text = """
            {"format": "cellcert-network", "version": 1, "decision": "argmax", "layers": [
              {"weights": [\(first)], "bias": [\(bias)], "activation": "relu"},
              {"weights": [\(second)], "bias": []}]}
            """
        let url = try write("wide.json", text)
        let message = assertRefused(url, mentioning: ["layers[1].weights", "268435456 (2^28) parameters"]) {
            try NetworkJSONFormat.read(contentsOf: url)
        }
        XCTAssertEqual(message, "\(url.relativePath): layers[1].weights: layer sizes 1, 16384, 16385 give 268500993 parameters, "
                       + "which exceeds the limit of 268435456 (2^28) parameters")
    }
}
