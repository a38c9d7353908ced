import CellCert

/// Exact evaluation of a network in dyadic arithmetic: the reference against
/// which the soundness tests judge every claimed radius and bound.
///
/// Supports ReLU hidden layers, no output transform, and input transforms whose
/// scales are powers of two (so that `(x − m)/s` is exact).
enum ExactEvaluation {
    /// The exact pre-activations of every hidden layer and the exact outputs at `y`.
    static func forward(_ net: Network, at y: [Double]) -> (hidden: [[Dyadic]], outputs: [Dyadic]) {
        precondition(net.outputTransform == nil, "exact evaluation: no output transform")
        var values: [Dyadic] = y.indices.map { k in
            guard let t = net.inputTransform else { return Dyadic(y[k]) }
            precondition(t.scale[k].significand == 1, "exact evaluation: scales must be powers of two")
            return (Dyadic(y[k]) - Dyadic(t.mean[k])) * Dyadic(1 / t.scale[k])
        }
        var hidden: [[Dyadic]] = []
        for (l, layer) in net.layers.enumerated() {
            var next: [Dyadic] = []
            for i in 0..<layer.outputCount {
                var s = Dyadic(layer.bias[i])
                for j in 0..<layer.inputCount where layer.weights[i, j] != 0 {
                    s = s + Dyadic(layer.weights[i, j]) * values[j]
                }
                next.append(s)
            }
            if l == net.layers.count - 1 { return (hidden, next) }
            precondition(net.hiddenActivations[l] == .relu, "exact evaluation: ReLU layers only")
            hidden.append(next)
            values = next.map { $0.signum > 0 ? $0 : .zero }
        }
        fatalError("unreachable")
    }

    /// The class at `y` when exact arithmetic decides it strictly (`nil` on a tie).
    static func strictClass(_ net: Network, at y: [Double]) -> Int? {
        let o = forward(net, at: y).outputs
        switch net.decision {
        case .threshold:
            return o[0].signum == 0 ? nil : (o[0].signum > 0 ? 1 : 0)
        case .argmax, .argmin:
            let better: (Dyadic, Dyadic) -> Bool = net.decision == .argmax ? { $0 > $1 } : { $0 < $1 }
            for k in o.indices where o.indices.allSatisfy({ $0 == k || better(o[k], o[$0]) }) { return k }
            return nil
        }
    }

    /// Whether `y` lies in the closed exact cell of `pattern`: every hidden
    /// pre-activation on its pattern's side (zero allowed) and the pattern's class
    /// not beaten by any other output.
    static func cellContains(_ net: Network, pattern: ActivationPattern, _ y: [Double]) -> Bool {
        let (hidden, outputs) = forward(net, at: y)
        for (l, bits) in pattern.hidden.enumerated() {
            for (j, active) in bits.enumerated() {
                let sign = hidden[l][j].signum
                if active ? sign < 0 : sign > 0 { return false }
            }
        }
        let c = pattern.predictedClass
        switch net.decision {
        case .threshold:
            return c == 1 ? outputs[0].signum >= 0 : outputs[0].signum <= 0
        case .argmax:
            return outputs.indices.allSatisfy { !(outputs[c] < outputs[$0]) }
        case .argmin:
            return outputs.indices.allSatisfy { !(outputs[$0] < outputs[c]) }
        }
    }
}
