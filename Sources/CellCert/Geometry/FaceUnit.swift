/// Which unit of the network a face hyperplane comes from.
public enum FaceUnit: Hashable, Sendable, CustomStringConvertible {
    /// Hidden unit `unit` of hidden layer `layer` (both 0-based; layer 0 is the first hidden layer).
    case hidden(layer: Int, unit: Int)
    /// The threshold head's single output unit.
    case output
    /// The comparison between the predicted class and class `rival` (argmax/argmin heads).
    case comparison(rival: Int)
    /// Graph networks: output `unit` of the `pool`-th max-pool node compared with
    /// the entry at position `rival` of its window (the face `winner − rival`).
    case poolComparison(pool: Int, unit: Int, rival: Int)

    public var description: String {
        switch self {
        case let .hidden(layer, unit): return "hidden[\(layer)][\(unit)]"
        case .output: return "output"
        case let .comparison(rival): return "output-vs-\(rival)"
        case let .poolComparison(pool, unit, rival): return "maxpool[\(pool)][\(unit)]-vs-\(rival)"
        }
    }
}
