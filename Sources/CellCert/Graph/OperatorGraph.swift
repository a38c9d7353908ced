/// A network as a graph of operators (issue "convolutional networks"): node 0
/// is the input, every other node reads earlier nodes only (topological order),
/// and the last node is the output.
///
/// Every instance is valid: the initializer checks that operand counts,
/// sizes and coefficients fit, so evaluation and cells never have to.
struct OperatorGraph: Sendable {
    /// One node: its operator, the nodes it reads and its output size.
    struct Node: Sendable {
        let operation: GraphOperator
        let operands: [Int]
        let count: Int
    }

    let nodes: [Node]

    /// A validated graph.
    ///
    /// - Throws: `NetworkError` naming the node when it reads a later node, has
    ///   the wrong number of operands or sizes that do not fit, or holds a NaN or
    ///   infinite coefficient.
    init(nodes: [Node]) throws {
        guard let first = nodes.first, case .input = first.operation, first.operands.isEmpty, first.count > 0 else {
            throw NetworkError("the graph does not start with its input")
        }
        guard nodes.count >= 2 else { throw NetworkError("the graph has no operators") }
        for (i, node) in nodes.enumerated().dropFirst() {
            let label = "graph node \(i) (\(node.operation.name))"
            guard node.operands.allSatisfy({ (0..<i).contains($0) }) else {
                throw NetworkError("\(label) reads a node that is not computed before it")
            }
            let sizes = node.operands.map { nodes[$0].count }
            switch node.operation {
            case .input:
                throw NetworkError("\(label): only node 0 is the input")
            case .affine(let a):
                guard sizes == [a.map.inputCount], node.count == a.map.outputCount, a.bias.map({ $0.count == node.count }) ?? true else {
                    throw NetworkError("\(label) maps \(a.map.inputCount) values to \(a.map.outputCount) but reads \(sizes)")
                }
                guard a.isFinite else { throw NetworkError("\(label) has a NaN or infinite coefficient") }
            case .sum:
                guard sizes.count >= 2, sizes.allSatisfy({ $0 == node.count }) else {
                    throw NetworkError("\(label) adds operands of sizes \(sizes) into \(node.count)")
                }
            case .relu:
                guard sizes == [node.count] else { throw NetworkError("\(label) reads \(sizes) for \(node.count) units") }
            case .maxPool(let pool):
                guard sizes == [pool.input.count], node.count == pool.output.count, pool.taps.allSatisfy({ !$0.isEmpty }) else {
                    throw NetworkError("\(label) pools \(pool.input) into \(pool.output) but reads \(sizes)")
                }
            }
            guard node.count > 0 else { throw NetworkError("\(label) has no outputs") }
        }
        self.nodes = nodes
    }

    var inputCount: Int { nodes[0].count }
    var outputCount: Int { nodes[nodes.count - 1].count }

    /// The ReLU nodes in order: their units are the cell's hidden faces, layer by layer.
    var reluNodes: [Int] { nodes.indices.filter { if case .relu = nodes[$0].operation { return true } else { return false } } }
    /// The max-pool nodes in order.
    var maxPoolNodes: [Int] { nodes.indices.filter { if case .maxPool = nodes[$0].operation { return true } else { return false } } }

    /// For every node, how many later nodes read it (the output counts once more).
    var readerCounts: [Int] {
        var counts = [Int](repeating: 0, count: nodes.count)
        for node in nodes { for j in node.operands { counts[j] += 1 } }
        counts[nodes.count - 1] += 1
        return counts
    }

    /// The number of stored coefficients.
    var parameterCount: Int {
        nodes.reduce(0) { total, node in
            if case .affine(let a) = node.operation { return total + a.map.parameterCount + (a.bias?.count ?? 0) }
            return total
        }
    }
}
