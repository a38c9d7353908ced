import Foundation
import XCTest
@testable import CellCert

final class NNetFormatTests: XCTestCase {
    /// Marabou's fc_2-2-3 network, with a comment, spaces, blank lines and a
    /// missing trailing comma thrown in.
    static let small = """
    // simple 2-2-3 network
    2,2,3,3,
    2,2,3,
    0,
    -100000.0,-100000.0,

    100000.0, 100000.0,
    0.0,0.0,0.0,
    1.0,1.0,1.0,
    1.0,1.0,
    -1.0,-1.0,
    0.0,
    0.0 // bias of unit 2
    2.0,-1.0,
    -1.0,1.0,
    1.0,-1.0,
    0.0,
    0.0,
    0.0,

    """

    func testParsesSmallNetwork() throws {
        let net = try NNetFormat.parse(Self.small, name: "fc.nnet")
        XCTAssertEqual(net.layerSizes, [2, 2, 3])
        XCTAssertEqual(net.decision, .argmin)
        XCTAssertNil(net.inputTransform)
        XCTAssertNil(net.outputTransform)
        XCTAssertEqual(net.domain, InputBox(uniform: -100000, 100000, dimension: 2))
        XCTAssertEqual(net.layers[0].weights, Matrix(rowArrays: [[1, 1], [-1, -1]]))
        XCTAssertEqual(net.layers[1].weights, Matrix(rowArrays: [[2, -1], [-1, 1], [1, -1]]))
        XCTAssertEqual(net.hiddenActivations, [.relu])
        XCTAssertEqual(net.outputs([1, 2]), [6, -3, 3])
        XCTAssertEqual(try NNetFormat.parse(Self.small, decision: .argmax).decision, .argmax)
    }

    func testOneOutputDefaultsToThreshold() throws {
        let text = "1,2,1,2,\n2,1,\n0,\n0,0,\n1,1,\n0,0,0,\n1,1,1,\n1,-1,\n0.5,\n"
        XCTAssertEqual(try NNetFormat.parse(text).decision, .threshold)
    }

    func testTransformsFromMeansAndRanges() throws {
        let text = "1,2,2,2,\n2,2,\n0,\n0,0,\n1,1,\n0.5,0,3,\n2,1,4,\n1,0,\n0,1,\n0,\n0,\n"
        let net = try NNetFormat.parse(text)
        XCTAssertEqual(net.inputTransform, InputTransform(mean: [0.5, 0], scale: [2, 1]))
        XCTAssertEqual(net.outputTransform, OutputTransform(mean: 3, scale: 4))
        XCTAssertEqual(net.outputs([1.5, 2]), [0.5 * 4 + 3, 2 * 4 + 3])
    }

    func testRoundTripGivesEqualNetwork() throws {
        for decision in DecisionHead.allCases where decision != .threshold {
            let net = try FormatTestSupport.sampleNetwork(decision: decision)
            let back = try NNetFormat.parse(try NNetFormat.serialize(net))
            XCTAssertEqual(back, net)
        }
        let bare = try Network(layers: [DenseLayer(weights: Matrix(rowArrays: [[0.1, 0.2]]), bias: [0.3])], decision: .threshold)
        XCTAssertEqual(try NNetFormat.parse(try NNetFormat.serialize(bare)), bare)
    }

    func testWriteThenReadFile() throws {
        let url = FormatTestSupport.temporaryFile("nnet")
        defer { try? FileManager.default.removeItem(at: url) }
        let net = try FormatTestSupport.sampleNetwork()
        try NNetFormat.write(net, to: url)
        XCTAssertEqual(try NNetFormat.read(contentsOf: url), net)
    }

    func testWriterRefusesHeaviside() throws {
        let net = try FormatTestSupport.sampleNetwork(activation: .heaviside)
        let error = FormatTestSupport.formatError { try NNetFormat.serialize(net) }
        XCTAssertEqual(error?.message, "cannot write hidden layer 1 (heaviside) to .nnet: the format has ReLU hidden layers only")
    }

    func testMissingFile() {
        FormatTestSupport.assertError("/nonexistent/x.nnet: no such file") {
            try NNetFormat.read(contentsOf: URL(fileURLWithPath: "/nonexistent/x.nnet"))
        }
    }

    /// `small` with line `line` (1-based) replaced by `text`.
    func small(replacing line: Int, with text: String) -> String {
        var lines = Self.small.components(separatedBy: "\n")
        lines[line - 1] = text
        return lines.joined(separator: "\n")
    }

    func testMalformedFilesReportTheLine() {
        let cases: [(Int, String, String)] = [
            (2, "2,2,3,", "m.nnet:2: the header (layers, inputs, outputs, largest layer size): expected 4 numbers, found 3"),
            (2, "2,2,3,4,", "m.nnet:2: header says the largest layer has 4 units but the layer sizes give 3"),
            (2, "2,3,3,3,", "m.nnet:2: header says 3 inputs but the layer sizes start with 2"),
            (3, "2,2.5,3,", "m.nnet:3: layer sizes (inputs, then each layer), value 2: '2.5' is not an integer"),
            (3, "2,0,3,", "m.nnet:3: layer size 2 is 0; sizes must be at least 1"),
            (5, "-100000.0,", "m.nnet:5: input minimums: expected 2 numbers, found 1"),
            (7, "-1,-1e6,", "m.nnet:7: input 2: maximum -1000000.0 is below the minimum -100000.0"),
            (9, "1.0,0.0,1.0,", "m.nnet:9: input 2: range 0.0 must be positive"),
            (9, "1.0,1.0,0,", "m.nnet:9: the output range must be non-zero"),
            (10, "1.0,abc,", "m.nnet:10: layer 1 weight row 1, value 2: 'abc' is not a number"),
            (10, "1.0,nan,", "m.nnet:10: layer 1 weight row 1, value 2: 'nan' is not a finite number"),
            (11, "-1.0,,-1.0,", "m.nnet:11: layer 1 weight row 2: value 2 is empty"),
            (11, "-1.0,-1.0,3,", "m.nnet:11: layer 1 weight row 2: expected 2 numbers, found 3"),
            (12, "inf,", "m.nnet:12: layer 1 bias 1, value 1: 'inf' is not a finite number"),
            (19, "0.0,1.0,", "m.nnet:19: layer 2 bias 3: expected 1 number, found 2"),
            (1, "// cellcert-decision: argfoo", "m.nnet:1: unknown decision 'argfoo' in the 'cellcert-decision:' comment (expected threshold, argmax or argmin)"),
        ]
        for (line, text, expected) in cases {
            FormatTestSupport.assertError(expected) { try NNetFormat.parse(small(replacing: line, with: text), name: "m.nnet") }
        }
    }

    func testTruncatedAndTrailingData() {
        let truncated = Self.small.components(separatedBy: "\n").prefix(15).joined(separator: "\n")
        FormatTestSupport.assertError("m.nnet:15: unexpected end of file: expected layer 2 weight row 3") {
            try NNetFormat.parse(truncated, name: "m.nnet")
        }
        FormatTestSupport.assertError("m.nnet:21: unexpected data after the last layer's biases") {
            try NNetFormat.parse(Self.small + "\n1.0,\n", name: "m.nnet")
        }
        FormatTestSupport.assertError("e.nnet:1: unexpected end of file: expected the header (layers, inputs, outputs, largest layer size)") {
            try NNetFormat.parse("", name: "e.nnet")
        }
        FormatTestSupport.assertError("m.nnet:2: the network must have at least 1 layer, found 0") {
            try NNetFormat.parse("// empty\n0,2,2,2,\n2,\n", name: "m.nnet")
        }
    }

    func testInvalidNetworkIsWrappedWithFileName() {
        FormatTestSupport.assertError("m.nnet: decision 'threshold' needs one output unit, the network has 3") {
            try NNetFormat.parse(Self.small, name: "m.nnet", decision: .threshold)
        }
    }

    func testMnist10x10Loads() throws {
        let url = try FormatTestSupport.sharedNet("mnist/mnist10x10.nnet")
        let net = try NNetFormat.read(contentsOf: url, decision: .argmax)
        XCTAssertEqual(net.layerSizes, [784] + Array(repeating: 10, count: 11))
        XCTAssertNil(net.inputTransform)
        XCTAssertEqual(net.domain, InputBox(uniform: 0, 1, dimension: 784))
        let out = net.outputs(Array(repeating: 0.5, count: 784))
        XCTAssertEqual(out.count, 10)
        XCTAssertTrue(out.allSatisfy(\.isFinite))
    }

    func testSislTestNetworksAndMarabouLoad() throws {
        for path in ["small/nnet/TestNetwork.nnet", "small/nnet/TestNetwork2.nnet", "small/marabou/fc_2-2-3.nnet"] {
            let net = try NNetFormat.read(contentsOf: try FormatTestSupport.sharedNet(path))
            XCTAssertEqual(try NNetFormat.parse(try NNetFormat.serialize(net)), net, path)
        }
    }
}
