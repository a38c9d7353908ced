import Foundation
import XCTest
@testable import CellCert

/// NumPy `.npy` files written by the tests (NPYFormat's writer or raw bytes): round trips, headers, errors.
final class NPYFormatTests: XCTestCase {
    /// A `.npy` file of raw `header` text and `payload`, with version `major` and correct padding.
    static func rawNPY(header: String, payload: [UInt8], major: UInt8 = 1) -> Data {
        let lengthSize = major == 1 ? 2 : 4
        var text = header
        while (8 + lengthSize + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        var bytes = NPYFormat.magic + [major, 0]
        for k in 0..<lengthSize { bytes.append(UInt8(truncatingIfNeeded: text.utf8.count >> (8 * k))) }
        return Data(bytes + Array(text.utf8) + payload)
    }

    func testRoundTripEveryVersionAndCommonDtype() throws {
        for type in [BinaryElementType.float32, .float64, .int64, NPYFormat.elementType(descr: ">f8")!, NPYFormat.elementType(descr: "<i4")!,
                     NPYFormat.elementType(descr: ">i2")!, NPYFormat.elementType(descr: "<u8")!] {
            let values: [Double] = type.isInteger ? [0, 1, 2, 3, 255, 17] : [0, 1, 2.5, -3, 255, 0.125]
            for version in 1...3 {
                let data = try NPYFormat.serialize(shape: [2, 3], values: values, as: type, version: version)
                XCTAssertEqual(data.prefix(8), Data(NPYFormat.magic + [UInt8(version), 0]))
                let headerEnd = version == 1 ? 10 : 12
                let headerLength = data[8..<headerEnd].reversed().reduce(0) { $0 << 8 | Int($1) }
                XCTAssertEqual((headerEnd + headerLength) % 64, 0, "data starts on a 64-byte boundary")
                let array = try NPYFormat.parse(data, name: "a.npy")
                XCTAssertEqual(array.shape, [2, 3])
                XCTAssertEqual(array.values, values, "\(type) v\(version)")
                XCTAssertEqual(array.elementType, NPYFormat.descr(of: type))
            }
        }
        let bytes = try NPYFormat.parse(NPYFormat.serialize(shape: [4], values: [0, 7, 200, 255], as: .uint8), name: "u.npy")
        XCTAssertEqual(bytes.values, [0, 7, 200, 255])
        XCTAssertEqual(bytes.elementType, "|u1")
        XCTAssertTrue(bytes.isInteger)
        // float32 rounds to nearest.
        let rounded = try NPYFormat.parse(NPYFormat.serialize(shape: [1], values: [0.1], as: .float32), name: "f.npy")
        XCTAssertEqual(rounded.values, [Double(Float(0.1))])
    }

    func testFileRoundTripAndDatasetShapes() throws {
        let url = FormatTestSupport.temporaryFile("npy")
        defer { try? FileManager.default.removeItem(at: url) }
        // (2, 2, 2): each input is a flattened 2 × 2 "image".
        try NPYFormat.write(shape: [2, 2, 2], values: [1, 2, 3, 4, 5, 6, 7, 8], as: .uint8, to: url)
        let data = try InputDataset.load(path: url.path, scale: 2, dimension: 4)
        XCTAssertEqual(data.inputs, [[0.5, 1, 1.5, 2], [2.5, 3, 3.5, 4]])
        XCTAssertNil(data.labels)
        // (d,): one input.
        let one = try InputDataset(array: NPYFormat.parse(NPYFormat.serialize(shape: [3], values: [1, 2, 3], as: .float64), name: "v.npy"),
                                   name: "v.npy", dimension: 3)
        XCTAssertEqual(one.inputs, [[1, 2, 3]])
        // A label column inside a 2-D array.
        let labelled = try InputDataset(array: NPYFormat.parse(NPYFormat.serialize(shape: [2, 3], values: [7, 0.5, 1, 3, 2, 4], as: .float64), name: "l.npy"),
                                        name: "l.npy", labelColumn: .first)
        XCTAssertEqual(labelled.labels, [7, 3])
        XCTAssertEqual(labelled.inputs, [[0.5, 1], [2, 4]])
    }

    func testExampleCSVAndItsNPYCopyGiveTheSameDataset() throws {
        let csvPath = FormatTestSupport.fixtures.appendingPathComponent("example-inputs.csv").path
        let csv = try InputDataset.load(path: csvPath, labelColumn: .first, dimension: 4)
        let inputsURL = FormatTestSupport.temporaryFile("npy"), labelsURL = FormatTestSupport.temporaryFile("npy")
        defer { try? FileManager.default.removeItem(at: inputsURL); try? FileManager.default.removeItem(at: labelsURL) }
        try NPYFormat.write(shape: [csv.count, 4], values: csv.inputs.flatMap { $0 }, as: .float64, to: inputsURL)
        try NPYFormat.write(shape: [csv.count], values: csv.labels!.map(Double.init), as: .int64, to: labelsURL)
        let npy = try InputDataset.load(path: inputsURL.path, labelsPath: labelsURL.path, dimension: 4)
        XCTAssertEqual(npy.inputs, csv.inputs)
        XCTAssertEqual(npy.labels, csv.labels)
    }

    func testHeaderSpellings() throws {
        let payload: [UInt8] = [1, 2, 3]
        for header in ["{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }",
                       "{\"shape\": (3,), \"descr\": \"<u1\", \"fortran_order\": False}",
                       "{'descr':'=u1','fortran_order':False,'shape':(3L,)}"] {
            let array = try NPYFormat.parse(Self.rawNPY(header: header, payload: payload), name: "h.npy")
            XCTAssertEqual(array.values, [1, 2, 3], header)
        }
        let scalar = try NPYFormat.parse(Self.rawNPY(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
                                                     payload: Array(withUnsafeBytes(of: 2.5.bitPattern.littleEndian) { Array($0) })), name: "s.npy")
        XCTAssertEqual(scalar.shape, [])
        FormatTestSupport.assertError("s.npy: header field 'shape': a scalar () holds no input") {
            try InputDataset(array: scalar, name: "s.npy")
        }
    }

    func testErrorsNameFileAndPlace() throws {
        let good = try NPYFormat.serialize(shape: [2, 2], values: [1, 2, 3, 4], as: .float32)
        let f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }"
        let cases: [(Data, String)] = [
            (Data("hello world".utf8), "x.npy: byte 0: not a NumPy .npy file (it does not start with \\x93NUMPY)"),
            (Data(NPYFormat.magic + [4, 0, 0, 0]), "x.npy: byte 6: unsupported .npy version 4.0 (supported: 1.0, 2.0, 3.0)"),
            (Data(NPYFormat.magic + [1, 0, 0x10]), "x.npy: byte 8: truncated: the header length (2 bytes) is missing"),
            (good.prefix(40), "x.npy: byte 10: truncated: the header should have 118 bytes, the file has 30 more"),
            (good.dropLast(3), "x.npy: byte 128: data truncated: shape (2, 2) of <f4 needs 16 bytes, the file has 13"),
            (good + Data([0]), "x.npy: byte 144: 1 unexpected bytes after the data of shape (2, 2)"),
            (Self.rawNPY(header: f4.replacingOccurrences(of: "False", with: "True"), payload: Array(repeating: 0, count: 16)),
             "x.npy: header field 'fortran_order': Fortran-order (column-major) arrays are not supported; save a C-order array (np.ascontiguousarray)"),
            (Self.rawNPY(header: f4.replacingOccurrences(of: "<f4", with: "<f2"), payload: Array(repeating: 0, count: 8)),
             "x.npy: header field 'descr': unsupported dtype '<f2' (supported: float32/64 'f4', 'f8' and integers 'i1'…'i8', 'u1'…'u8')"),
            (Self.rawNPY(header: f4.replacingOccurrences(of: "<f4", with: "|b1"), payload: Array(repeating: 0, count: 4)),
             "x.npy: header field 'descr': unsupported dtype '|b1' (supported: float32/64 'f4', 'f8' and integers 'i1'…'i8', 'u1'…'u8')"),
            (Self.rawNPY(header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", payload: []),
             "x.npy: header field 'descr': structured dtypes are not supported (give a plain numeric array)"),
            (Self.rawNPY(header: "{'descr': '<f4', 'shape': (2,), }", payload: []), "x.npy: header: the key 'fortran_order' is missing"),
            (Self.rawNPY(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", payload: []),
             "x.npy: header: character 62: expected a string, True, False or a tuple, found '1'"),
            (Self.rawNPY(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", payload: []),
             "x.npy: header: character 54: expected a non-negative integer in the shape, found '-1'"),
            (Data([0x1F, 0x8B, 8, 0]), "x.npy: byte 0: the file is gzip-compressed; decompress it first (gunzip -k x.npy)"),
        ]
        for (data, expected) in cases {
            FormatTestSupport.assertError(expected) { try NPYFormat.parse(data, name: "x.npy") }
        }
        FormatTestSupport.assertError("/nonexistent/x.npy: no such file") {
            try NPYFormat.read(contentsOf: URL(fileURLWithPath: "/nonexistent/x.npy"))
        }
    }

    func testDatasetErrors() throws {
        var raw = [UInt8](try NPYFormat.serialize(shape: [2, 3], values: [1, 2, 3, 4, 5, 6], as: .float64))
        withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { raw.replaceSubrange(160..<168, with: $0) }
        let array = try NPYFormat.parse(Data(raw), name: "d.npy")
        FormatTestSupport.assertError("d.npy: byte 160: input 1, value 1: nan is not a finite number") {
            try InputDataset(array: array, name: "d.npy")
        }
        let finite = try NPYFormat.parse(NPYFormat.serialize(shape: [2, 3], values: [1, 2, 3, 4, 5, 6], as: .float64), name: "d.npy")
        FormatTestSupport.assertError("d.npy: header field 'shape': each input has 3 values (shape (2, 3)), the model takes 4") {
            try InputDataset(array: finite, name: "d.npy", dimension: 4)
        }
        FormatTestSupport.assertError("d.npy: header field 'shape': no inputs (shape (0, 3))") {
            try InputDataset(array: NPYFormat.parse(NPYFormat.serialize(shape: [0, 3], values: [], as: .float64), name: "d.npy"), name: "d.npy")
        }
        // NaN in float32 data, at its byte offset.
        var bytes = [UInt8](try NPYFormat.serialize(shape: [3], values: [1, 2, 3], as: .float32))
        let nan = Float.nan.bitPattern.littleEndian
        withUnsafeBytes(of: nan) { for k in 0..<4 { bytes[bytes.count - 4 + k] = $0[k] } }
        FormatTestSupport.assertError("f.npy: byte 136: input 0, value 2: nan is not a finite number") {
            try InputDataset(array: NPYFormat.parse(Data(bytes), name: "f.npy"), name: "f.npy")
        }
    }

    func testLabels() throws {
        let labels = try NPYFormat.parse(NPYFormat.serialize(shape: [3, 1], values: [0, 9, 4], as: .int64), name: "y.npy")
        XCTAssertEqual(try InputDataset.labels(from: labels, name: "y.npy", count: 3), [0, 9, 4])
        FormatTestSupport.assertError("y.npy: header field 'shape': 3 labels for 4 inputs") {
            try InputDataset.labels(from: labels, name: "y.npy", count: 4)
        }
        let negative = try NPYFormat.parse(NPYFormat.serialize(shape: [2], values: [1, -2], as: .int64), name: "y.npy")
        FormatTestSupport.assertError("y.npy: byte 136: label 1: -2.0 is not a non-negative integer label") {
            try InputDataset.labels(from: negative, name: "y.npy")
        }
        let wide = try NPYFormat.parse(NPYFormat.serialize(shape: [2, 2], values: [1, 2, 3, 4], as: .int64), name: "y.npy")
        FormatTestSupport.assertError("y.npy: header field 'shape': labels must have shape (n,) or (n, 1), found (2, 2)") {
            try InputDataset.labels(from: wide, name: "y.npy")
        }
    }

    func testWriterRefusesWhatTheTypeCannotHold() {
        FormatTestSupport.assertError("<npy>: value 1.5 at position 1 cannot be written as uint8") {
            try NPYFormat.serialize(shape: [2], values: [1, 1.5], as: .uint8)
        }
        FormatTestSupport.assertError("<npy>: value nan at position 0 cannot be written as float64") {
            try NPYFormat.serialize(shape: [1], values: [.nan], as: .float64)
        }
        FormatTestSupport.assertError("<npy>: 3 values do not fill the shape (2, 2)") {
            try NPYFormat.serialize(shape: [2, 2], values: [1, 2, 3], as: .float64)
        }
    }
}
