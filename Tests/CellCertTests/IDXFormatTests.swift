import Foundation
import XCTest
@testable import CellCert

/// MNIST IDX files written by the tests: round trips, the file-name dispatch, errors.
final class IDXFormatTests: XCTestCase {
    func testImagesAndLabelsRoundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = dir.appendingPathComponent("t10k-images-idx3-ubyte"), labels = dir.appendingPathComponent("t10k-labels.idx1-ubyte")
        let pixels = (0..<(3 * 2 * 2)).map { Double($0 * 20) }
        try IDXFormat.write(shape: [3, 2, 2], values: pixels, as: .uint8, to: images)
        try IDXFormat.write(shape: [3], values: [7, 2, 1], as: .uint8, to: labels)
        let raw = try Data(contentsOf: images)
        XCTAssertEqual(Array(raw.prefix(16)), [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2], "magic 0x00000803, big-endian sizes")
        XCTAssertEqual(Array(try Data(contentsOf: labels).prefix(4)), [0, 0, 8, 1])

        let data = try InputDataset.load(path: images.path, labelsPath: labels.path, scale: 255, dimension: 4)
        XCTAssertEqual(data.count, 3)
        XCTAssertEqual(data.inputs[1], [80, 100, 120, 140].map { $0 / 255 })
        XCTAssertEqual(data.labels, [7, 2, 1])
        let array = try IDXFormat.read(contentsOf: images)
        XCTAssertEqual(array.shape, [3, 2, 2])
        XCTAssertEqual(array.values, pixels)
    }

    func testOtherElementTypesRoundTrip() throws {
        let values: [Double] = [-2, 0.5, 1024, -0.25]
        for code: UInt8 in [0x0D, 0x0E] {
            let type = IDXFormat.elementType(code: code)!
            XCTAssertEqual(try IDXFormat.parse(IDXFormat.serialize(shape: [2, 2], values: values, as: type)).values, values)
        }
        for code: UInt8 in [0x09, 0x0B, 0x0C] {
            let type = IDXFormat.elementType(code: code)!
            XCTAssertEqual(try IDXFormat.parse(IDXFormat.serialize(shape: [3], values: [-5, 0, 7], as: type)).values, [-5, 0, 7])
        }
    }

    func testFileNameDispatch() throws {
        XCTAssertEqual(try InputFileFormat(path: "data/t10k-images-idx3-ubyte"), .idx)
        XCTAssertEqual(try InputFileFormat(path: "train-labels.idx1-ubyte"), .idx)
        XCTAssertEqual(try InputFileFormat(path: "x.IDX"), .idx)
        XCTAssertEqual(try InputFileFormat(path: "x.NPY"), .npy)
        XCTAssertEqual(try InputFileFormat(path: "mnist_test.csv"), .csv)
        XCTAssertEqual(try InputFileFormat(path: "inputs.txt"), .csv)
        FormatTestSupport.assertError("t10k-images-idx3-ubyte.gz: gzip-compressed data is not supported; decompress it first (gunzip -k t10k-images-idx3-ubyte.gz)") {
            try InputFileFormat(path: "t10k-images-idx3-ubyte.gz")
        }
        FormatTestSupport.assertError("a.npz: .npz archives are not supported; save one array with np.save (.npy)") {
            try InputFileFormat(path: "a.npz")
        }
    }

    func testErrorsNameFileAndByte() throws {
        let good = try IDXFormat.serialize(shape: [2, 3], values: [1, 2, 3, 4, 5, 6], as: .uint8)
        let cases: [(Data, String)] = [
            (Data([0, 0, 8]), "m-idx3-ubyte: byte 0: truncated: an IDX file starts with a 4-byte magic number, the file has 3 bytes"),
            (Data([1, 2, 8, 3, 0]), "m-idx3-ubyte: byte 0: not an IDX file (magic 0x01020803; expected 0x000008NN, e.g. 0x00000803 for images, 0x00000801 for labels)"),
            (Data([0, 0, 0x0A, 1, 0, 0, 0, 0]), "m-idx3-ubyte: byte 2: unknown IDX type byte 0x0A in magic 0x00000A01 (known: 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E)"),
            (Data([0, 0, 8, 0]), "m-idx3-ubyte: byte 3: the magic 0x00000800 gives 0 dimensions"),
            (Data([0, 0, 8, 3, 0, 0, 0, 1, 0, 0]), "m-idx3-ubyte: byte 4: truncated: 3 dimension sizes need bytes 4…15, the file has 10 bytes"),
            (good.dropLast(), "m-idx3-ubyte: byte 12: data truncated: 2 × 3 uint8 values need 6 bytes, the file has 5"),
            (good + Data([9, 9]), "m-idx3-ubyte: byte 18: 2 unexpected bytes after the 2 × 3 values"),
            (Data([0x1F, 0x8B, 8, 0, 0]), "m-idx3-ubyte: byte 0: the file is gzip-compressed; decompress it first (gunzip -k m-idx3-ubyte)"),
        ]
        for (data, expected) in cases {
            FormatTestSupport.assertError(expected) { try IDXFormat.parse(data, name: "m-idx3-ubyte") }
        }
        FormatTestSupport.assertError("m-idx3-ubyte: bytes 4…11 (dimensions): each input has 3 values (shape (2, 3)), the model takes 784") {
            try InputDataset(array: IDXFormat.parse(good, name: "m-idx3-ubyte"), name: "m-idx3-ubyte", dimension: 784)
        }
        let nan = try IDXFormat.serialize(shape: [1, 2], values: [1, 2], as: IDXFormat.elementType(code: 0x0D)!)
        var bytes = [UInt8](nan)
        bytes.replaceSubrange(16..<20, with: [0x7F, 0xC0, 0, 0])
        FormatTestSupport.assertError("f-idx2-ubyte: byte 16: input 0, value 1: nan is not a finite number") {
            try InputDataset(array: IDXFormat.parse(Data(bytes), name: "f-idx2-ubyte"), name: "f-idx2-ubyte")
        }
        FormatTestSupport.assertError("<idx>: IDX has no uint16 type") {
            try IDXFormat.serialize(shape: [1], values: [1], as: BinaryElementType(kind: .unsigned, size: 2, isBigEndian: true)!)
        }
    }
}
