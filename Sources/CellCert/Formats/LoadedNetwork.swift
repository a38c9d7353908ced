/// A network as read from a model file: a chain of dense layers (every
/// command works on it) or a graph of operators with convolutions, pooling
/// or residual sums (cells and radii; Docs/graph-networks.md).
public enum LoadedNetwork: Sendable {
    case dense(Network)
    case graph(GraphNetwork)
}
