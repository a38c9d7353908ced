import Foundation
import XCTest
@testable import CellCert

final class FormatsModelLoaderTests: XCTestCase {
    func testUnsupportedExtension() {
        FormatTestSupport.assertError("model.pt: unsupported model format '.pt' (supported: .nnet, .json, .onnx)") {
            try ModelLoader.load(path: "model.pt")
        }
        FormatTestSupport.assertError("model: unsupported model format (no extension) (supported: .nnet, .json, .onnx)") {
            try ModelLoader.load(path: "model")
        }
    }

    func testMissingFileKeepsThePathAsGiven() {
        FormatTestSupport.assertError("no/such/dir/x.nnet: no such file") { try ModelLoader.load(path: "no/such/dir/x.nnet") }
        FormatTestSupport.assertError("no/such/dir/x.JSON: no such file") { try ModelLoader.load(path: "no/such/dir/x.JSON") }
    }

    func testDirectoryIsNotAFile() throws {
        let dir = FormatTestSupport.temporaryFile("nnet")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(FormatTestSupport.formatError { try ModelLoader.load(path: dir.path) }?.message, "is a directory, not a file")
    }

    func testSaveAndLoadBothFormats() throws {
        let net = try FormatTestSupport.sampleNetwork(decision: .argmin)
        for ext in ["nnet", "json"] {
            let url = FormatTestSupport.temporaryFile(ext)
            defer { try? FileManager.default.removeItem(at: url) }
            try ModelLoader.save(net, path: url.path)
            XCTAssertEqual(try ModelLoader.load(path: url.path), net, ext)
            XCTAssertEqual(try ModelLoader.load(path: url.path, decisionOverride: .argmax).decision, .argmax, ext)
        }
    }

    func testFormatFromExtension() throws {
        XCTAssertEqual(try ModelFileFormat(path: "a/b.NNet"), .nnet)
        XCTAssertEqual(try ModelFileFormat(path: "net.json"), .json)
    }
}
