import Foundation
import XCTest
import CellCert

/// The scikit-learn networks of Fixtures/trained/ (Fixtures/scripts/train_sklearn_fixtures.py):
/// breast_cancer (30-16-16-1, threshold) and digits (64-32-32-10, argmax), each as
/// .json and .nnet (float64 weights) and .onnx (float32 weights), with numpy golden outputs.
final class TrainedFixtureTests: XCTestCase {
    /// `<name>_golden.json` as the script writes it.
    struct Golden: Decodable {
        let network: String
        let decision: String
        let testAccuracy: Double
        let inputs: [[Double]]
        let labels: [Int]
        let outputs: [[Double]]
        let predicted: [Int]
        let onnx_outputs: [[Double]]
        let onnx_predicted: [Int]
    }

    struct Fixture {
        let name: String
        let decision: DecisionHead
        let sizes: [Int]
    }

    static let fixtures = [
        Fixture(name: "breast_cancer", decision: .threshold, sizes: [30, 16, 16, 1]),
        Fixture(name: "digits", decision: .argmax, sizes: [64, 32, 32, 10]),
    ]

    static let directory = packageRoot.appendingPathComponent("Fixtures/trained")

    static func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    static func golden(_ name: String) throws -> Golden {
        try JSONDecoder().decode(Golden.self, from: Data(contentsOf: directory.appendingPathComponent("\(name)_golden.json")))
    }

    /// The three files of one fixture: JSON, .nnet, and .onnx with the decision given explicitly.
    static func networks(_ f: Fixture) throws -> (json: Network, nnet: Network, onnx: Network) {
        (try ModelLoader.load(path: path("\(f.name).json")),
         try ModelLoader.load(path: path("\(f.name).nnet")),
         try ModelLoader.load(path: path("\(f.name).onnx"), decisionOverride: f.decision))
    }

    func assertOutputs(_ network: Network, _ inputs: [[Double]], _ expected: [[Double]], tolerance: Double,
                       _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for (i, x) in inputs.enumerated() {
            let o = network.outputs(x)
            XCTAssertEqual(o.count, expected[i].count, "\(what) input \(i)", file: file, line: line)
            for (k, (got, want)) in zip(o, expected[i]).enumerated() {
                XCTAssertLessThanOrEqual(abs(got - want), tolerance * (1 + abs(want)),
                                         "\(what) input \(i) output \(k): \(got) vs golden \(want)", file: file, line: line)
            }
        }
    }

    func testAllFormatsLoadAndMatchTheGoldenOutputs() throws {
        for f in Self.fixtures {
            let g = try Self.golden(f.name)
            let (json, nnet, onnx) = try Self.networks(f)
            XCTAssertEqual(g.decision, f.decision.rawValue)
            XCTAssertEqual(g.inputs.count, 20)
            for (format, network) in [("json", json), ("nnet", nnet), ("onnx", onnx)] {
                XCTAssertEqual(network.layerSizes, f.sizes, "\(f.name).\(format)")
                XCTAssertEqual(network.decision, f.decision, "\(f.name).\(format)")
                XCTAssertNotNil(network.inputTransform, "\(f.name).\(format): the normalisation is an input transform")
                XCTAssertNil(network.outputTransform, "\(f.name).\(format)")
            }
            XCTAssertEqual(json, nnet, "\(f.name): .json and .nnet hold the same float64 network")
            assertOutputs(json, g.inputs, g.outputs, tolerance: 1e-9, "\(f.name).json")
            assertOutputs(nnet, g.inputs, g.outputs, tolerance: 1e-9, "\(f.name).nnet")
            assertOutputs(onnx, g.inputs, g.onnx_outputs, tolerance: 1e-5, "\(f.name).onnx")
            XCTAssertEqual(g.inputs.map(json.classify), g.predicted, "\(f.name).json")
            XCTAssertEqual(g.inputs.map(nnet.classify), g.predicted, "\(f.name).nnet")
            XCTAssertEqual(g.inputs.map(onnx.classify), g.onnx_predicted, "\(f.name).onnx")
            XCTAssertEqual(g.onnx_predicted, g.predicted, "\(f.name): the three formats agree on every golden input")
            XCTAssertGreaterThan(g.testAccuracy, 0.9, f.name)
            XCTAssertGreaterThanOrEqual(zip(g.predicted, g.labels).filter { $0 == $1 }.count, 18, f.name)
        }
    }

    func testGoldenInputsHaveCellsAndPositiveL2Radii() throws {
        for f in Self.fixtures {
            let g = try Self.golden(f.name)
            let (json, _, onnx) = try Self.networks(f)
            for (format, network) in [("json", json), ("onnx", onnx)] {
                var positive = 0
                for (i, x) in g.inputs.enumerated() {
                    let cell = try network.cell(at: x)
                    XCTAssertLessThanOrEqual(cell.hyperplaneCount, network.faceBound, "\(f.name).\(format) input \(i)")
                    XCTAssertEqual(cell.inputDimension, f.sizes[0])
                    let certificate = try network.certify(x, request: CertificationRequest(norms: [.l2]))
                    XCTAssertEqual(certificate.predictedClass, g.predicted[i], "\(f.name).\(format) input \(i)")
                    let radius = try XCTUnwrap(certificate.radius(.l2)).radius
                    XCTAssertGreaterThanOrEqual(radius, 0, "\(f.name).\(format) input \(i)")
                    if radius > 0 { positive += 1 }
                }
                XCTAssertGreaterThanOrEqual(positive, 16, "\(f.name).\(format): positive ℓ2 radius for most golden inputs")
            }
        }
    }

    func testTestCSVLoadsWithLabelsFirstInRawUnits() throws {
        for f in Self.fixtures {
            let network = try ModelLoader.load(path: Self.path("\(f.name).json"))
            let g = try Self.golden(f.name)
            let data = try InputDataset.read(contentsOf: Self.directory.appendingPathComponent("\(f.name)_test.csv"),
                                             labelColumn: .first, dimension: network.inputDimension)
            XCTAssertEqual(data.count, 50, f.name)
            let labels = try XCTUnwrap(data.labels)
            XCTAssertEqual(Array(data.inputs.prefix(20)), g.inputs, "\(f.name): the CSV starts with the golden inputs")
            XCTAssertEqual(Array(labels.prefix(20)), g.labels, f.name)
            let correct = zip(data.inputs.map(network.classify), labels).filter { $0 == $1 }.count
            XCTAssertGreaterThanOrEqual(correct, 45, "\(f.name): accuracy on the CSV")
        }
    }
}
