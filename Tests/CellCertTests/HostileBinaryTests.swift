import CellCert
import Foundation
import XCTest

/// `.npy` and IDX headers that claim shapes whose product overflows or
/// that do not fit the file are refused before the data is allocated.
final class HostileBinaryTests: HostileFileTestCase {
    /// A version 1.0 `.npy` file with `header` (padded as NumPy does) and `payload`.
    private func npy(_ header: String, payload: [UInt8] = []) -> Data {
        var text = header
        while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        let length = text.utf8.count
        return Data(NPYFormat.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8) + payload)
    }

    /// An IDX file of unsigned bytes with the given dimension sizes and payload.
    private func idx(_ sizes: [UInt32], payload: [UInt8] = []) -> Data {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(sizes.count)]
        for s in sizes { bytes += [UInt8(s >> 24), UInt8(s >> 16 & 0xFF), UInt8(s >> 8 & 0xFF), UInt8(s & 0xFF)] }
        return Data(bytes + payload)
    }

    func testAnNPYShapeWhoseProductOverflowsIsRefused() throws {
        let big = 1 << 40
        let url = try write("overflow.npy", bytes: npy("{'descr': '<f8', 'fortran_order': False, 'shape': (\(big), \(big)), }"))
        let message = assertRefused(url, mentioning: ["header field 'shape'"]) { try NPYFormat.read(contentsOf: url) }
        XCTAssertEqual(message, "\(url.relativePath): header field 'shape': the shape (\(big), \(big)) is too large")
    }

    func testAnNPYShapeWhoseBytesOverflowIsRefused() throws {
        // 2^61 elements fit an Int, their 2^64 bytes do not.
        let url = try write("bytes.npy", bytes: npy("{'descr': '<f8', 'fortran_order': False, 'shape': (\(1 << 61),), }"))
        assertRefused(url, mentioning: ["header field 'shape': the shape (\(1 << 61),) is too large"]) { try NPYFormat.read(contentsOf: url) }
    }

    func testAnNPYShapeThatDoesNotFitTheFileIsRefusedBeforeAllocating() throws {
        let url = try write("claims.npy", bytes: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", payload: [0, 0, 0, 0]))
        assertRefused(url, mentioning: ["data truncated: shape (100000, 100000) of <f4 needs 40000000000 bytes, the file has 4"]) {
            try NPYFormat.read(contentsOf: url)
        }
    }

    func testAnNPYShapeExtentBeyondIntIsRefused() throws {
        let url = try write("digits.npy", bytes: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"))
        assertRefused(url, mentioning: ["expected a non-negative integer in the shape"]) { try NPYFormat.read(contentsOf: url) }
    }

    func testAnNPYHeaderLengthBeyondTheFileIsRefused() throws {
        var bytes = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }")
        bytes[8] = 0xFF
        bytes[9] = 0xFF
        let url = try write("header.npy", bytes: bytes)
        assertRefused(url, mentioning: ["truncated: the header should have 65535 bytes"]) { try NPYFormat.read(contentsOf: url) }
    }

    func testIDXDimensionsWhoseProductOverflowsAreRefused() throws {
        let url = try write("huge-idx4-ubyte", bytes: idx([.max, .max, .max, .max]))
        assertRefused(url, mentioning: ["bytes 4…19 (dimensions): the dimensions 4294967295 × 4294967295 × 4294967295 × 4294967295 are too large"]) {
            try IDXFormat.read(contentsOf: url)
        }
    }

    func testIDXDimensionsThatDoNotFitTheFileAreRefusedBeforeAllocating() throws {
        let url = try write("claims-idx3-ubyte", bytes: idx([60_000, 28, 28], payload: [1, 2, 3]))
        assertRefused(url, mentioning: ["byte 16: data truncated: 60000 × 28 × 28 uint8 values need 47040000 bytes, the file has 3"]) {
            try IDXFormat.read(contentsOf: url)
        }
    }

    func testAnIDXRankBeyondTheFileIsRefused() throws {
        let url = try write("rank-idx3-ubyte", bytes: Data([0, 0, 0x08, 255, 0, 0]))
        assertRefused(url, mentioning: ["truncated: 255 dimension sizes need bytes 4…1023"]) { try IDXFormat.read(contentsOf: url) }
    }
}
