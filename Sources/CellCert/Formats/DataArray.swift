/// An n-dimensional array of numbers read from a binary data file (`.npy`,
/// IDX), in C (row-major) order, with what is needed to point at a value in
/// the file when it is rejected later.
///
/// Every element is held as a `Double`. The conversion is exact for the
/// element types the readers accept (`float32`, `float64`, integers of at most
/// 32 bits) and for 64-bit integers of magnitude at most `2^53`; larger 64-bit
/// integers are rounded to the nearest `Double`.
public struct DataArray: Equatable, Sendable {
    /// The extent of each axis, outermost first; `[]` for a scalar.
    public let shape: [Int]
    /// The elements in C order (the last axis varies fastest); `shape`'s product of them.
    public let values: [Double]
    /// The element type as the file spells it (`<f4`, `|u1`, `ubyte`, …), for messages.
    public let elementType: String
    /// Whether the element type holds integers (labels must).
    public let isInteger: Bool
    /// Byte offset of the first element in the file.
    public let dataOffset: Int
    /// Bytes per element in the file.
    public let elementSize: Int
    /// Where the shape is written in the file (`header field 'shape'`, `bytes 4…11 (dimensions)`), for messages.
    public let shapeLocation: String

    /// An array; `values.count` must be the product of `shape`.
    public init(shape: [Int], values: [Double], elementType: String, isInteger: Bool,
                dataOffset: Int, elementSize: Int, shapeLocation: String) {
        precondition(values.count == shape.reduce(1, *), "values must fill the shape")
        self.shape = shape
        self.values = values
        self.elementType = elementType
        self.isInteger = isInteger
        self.dataOffset = dataOffset
        self.elementSize = elementSize
        self.shapeLocation = shapeLocation
    }

    /// Byte offset in the file of the element at flat (C-order) position `k`.
    public func byteOffset(ofElement k: Int) -> Int { dataOffset + k * elementSize }

    /// The shape as Python prints it: `(3, 4)`, `(5,)`, `()`.
    public var shapeDescription: String { Self.describe(shape: shape) }

    /// `(3, 4)`, `(5,)`, `()`: a shape as Python prints it.
    static func describe(shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The product of `shape`, or `nil` when it overflows `Int`.
    static func elementCount(_ shape: [Int]) -> Int? {
        var n = 1
        for s in shape {
            let (p, overflow) = n.multipliedReportingOverflow(by: s)
            if overflow { return nil }
            n = p
        }
        return n
    }
}
