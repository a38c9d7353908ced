import Foundation

/// The IDX array files of the MNIST distribution (LeCun et al.):
/// `t10k-images-idx3-ubyte` (magic `0x00000803`: unsigned bytes, 3 dimensions
/// `n × 28 × 28`) and `t10k-labels-idx1-ubyte` (magic `0x00000801`: unsigned
/// bytes, `n` labels).
///
/// Layout: two zero bytes, a type byte, the number of dimensions `k ≥ 1`,
/// then `k` big-endian 32-bit sizes, then the elements in C order, big-endian.
/// Type bytes: `0x08` unsigned byte, `0x09` signed byte, `0x0B` int16,
/// `0x0C` int32, `0x0D` float32, `0x0E` float64.
///
/// Gzip-compressed files (`.gz`, as MNIST is distributed) are refused with a
/// message asking to decompress them first: Foundation on Linux has no gzip
/// decoder, and CellCert adds no dependency for it.
public enum IDXFormat {
    /// The element type of an IDX type byte, or `nil` for an unknown code.
    public static func elementType(code: UInt8) -> BinaryElementType? {
        switch code {
        case 0x08: return BinaryElementType(kind: .unsigned, size: 1, isBigEndian: true)
        case 0x09: return BinaryElementType(kind: .signed, size: 1, isBigEndian: true)
        case 0x0B: return BinaryElementType(kind: .signed, size: 2, isBigEndian: true)
        case 0x0C: return BinaryElementType(kind: .signed, size: 4, isBigEndian: true)
        case 0x0D: return BinaryElementType(kind: .float, size: 4, isBigEndian: true)
        case 0x0E: return BinaryElementType(kind: .float, size: 8, isBigEndian: true)
        default: return nil
        }
    }

    /// The IDX type byte of `type` (byte order ignored: IDX is big-endian), or `nil` if IDX has none.
    public static func code(of type: BinaryElementType) -> UInt8? {
        switch (type.kind, type.size) {
        case (.unsigned, 1): return 0x08
        case (.signed, 1): return 0x09
        case (.signed, 2): return 0x0B
        case (.signed, 4): return 0x0C
        case (.float, 4): return 0x0D
        case (.float, 8): return 0x0E
        default: return nil
        }
    }

    /// The array in the IDX file at `url`.
    ///
    /// - Throws: `ModelFormatError` naming the file and byte offset: a wrong
    ///   magic (or a gzip-compressed file), an unknown type byte, no
    ///   dimensions, truncated dimensions or data, trailing bytes; or for a missing file.
    public static func read(contentsOf url: URL) throws -> DataArray {
        let name = TextFile.displayName(of: url)
        return try parse(BinaryFile.read(url, name: name), name: name)
    }

    /// Parses the bytes of an IDX file; `name` labels error messages.
    public static func parse(_ data: Data, name: String = "<idx>") throws -> DataArray {
        func fail(_ place: String, _ message: String) -> ModelFormatError {
            ModelFormatError(file: name, keyPath: place, message: message)
        }
        if BinaryFile.isGzip(data) { throw BinaryFile.gzipError(name: name) }
        let bytes = [UInt8](data)
        guard bytes.count >= 4 else {
            throw fail("byte 0", "truncated: an IDX file starts with a 4-byte magic number, the file has \(bytes.count) bytes")
        }
        let magic = bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
        let magicText = String(format: "0x%08X", magic)
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw fail("byte 0", "not an IDX file (magic \(magicText); expected 0x000008NN, e.g. 0x00000803 for images, 0x00000801 for labels)")
        }
        guard let type = elementType(code: bytes[2]) else {
            throw fail("byte 2", "unknown IDX type byte \(String(format: "0x%02X", bytes[2])) in magic \(magicText) (known: 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E)")
        }
        let rank = Int(bytes[3])
        guard rank >= 1 else { throw fail("byte 3", "the magic \(magicText) gives 0 dimensions") }
        let dataStart = 4 + 4 * rank
        guard bytes.count >= dataStart else {
            throw fail("byte 4", "truncated: \(rank) dimension sizes need bytes 4…\(dataStart - 1), the file has \(bytes.count) bytes")
        }
        let shape = (0..<rank).map { i in bytes[(4 + 4 * i)..<(8 + 4 * i)].reduce(0) { $0 << 8 | Int($1) } }
        let shapeLocation = "bytes 4…\(dataStart - 1) (dimensions)"
        let shapeText = shape.map(String.init).joined(separator: " × ")
        guard let count = DataArray.elementCount(shape),
              case let (byteCount, overflow) = count.multipliedReportingOverflow(by: type.size), !overflow else {
            throw fail(shapeLocation, "the dimensions \(shapeText) are too large")
        }
        let available = bytes.count - dataStart
        guard available >= byteCount else {
            throw fail("byte \(dataStart)", "data truncated: \(shapeText) \(type) values need \(byteCount) bytes, the file has \(available)")
        }
        guard available == byteCount else {
            throw fail("byte \(dataStart + byteCount)", "\(available - byteCount) unexpected bytes after the \(shapeText) values")
        }
        let values = bytes.withUnsafeBytes { type.decode($0, offset: dataStart, count: count) }
        return DataArray(shape: shape, values: values, elementType: "IDX \(type) (\(String(format: "0x%02X", bytes[2])))",
                         isInteger: type.isInteger, dataOffset: dataStart, elementSize: type.size, shapeLocation: shapeLocation)
    }

    /// The bytes of an IDX file holding `values` (C order) with `shape` (at
    /// least one dimension, each below `2^32`) as `type`.
    ///
    /// - Throws: `ModelFormatError` for a type IDX cannot hold (unsigned
    ///   integers wider than a byte, int64), a bad shape, or a value `type`
    ///   cannot hold exactly.
    public static func serialize(shape: [Int], values: [Double], as type: BinaryElementType, name: String = "<idx>") throws -> Data {
        guard let code = code(of: type) else { throw ModelFormatError(file: name, message: "IDX has no \(type) type") }
        guard (1...255).contains(shape.count), shape.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }),
              DataArray.elementCount(shape) == values.count else {
            throw ModelFormatError(file: name, message: "\(values.count) values with shape \(shape) cannot be written as IDX")
        }
        let bigEndian = BinaryElementType(kind: type.kind, size: type.size, isBigEndian: true)!
        let payload: [UInt8]
        switch bigEndian.encode(values) {
        case let .success(b): payload = b
        case let .failure(bad):
            throw ModelFormatError(file: name, message: "value \(values[bad.index]) at position \(bad.index) cannot be written as \(type)")
        }
        var out: [UInt8] = [0, 0, code, UInt8(shape.count)]
        for s in shape { out += [UInt8(s >> 24 & 0xFF), UInt8(s >> 16 & 0xFF), UInt8(s >> 8 & 0xFF), UInt8(s & 0xFF)] }
        return Data(out + payload)
    }

    /// Writes `values` with `shape` as `type` to `url`; see `serialize(shape:values:as:name:)`.
    public static func write(shape: [Int], values: [Double], as type: BinaryElementType, to url: URL) throws {
        let name = TextFile.displayName(of: url)
        try BinaryFile.write(serialize(shape: shape, values: values, as: type, name: name), to: url, name: name)
    }
}
