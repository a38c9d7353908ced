import Foundation

/// NumPy's `.npy` array files (NEP 1, format versions 1.0, 2.0 and 3.0), read
/// into a `DataArray` and written from one.
///
/// Layout: the magic `\x93NUMPY`, the version bytes (major, minor), the header
/// length (2 bytes little-endian for 1.0, 4 bytes for 2.0 and 3.0), the header
/// — a Python dictionary literal with `descr`, `fortran_order` and `shape`,
/// latin-1 (UTF-8 in 3.0), padded with spaces and a newline — then the raw
/// elements.
///
/// Supported dtypes (`descr`): floats `f4`, `f8` and integers `i1`, `i2`,
/// `i4`, `i8`, `u1`, `u2`, `u4`, `u8`, little-endian (`<`), big-endian (`>`),
/// native (`=`, little-endian here) or byte-order free (`|`, one-byte types).
/// Refused with a one-line error naming the file and the place (a byte offset
/// or a header field): a wrong magic or version, a truncated header or data,
/// trailing bytes, Fortran (column-major) order, any other dtype (half floats,
/// booleans, strings, objects, structured arrays).
public enum NPYFormat {
    /// The magic string that starts every `.npy` file.
    public static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The array in the `.npy` file at `url`.
    ///
    /// - Throws: `ModelFormatError` (see the type's documentation) or for a missing file.
    public static func read(contentsOf url: URL) throws -> DataArray {
        let name = TextFile.displayName(of: url)
        return try parse(BinaryFile.read(url, name: name), name: name)
    }

    /// Parses the bytes of a `.npy` file; `name` labels error messages.
    public static func parse(_ data: Data, name: String = "<npy>") throws -> DataArray {
        func fail(_ place: String, _ message: String) -> ModelFormatError {
            ModelFormatError(file: name, keyPath: place, message: message)
        }
        if BinaryFile.isGzip(data) { throw BinaryFile.gzipError(name: name) }
        let bytes = [UInt8](data)
        guard bytes.count >= 6, Array(bytes[0..<6]) == magic else {
            throw fail("byte 0", "not a NumPy .npy file (it does not start with \\x93NUMPY)")
        }
        guard bytes.count >= 8 else { throw fail("byte 6", "truncated: the version bytes are missing") }
        let major = Int(bytes[6]), minor = Int(bytes[7])
        guard (1...3).contains(major), minor == 0 else {
            throw fail("byte 6", "unsupported .npy version \(major).\(minor) (supported: 1.0, 2.0, 3.0)")
        }
        let lengthSize = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthSize else {
            throw fail("byte 8", "truncated: the header length (\(lengthSize) bytes) is missing")
        }
        var headerLength = 0
        for k in (0..<lengthSize).reversed() { headerLength = headerLength << 8 | Int(bytes[8 + k]) }
        let headerStart = 8 + lengthSize
        guard bytes.count >= headerStart + headerLength else {
            throw fail("byte \(headerStart)", "truncated: the header should have \(headerLength) bytes, the file has \(bytes.count - headerStart) more")
        }
        let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
        let text: String
        if major == 3 {
            guard let utf8 = String(bytes: headerBytes, encoding: .utf8) else {
                throw fail("byte \(headerStart)", "the header is not UTF-8 text")
            }
            text = utf8
        } else {
            text = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
        }
        let header: NPYHeader
        do {
            header = try NPYHeader.parse(text)
        } catch let error as NPYHeader.ParseError {
            throw fail(error.location, error.message)
        }
        guard let type = elementType(descr: header.descr) else {
            throw fail("header field 'descr'", "unsupported dtype '\(header.descr)' (supported: float32/64 'f4', 'f8' and integers 'i1'…'i8', 'u1'…'u8')")
        }
        guard !header.fortranOrder else {
            throw fail("header field 'fortran_order'",
                       "Fortran-order (column-major) arrays are not supported; save a C-order array (np.ascontiguousarray)")
        }
        let shapeText = DataArray.describe(shape: header.shape)
        guard let count = DataArray.elementCount(header.shape),
              case let (byteCount, overflow) = count.multipliedReportingOverflow(by: type.size), !overflow else {
            throw fail("header field 'shape'", "the shape \(shapeText) is too large")
        }
        let dataStart = headerStart + headerLength
        let available = bytes.count - dataStart
        guard available >= byteCount else {
            throw fail("byte \(dataStart)", "data truncated: shape \(shapeText) of \(header.descr) needs \(byteCount) bytes, the file has \(available)")
        }
        guard available == byteCount else {
            throw fail("byte \(dataStart + byteCount)", "\(available - byteCount) unexpected bytes after the data of shape \(shapeText)")
        }
        let values = bytes.withUnsafeBytes { type.decode($0, offset: dataStart, count: count) }
        return DataArray(shape: header.shape, values: values, elementType: header.descr, isInteger: type.isInteger,
                         dataOffset: dataStart, elementSize: type.size, shapeLocation: "header field 'shape'")
    }

    /// The element type of a NumPy dtype string, or `nil` when it is not supported.
    public static func elementType(descr: String) -> BinaryElementType? {
        let scalars = Array(descr.unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        let order = scalars[0]
        let kind: BinaryElementType.Kind
        switch scalars[1] {
        case "f": kind = .float
        case "i": kind = .signed
        case "u": kind = .unsigned
        default: return nil
        }
        guard let size = Int(String(String.UnicodeScalarView(scalars[2...]))) else { return nil }
        switch order {
        case "<", "=": return BinaryElementType(kind: kind, size: size, isBigEndian: false)
        case ">": return BinaryElementType(kind: kind, size: size, isBigEndian: true)
        case "|": return size == 1 ? BinaryElementType(kind: kind, size: size, isBigEndian: false) : nil
        default: return nil
        }
    }

    /// The NumPy dtype string of `type`: `<f4`, `|u1`, `>i8`, ….
    public static func descr(of type: BinaryElementType) -> String {
        let order = type.size == 1 ? "|" : (type.isBigEndian ? ">" : "<")
        let kind = switch type.kind { case .float: "f"; case .signed: "i"; case .unsigned: "u" }
        return "\(order)\(kind)\(type.size)"
    }

    /// The bytes of a `.npy` file holding `values` (C order) with `shape` as `type`.
    ///
    /// The header is padded so that the data starts at a multiple of 64 bytes,
    /// as NumPy does. `version` 1 is used by NumPy for every header under
    /// 65 536 bytes; 2 and 3 are for tests and very long shapes.
    ///
    /// - Throws: `ModelFormatError` when `values` does not fill `shape`, a
    ///   value cannot be held exactly by an integer `type` (or is not finite),
    ///   or `version` is not 1, 2 or 3.
    public static func serialize(shape: [Int], values: [Double], as type: BinaryElementType,
                                 version: Int = 1, name: String = "<npy>") throws -> Data {
        guard (1...3).contains(version) else { throw ModelFormatError(file: name, message: ".npy version \(version) does not exist (1, 2 or 3)") }
        guard shape.allSatisfy({ $0 >= 0 }), DataArray.elementCount(shape) == values.count else {
            throw ModelFormatError(file: name, message: "\(values.count) values do not fill the shape \(DataArray.describe(shape: shape))")
        }
        let payload: [UInt8]
        switch type.encode(values) {
        case let .success(b): payload = b
        case let .failure(bad):
            throw ModelFormatError(file: name, message: "value \(values[bad.index]) at position \(bad.index) cannot be written as \(type)")
        }
        let literal = NPYHeader(descr: descr(of: type), fortranOrder: false, shape: shape).literal
        let lengthSize = version == 1 ? 2 : 4
        let unpadded = 8 + lengthSize + literal.utf8.count + 1
        let padding = (64 - unpadded % 64) % 64
        let header = literal + String(repeating: " ", count: padding) + "\n"
        let headerLength = header.utf8.count
        var out = magic + [UInt8(version), 0]
        for k in 0..<lengthSize { out.append(UInt8(truncatingIfNeeded: headerLength >> (8 * k))) }
        out += Array(header.utf8)
        out += payload
        return Data(out)
    }

    /// Writes `values` with `shape` as `type` to `url`; see `serialize(shape:values:as:version:name:)`.
    public static func write(shape: [Int], values: [Double], as type: BinaryElementType, to url: URL) throws {
        let name = TextFile.displayName(of: url)
        try BinaryFile.write(serialize(shape: shape, values: values, as: type, name: name), to: url, name: name)
    }
}
