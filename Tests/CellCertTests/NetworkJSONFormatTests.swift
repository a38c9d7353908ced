import Foundation
import XCTest
@testable import CellCert

final class NetworkJSONFormatTests: XCTestCase {
    static let minimal = """
    {"format": "cellcert-network", "version": 1, "decision": "threshold",
     "layers": [{"weights": [[1, -1], [0.5, 2]], "bias": [0, 1], "activation": "heaviside"},
                {"weights": [[1, 1]], "bias": [-1.5]}]}
    """

    func testParsesMinimalNetwork() throws {
        let net = try NetworkJSONFormat.parse(Self.minimal)
        XCTAssertEqual(net.layerSizes, [2, 2, 1])
        XCTAssertEqual(net.hiddenActivations, [.heaviside])
        XCTAssertEqual(net.decision, .threshold)
        XCTAssertNil(net.inputTransform)
        XCTAssertNil(net.outputTransform)
        XCTAssertNil(net.domain)
        XCTAssertEqual(net.classify([1, 0]), 1)   // units: [1, 0.5] → [1, 1] → 0.5 > 0
        XCTAssertEqual(net.classify([-1, 0]), 0)  // units: [-1, -0.5] → [0, 0] → -1.5
    }

    func testActivationDefaultsToReLU() throws {
        let text = Self.minimal.replacingOccurrences(of: ", \"activation\": \"heaviside\"", with: "")
        XCTAssertEqual(try NetworkJSONFormat.parse(text).hiddenActivations, [.relu])
    }

    func testRoundTripGivesEqualNetwork() throws {
        for decision in DecisionHead.allCases where decision != .threshold {
            for activation in HiddenActivation.allCases {
                let net = try FormatTestSupport.sampleNetwork(decision: decision, activation: activation)
                XCTAssertEqual(try NetworkJSONFormat.parse(NetworkJSONFormat.serialize(net)), net)
            }
        }
        let minimal = try NetworkJSONFormat.parse(Self.minimal)
        XCTAssertEqual(try NetworkJSONFormat.parse(NetworkJSONFormat.serialize(minimal)), minimal)
    }

    func testWriterLayout() throws {
        let net = try NetworkJSONFormat.parse(Self.minimal)
        XCTAssertEqual(NetworkJSONFormat.serialize(net), """
        {
          "format": "cellcert-network",
          "version": 1,
          "decision": "threshold",
          "layers": [
            {
              "weights": [
                [1.0, -1.0],
                [0.5, 2.0]
              ],
              "bias": [0.0, 1.0],
              "activation": "heaviside"
            },
            {
              "weights": [
                [1.0, 1.0]
              ],
              "bias": [-1.5]
            }
          ]
        }

        """)
    }

    func testDecisionOverride() throws {
        let text = edited("{\"weights\": [[1, 1]], \"bias\": [-1.5]}", "{\"weights\": [[1, 1], [0, 1]], \"bias\": [-1.5, 0]}")
        FormatTestSupport.assertError("n.json: decision 'threshold' needs one output unit, the network has 2") {
            try NetworkJSONFormat.parse(text, name: "n.json")
        }
        XCTAssertEqual(try NetworkJSONFormat.parse(text, decisionOverride: .argmin).decision, .argmin)
    }

    /// `minimal` with `old` replaced by `new` (which must occur).
    func edited(_ old: String, _ new: String) -> String {
        XCTAssertTrue(Self.minimal.contains(old), old)
        return Self.minimal.replacingOccurrences(of: old, with: new)
    }

    func testMalformedValuesNameTheKeyPath() {
        let cases: [(String, String, String)] = [
            ("\"bias\": [0, 1]", "\"bias\": [0]", "n.json: layers[0].bias: expected 2 numbers (one per row of weights), found 1"),
            ("[[1, 1]]", "[[1, 1, 1]]", "n.json: layers[1].weights[0]: expected 2 numbers (one per unit of layers[0]), found 3"),
            ("[0.5, 2]", "[0.5]", "n.json: layers[0].weights[1]: expected 2 numbers (as in row 0), found 1"),
            ("[0.5, 2]", "[0.5, true]", "n.json: layers[0].weights[1][1]: expected a number, found a boolean"),
            ("[0.5, 2]", "[0.5, 1e999]", "n.json: layers[0].weights[1][1]: number out of the range of Double"),
            ("\"bias\": [-1.5]", "\"bias\": \"x\"", "n.json: layers[1].bias: expected an array of numbers, found a string"),
            ("\"heaviside\"", "\"sigmoid\"", "n.json: layers[0].activation: expected one of 'relu', 'heaviside', found 'sigmoid'"),
            ("\"bias\": [-1.5]", "\"bias\": [-1.5], \"activation\": \"relu\"", "n.json: layers[1]: the last layer is linear: remove its 'activation'"),
            ("\"bias\": [-1.5]", "\"biases\": [-1.5]", "n.json: layers[1]: unknown key 'biases' (allowed: weights, bias)"),
            ("\"threshold\"", "\"softmax\"", "n.json: decision: expected one of 'threshold', 'argmax', 'argmin', found 'softmax'"),
            ("\"version\": 1", "\"version\": 2", "n.json: version: unsupported version 2.0 (this CellCert reads version 1)"),
            ("\"cellcert-network\"", "\"onnx\"", "n.json: format: expected 'cellcert-network', found 'onnx'"),
            ("\"decision\": \"threshold\",", "", "n.json: missing key 'decision'"),
            ("\"layers\"", "\"layer\"", "n.json: unknown key 'layer' (allowed: format, version, decision, layers, comment, inputTransform, outputTransform, domain)"),
            ("\"version\": 1,", "\"version\": 1, \"domain\": {\"lower\": [0, 0], \"upper\": [1]},",
             "n.json: domain.upper: expected 2 numbers (one per input), found 1"),
            ("\"version\": 1,", "\"version\": 1, \"domain\": {\"lower\": [0, 2], \"upper\": [1, 1]},",
             "n.json: domain.upper[1]: 1.0 is below domain.lower[1] = 2.0"),
            ("\"version\": 1,", "\"version\": 1, \"inputTransform\": {\"mean\": [0, 0], \"scale\": [1, 0]},",
             "n.json: inputTransform.scale[1]: expected a positive number, found 0.0"),
            ("\"version\": 1,", "\"version\": 1, \"outputTransform\": {\"mean\": 1},",
             "n.json: outputTransform: missing key 'scale'"),
            ("\"version\": 1,", "\"version\": 1, \"outputTransform\": {\"mean\": 1, \"scale\": 0},",
             "n.json: outputTransform.scale: expected a non-zero number, found 0"),
        ]
        for (old, new, expected) in cases {
            FormatTestSupport.assertError(expected) { try NetworkJSONFormat.parse(edited(old, new), name: "n.json") }
        }
    }

    func testEmptyNetworkAndEmptyLayers() {
        FormatTestSupport.assertError("n.json: layers: expected at least one layer, found none") {
            try NetworkJSONFormat.parse(#"{"format": "cellcert-network", "version": 1, "decision": "argmax", "layers": []}"#, name: "n.json")
        }
        FormatTestSupport.assertError("n.json: layers[0].weights: expected at least one row, found none") {
            try NetworkJSONFormat.parse(#"{"format": "cellcert-network", "version": 1, "decision": "argmax", "layers": [{"weights": [], "bias": []}]}"#, name: "n.json")
        }
        FormatTestSupport.assertError("n.json: layers[0].weights[0]: expected at least one number, found none") {
            try NetworkJSONFormat.parse(#"{"format": "cellcert-network", "version": 1, "decision": "argmax", "layers": [{"weights": [[]], "bias": [0]}]}"#, name: "n.json")
        }
    }

    func testSyntaxErrorsReportLineAndColumn() {
        FormatTestSupport.assertError("n.json:3: column 40: expected ',' or ']', found ':'") {
            try NetworkJSONFormat.parse(edited("[[1, 1]]", "[[1, 1]"), name: "n.json")
        }
        FormatTestSupport.assertError("n.json:1: column 1: expected a value, found the end of the file") {
            try NetworkJSONFormat.parse("", name: "n.json")
        }
        FormatTestSupport.assertError("n.json:1: column 8: expected a value, found 'N'") {
            try NetworkJSONFormat.parse(#"{"a": [NaN]}"#, name: "n.json")
        }
        FormatTestSupport.assertError("n.json:1: column 10: duplicate key 'a'") {
            try NetworkJSONFormat.parse(#"{"a": 1, "a": 2}"#, name: "n.json")
        }
        FormatTestSupport.assertError("n.json:1: column 10: expected a value, found ']'") {
            try NetworkJSONFormat.parse(#"{"a": [1,]}"#, name: "n.json")
        }
        FormatTestSupport.assertError("n.json:2: column 1: unexpected text after the end of the JSON document") {
            try NetworkJSONFormat.parse("{}\n{}", name: "n.json")
        }
        FormatTestSupport.assertError("n.json: expected an object, found an array") {
            try NetworkJSONFormat.parse("[]", name: "n.json")
        }
    }

    func testJSONParserValues() throws {
        let value = try JSONParser.parse(#" {"s": "a\"\\\/\n\u00e9\ud83d\ude00", "n": [-0.0, 1E+2, 0.1, 5e-324], "b": [true, false, null]} "#)
        XCTAssertEqual(value, .object([
            ("s", .string("a\"\\/\n\u{e9}\u{1F600}")),
            ("n", .array([.number(-0.0), .number(100), .number(0.1), .number(Double.leastNonzeroMagnitude)])),
            ("b", .array([.bool(true), .bool(false), .null])),
        ]))
        for bad in ["01", "1.", "-", ".5", "+1", "\"\u{1}\"", "\"\\x\"", "tru", "[1 2]", "{\"a\" 1}"] {
            XCTAssertThrowsError(try JSONParser.parse(bad), bad)
        }
    }

    func testWriteThenReadFile() throws {
        let url = FormatTestSupport.temporaryFile("json")
        defer { try? FileManager.default.removeItem(at: url) }
        let net = try FormatTestSupport.sampleNetwork()
        try NetworkJSONFormat.write(net, to: url)
        XCTAssertEqual(try NetworkJSONFormat.read(contentsOf: url), net)
    }

    func testMissingFile() {
        FormatTestSupport.assertError("/nonexistent/net.json: no such file") {
            try NetworkJSONFormat.read(contentsOf: URL(fileURLWithPath: "/nonexistent/net.json"))
        }
    }
}
