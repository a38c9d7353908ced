/// The type of the elements of a binary array file: a float or an integer of
/// a given size and byte order. Shared by `NPYFormat` (NumPy dtypes such as
/// `<f4`) and `IDXFormat` (type codes such as `0x08`).
public struct BinaryElementType: Hashable, Sendable, CustomStringConvertible {
    /// What the bytes encode.
    public enum Kind: String, Sendable {
        /// IEEE 754 binary32 (size 4) or binary64 (size 8).
        case float
        /// Two's-complement integer.
        case signed
        /// Unsigned integer.
        case unsigned
    }

    /// What the bytes encode.
    public let kind: Kind
    /// Bytes per element: 1, 2, 4 or 8 (4 or 8 for floats).
    public let size: Int
    /// Most significant byte first (IDX, NumPy `>`), else least significant first.
    public let isBigEndian: Bool

    /// An element type; `nil` for a size the readers do not decode (floats
    /// other than 4 and 8 bytes, integers other than 1, 2, 4, 8 bytes).
    public init?(kind: Kind, size: Int, isBigEndian: Bool) {
        switch kind {
        case .float: guard size == 4 || size == 8 else { return nil }
        case .signed, .unsigned: guard [1, 2, 4, 8].contains(size) else { return nil }
        }
        self.kind = kind
        self.size = size
        self.isBigEndian = size == 1 ? false : isBigEndian
    }

    /// Whether the elements are integers.
    public var isInteger: Bool { kind != .float }

    /// `float32`, `uint8`, `int64`, … (byte order not shown).
    public var description: String {
        switch kind {
        case .float: return "float\(size * 8)"
        case .signed: return "int\(size * 8)"
        case .unsigned: return "uint\(size * 8)"
        }
    }

    /// Decodes `count` elements starting at byte `offset` of `bytes` (which must hold them).
    ///
    /// Floats are widened to `Double` exactly; integers are converted exactly
    /// when their magnitude is at most `2^53`, rounded to nearest otherwise.
    func decode(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> [Double] {
        precondition(offset >= 0 && offset + count * size <= bytes.count, "the bytes must hold the elements")
        var out = [Double](repeating: 0, count: count)
        let big = isBigEndian
        func word<T: FixedWidthInteger>(_: T.Type, _ k: Int) -> T {
            let raw = bytes.loadUnaligned(fromByteOffset: offset + k * MemoryLayout<T>.size, as: T.self)
            return big ? T(bigEndian: raw) : T(littleEndian: raw)
        }
        switch (kind, size) {
        case (.float, 4): for k in 0..<count { out[k] = Double(Float(bitPattern: word(UInt32.self, k))) }
        case (.float, 8): for k in 0..<count { out[k] = Double(bitPattern: word(UInt64.self, k)) }
        case (.unsigned, 1): for k in 0..<count { out[k] = Double(bytes[offset + k]) }
        case (.signed, 1): for k in 0..<count { out[k] = Double(Int8(bitPattern: bytes[offset + k])) }
        case (.unsigned, 2): for k in 0..<count { out[k] = Double(word(UInt16.self, k)) }
        case (.signed, 2): for k in 0..<count { out[k] = Double(word(Int16.self, k)) }
        case (.unsigned, 4): for k in 0..<count { out[k] = Double(word(UInt32.self, k)) }
        case (.signed, 4): for k in 0..<count { out[k] = Double(word(Int32.self, k)) }
        case (.unsigned, 8): for k in 0..<count { out[k] = Double(word(UInt64.self, k)) }
        case (.signed, 8): for k in 0..<count { out[k] = Double(word(Int64.self, k)) }
        default: preconditionFailure("unsupported element type \(self)")
        }
        return out
    }

    /// The bytes of `values` in this type, or the index of the first value it
    /// cannot hold exactly (a non-integer or out-of-range value for an integer
    /// type, a non-finite value anywhere). Doubles written as `float32` are
    /// rounded to nearest; a finite value that overflows `float32` is refused.
    func encode(_ values: [Double]) -> Result<[UInt8], UnrepresentableValue> {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * size)
        func append<T: FixedWidthInteger>(_ v: T) {
            let ordered = isBigEndian ? v.bigEndian : v.littleEndian
            withUnsafeBytes(of: ordered) { out.append(contentsOf: $0) }
        }
        func integer<T: FixedWidthInteger>(_: T.Type, _ v: Double) -> T? {
            guard v.isFinite, v == v.rounded() else { return nil }
            return T(exactly: v)
        }
        for (k, v) in values.enumerated() {
            guard v.isFinite else { return .failure(UnrepresentableValue(index: k)) }
            switch (kind, size) {
            case (.float, 4):
                let f = Float(v)
                guard f.isFinite else { return .failure(UnrepresentableValue(index: k)) }
                append(f.bitPattern)
            case (.float, 8): append(v.bitPattern)
            case (.unsigned, 1): guard let i = integer(UInt8.self, v) else { return .failure(.init(index: k)) }; append(i)
            case (.signed, 1): guard let i = integer(Int8.self, v) else { return .failure(.init(index: k)) }; append(i)
            case (.unsigned, 2): guard let i = integer(UInt16.self, v) else { return .failure(.init(index: k)) }; append(i)
            case (.signed, 2): guard let i = integer(Int16.self, v) else { return .failure(.init(index: k)) }; append(i)
            case (.unsigned, 4): guard let i = integer(UInt32.self, v) else { return .failure(.init(index: k)) }; append(i)
            case (.signed, 4): guard let i = integer(Int32.self, v) else { return .failure(.init(index: k)) }; append(i)
            case (.unsigned, 8): guard let i = integer(UInt64.self, v) else { return .failure(.init(index: k)) }; append(i)
            case (.signed, 8): guard let i = integer(Int64.self, v) else { return .failure(.init(index: k)) }; append(i)
            default: preconditionFailure("unsupported element type \(self)")
            }
        }
        return .success(out)
    }

    /// The position of a value that an element type cannot hold.
    struct UnrepresentableValue: Error {
        let index: Int
    }
}

extension BinaryElementType {
    /// Little-endian IEEE binary32 (NumPy `<f4`).
    public static let float32 = BinaryElementType(kind: .float, size: 4, isBigEndian: false)!
    /// Little-endian IEEE binary64 (NumPy `<f8`).
    public static let float64 = BinaryElementType(kind: .float, size: 8, isBigEndian: false)!
    /// One unsigned byte (NumPy `|u1`, IDX `0x08`).
    public static let uint8 = BinaryElementType(kind: .unsigned, size: 1, isBigEndian: false)!
    /// Little-endian 64-bit integer (NumPy `<i8`, the default for integer labels).
    public static let int64 = BinaryElementType(kind: .signed, size: 8, isBigEndian: false)!
}
