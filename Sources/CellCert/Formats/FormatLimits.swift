/// The sizes a model, data or property file may make CellCert allocate.
///
/// A file can *claim* any size in a few bytes: a `.nnet` header of `10^12`
/// inputs, an ONNX input of `2^40` elements, a VNN-LIB disjunction that
/// expands to millions of cases. Every reader computes the sizes it is about
/// to allocate with overflow-checked arithmetic and compares them with these
/// limits *before* allocating, so that such a file gives a one-line
/// `ModelFormatError` instead of a trap or gigabytes of memory.
///
/// The limits are far above the networks CellCert certifies (ACAS Xu has
/// 13,305 parameters, the largest MNIST networks of VNN-COMP a few million).
/// They are constants: to raise one, change it here and rebuild; every reader
/// and its error message follow.
public enum FormatLimits {
    /// The most parameters (weights and biases, summed over all layers) a
    /// network read from a file may have, and the most elements one ONNX
    /// tensor may have: `2^28` = 268,435,456, 2 GiB of `Double`s.
    public static let maximumParameterCount = 1 << 28

    /// The most inputs a network read from a file may take: `2^24` =
    /// 16,777,216 (a 2048 × 2048 × 4 image). A first layer on that many inputs
    /// still fits `maximumParameterCount` with 16 units.
    public static let maximumInputCount = 1 << 24

    /// The parameter count of a dense network with these layer sizes (inputs
    /// first): `Σ_l sizes[l] · (sizes[l−1] + 1)`, or `nil` when it overflows
    /// `Int` or a size is negative.
    public static func parameterCount(layerSizes sizes: [Int]) -> Int? {
        guard sizes.allSatisfy({ $0 >= 0 }) else { return nil }
        var total = 0
        for l in sizes.indices.dropFirst() {
            let (fanIn, o1) = sizes[l - 1].addingReportingOverflow(1)
            let (layer, o2) = sizes[l].multipliedReportingOverflow(by: fanIn)
            let (sum, o3) = total.addingReportingOverflow(layer)
            if o1 || o2 || o3 { return nil }
            total = sum
        }
        return total
    }

    /// Checks a dense network's layer sizes (inputs first) against
    /// `maximumInputCount` and `maximumParameterCount`, with overflow-checked
    /// arithmetic.
    ///
    /// - Throws: `LimitExceeded` with a message naming the limit.
    static func checkNetwork(layerSizes sizes: [Int]) throws(LimitExceeded) {
        if let inputs = sizes.first, inputs > maximumInputCount {
            throw LimitExceeded(message: "\(inputs) inputs exceed the limit of \(describe(maximumInputCount)) inputs")
        }
        guard let count = parameterCount(layerSizes: sizes), count <= maximumParameterCount else {
            let count = parameterCount(layerSizes: sizes).map { "\($0)" } ?? "more than \(Int.max)"
            let shown = sizes.prefix(8).map(String.init).joined(separator: ", ") + (sizes.count > 8 ? ", …" : "")
            throw LimitExceeded(message: "layer sizes \(shown) give \(count) parameters, "
                                + "which exceeds the limit of \(describe(maximumParameterCount)) parameters")
        }
    }

    /// A size read from a file is above one of the limits; `message` says which.
    struct LimitExceeded: Error {
        let message: String
    }

    /// `count` spelled with its power of two when it is one: `268435456 (2^28)`.
    static func describe(_ count: Int) -> String {
        count > 0 && count & (count - 1) == 0 ? "\(count) (2^\(count.trailingZeroBitCount))" : "\(count)"
    }
}
