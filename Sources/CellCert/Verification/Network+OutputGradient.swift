extension Network {
    /// The gradient `∇_x (a · o(x))` of a linear combination `a` of the outputs,
    /// on the cell of `x` (back-propagation through the activation pattern of `x`,
    /// ReLU units active iff their pre-activation is `> 0`; a Heaviside unit has
    /// zero derivative), in raw input units. Floating point; used only to choose
    /// which input coordinate to split.
    func outputGradient(of a: [Double], at x: [Double]) -> [Double] {
        let preActivations = self.preActivations(x)
        var v = a.map { $0 * (outputTransform?.scale ?? 1) }
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let w = layers[l].weights
            var next = [Double](repeating: 0, count: w.columns)
            for u in 0..<w.rows where v[u] != 0 {
                for k in 0..<w.columns { next[k] += w[u, k] * v[u] }
            }
            if l > 0 {
                let z = preActivations[l - 1]
                for k in next.indices {
                    switch hiddenActivations[l - 1] {
                    case .relu: if !ActivationConvention.isActive(z[k]) { next[k] = 0 }
                    case .heaviside: next[k] = 0
                    }
                }
            }
            v = next
        }
        if let transform = inputTransform {
            for i in v.indices { v[i] /= transform.scale[i] }
        }
        return v
    }
}
