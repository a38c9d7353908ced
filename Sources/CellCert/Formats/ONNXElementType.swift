internal import ONNXProto

/// The element types of ONNX tensors the importer reads (`TensorProto.DataType`).
///
/// ONNX operators bind every operand to one type variable `T`: `Gemm` of a
/// float input with an int64 weight is an invalid model that onnxruntime
/// refuses to load. The importer keeps each constant's type so that it can
/// refuse such models too, instead of converting the integers silently.
enum ONNXElementType: Sendable, CustomStringConvertible {
    case float, double, int32, int64

    /// The type of a `TensorProto.DataType` code, or `nil` for one the importer does not read.
    init?(dataType: Int32) {
        switch Onnx_TensorProto.DataType(rawValue: Int(dataType)) {
        case .float: self = .float
        case .double: self = .double
        case .int32: self = .int32
        case .int64: self = .int64
        default: return nil
        }
    }

    /// Whether the elements are integers.
    var isInteger: Bool { self == .int32 || self == .int64 }

    /// `float`, `double`, `int32`, `int64` (ONNX's names, lower-case).
    var description: String {
        switch self {
        case .float: "float"
        case .double: "double"
        case .int32: "int32"
        case .int64: "int64"
        }
    }

    /// The type of the result of an elementwise operator on `a` and `b`:
    /// the same integer type, or — floating types being computed in `Double`
    /// anyway — `double` if either is, else `float`; `nil` when an integer
    /// type meets a floating or another integer type (an invalid model).
    static func common(_ a: ONNXElementType, _ b: ONNXElementType) -> ONNXElementType? {
        if a.isInteger || b.isInteger { return a == b ? a : nil }
        return a == .double || b == .double ? .double : .float
    }
}
