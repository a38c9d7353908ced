/// One line `onnx,vnnlib,timeout` of a VNN-COMP instance list (`InstanceList`):
/// a model, a property on it, and the seconds the competition allows.
public struct VerificationInstance: Codable, Equatable, Sendable {
    /// 0-based position in the list (its non-blank lines, counted from 0).
    public let index: Int
    /// The model as the list names it: relative to the list's folder unless absolute.
    public let onnx: String
    /// The property as the list names it, likewise.
    public let vnnlib: String
    /// The seconds allowed for the instance (positive, finite, at most `InstanceList.maximumTimeout`).
    public let timeout: Double

    /// An instance as a list names it.
    public init(index: Int, onnx: String, vnnlib: String, timeout: Double) {
        self.index = index
        self.onnx = onnx
        self.vnnlib = vnnlib
        self.timeout = timeout
    }

    /// The time limit of a run: the instance's own, or `cap` when that is smaller.
    public func limit(cappedAt cap: Double?) -> Double {
        min(timeout, cap ?? .infinity)
    }
}
