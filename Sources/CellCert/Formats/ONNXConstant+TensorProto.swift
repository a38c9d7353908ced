import Foundation
internal import ONNXProto

extension ONNXConstant {
    /// The tensor stored in `proto`: float32, float64, int32 or int64, either in
    /// `raw_data` (little-endian) or in the typed fields (`float_data`,
    /// `double_data`, `int32_data`, `int64_data`).
    ///
    /// - Throws: for another data type, external data, a data length that does
    ///   not match the dimensions, or a NaN or infinite value.
    init(_ proto: Onnx_TensorProto) throws {
        guard proto.dataLocation != .external else {
            throw ONNXGraphError("its data is in an external file, which is not supported")
        }
        guard !proto.hasSegment else { throw ONNXGraphError("segmented tensors are not supported") }
        var shape: [Int] = []
        for d in proto.dims {
            guard d >= 0, d <= Int64(ONNXShape.maximumElementCount) else {
                throw ONNXGraphError("invalid extent \(d) in its dimensions")
            }
            shape.append(Int(d))
        }
        let count = try ONNXShape.count(shape)
        guard let elementType = ONNXElementType(dataType: proto.dataType) else {
            let type = Onnx_TensorProto.DataType(rawValue: Int(proto.dataType))
            let name = type.map { "\($0)" } ?? "\(proto.dataType)"
            throw ONNXGraphError("data type \(name) is not supported (float, double, int32, int64 are)")
        }
        let values: [Double]
        switch elementType {
        case .float:
            if proto.hasRawData {
                values = try Self.littleEndian(proto.rawData, count: count, width: 4) { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
            } else {
                values = try Self.typed(proto.floatData, count: count, field: "float_data").map(Double.init)
            }
        case .double:
            if proto.hasRawData {
                values = try Self.littleEndian(proto.rawData, count: count, width: 8) { Double(bitPattern: $0) }
            } else {
                values = try Self.typed(proto.doubleData, count: count, field: "double_data")
            }
        case .int64:
            if proto.hasRawData {
                values = try Self.littleEndian(proto.rawData, count: count, width: 8) { Double(Int64(bitPattern: $0)) }
            } else {
                values = try Self.typed(proto.int64Data, count: count, field: "int64_data").map(Double.init)
            }
        case .int32:
            if proto.hasRawData {
                values = try Self.littleEndian(proto.rawData, count: count, width: 4) { Double(Int32(truncatingIfNeeded: $0)) }
            } else {
                values = try Self.typed(proto.int32Data, count: count, field: "int32_data").map(Double.init)
            }
        }
        guard values.allSatisfy(\.isFinite) else { throw ONNXGraphError("it contains a NaN or infinite value") }
        self.init(shape: shape, values: values, elementType: elementType)
    }

    /// `count` values of `width` bytes from little-endian `data`.
    private static func littleEndian(_ data: Data, count: Int, width: Int,
                                     _ convert: (UInt64) -> Double) throws -> [Double] {
        guard data.count == count * width else {  // count ≤ 2^28, so the product fits
            throw ONNXGraphError("raw_data has \(data.count) bytes, expected \(count * width) for \(count) values")
        }
        return data.withUnsafeBytes { bytes in
            (0..<count).map { k in
                var bits: UInt64 = 0
                for b in 0..<width { bits |= UInt64(bytes[k * width + b]) << (8 * UInt64(b)) }
                return convert(bits)
            }
        }
    }

    /// The typed field's values, which must number `count`.
    private static func typed<T>(_ values: [T], count: Int, field: String) throws -> [T] {
        guard values.count == count else {
            throw ONNXGraphError("\(field) has \(values.count) values, expected \(count)")
        }
        return values
    }
}
