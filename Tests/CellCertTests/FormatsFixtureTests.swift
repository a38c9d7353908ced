import Foundation
import XCTest
@testable import CellCert

/// Paths and helpers shared by the format tests.
enum FormatTestSupport {
    /// `<root>/Fixtures`.
    static let fixtures = packageRoot.appendingPathComponent("Fixtures")

    /// The shared file at `relativePath`, or an `XCTSkip` when `../shared/nets` is absent.
    static func sharedNet(_ relativePath: String) throws -> URL {
        try sharedNetsDirectory().appendingPathComponent(relativePath)
    }

    /// A fresh temporary file URL with the given extension.
    static func temporaryFile(_ ext: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-format-\(UUID().uuidString).\(ext)")
    }

    /// Runs `body` and returns the `ModelFormatError` it throws (failing the test otherwise).
    static func formatError(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> ModelFormatError? {
        do {
            _ = try body()
            XCTFail("expected a ModelFormatError, nothing was thrown", file: file, line: line)
        } catch let error as ModelFormatError {
            return error
        } catch {
            XCTFail("expected a ModelFormatError, got \(type(of: error)): \(error)", file: file, line: line)
        }
        return nil
    }

    /// Asserts that `body` throws a `ModelFormatError` whose description is `expected`.
    static func assertError(_ expected: String, _ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) {
        guard let error = formatError(body, file: file, line: line) else { return }
        XCTAssertEqual(error.description, expected, file: file, line: line)
    }

    /// A 3-4-2 network with every optional part and awkward doubles.
    static func sampleNetwork(decision: DecisionHead = .argmax, activation: HiddenActivation = .relu) throws -> Network {
        let w1 = Matrix(rowArrays: [[0.1, -1.0 / 3, 2.5e-300], [1e300, 0, -0.0], [Double.pi, -Double.ulpOfOne, Double.leastNonzeroMagnitude], [7, 8, 9]])
        let w2 = Matrix(rowArrays: [[1, 2, 3, 4], [-4, 0.125, 1e-7, 123456789.123456789]])
        return try Network(
            layers: [DenseLayer(weights: w1, bias: [0.5, -0.25, 1e-17, 0]), DenseLayer(weights: w2, bias: [0.3, -0.7])],
            hiddenActivations: [activation], decision: decision,
            inputTransform: InputTransform(mean: [1.5, 0, -2], scale: [0.1, 3, 7e3]),
            outputTransform: OutputTransform(mean: 7.5188840201005975, scale: 373.94992),
            domain: InputBox(lower: [-1, -2, -3], upper: [1, 2, 3.0000000000000004]))
    }
}

/// The committed example network and inputs in Fixtures/.
final class FormatsFixtureTests: XCTestCase {
    func testExampleNetworkLoadsIdenticallyFromJSONAndNNet() throws {
        let json = try ModelLoader.load(path: FormatTestSupport.fixtures.appendingPathComponent("example-net.json").path)
        let nnet = try ModelLoader.load(path: FormatTestSupport.fixtures.appendingPathComponent("example-net.nnet").path)
        XCTAssertEqual(json, nnet)
        XCTAssertEqual(json.layerSizes, [4, 16, 16, 3])
        XCTAssertEqual(json.decision, .argmax)
        XCTAssertNotNil(json.inputTransform)
        XCTAssertNil(json.outputTransform)
        XCTAssertEqual(json.domain, InputBox(lower: [0, -Double.pi, 0, 100], upper: [10, Double.pi, 1, 200]))
    }

    func testExampleInputsAreClassifiedAsLabelled() throws {
        let network = try ModelLoader.load(path: FormatTestSupport.fixtures.appendingPathComponent("example-net.json").path)
        let data = try InputDataset.read(contentsOf: FormatTestSupport.fixtures.appendingPathComponent("example-inputs.csv"),
                                         labelColumn: .first, dimension: network.inputDimension)
        XCTAssertEqual(data.count, 10)
        XCTAssertEqual(data.inputs.map(network.classify), data.labels)
        XCTAssertTrue(data.inputs.allSatisfy { network.domain!.contains($0) })
    }
}
