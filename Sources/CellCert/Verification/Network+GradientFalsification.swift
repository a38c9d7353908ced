import Probability

extension Network {
    /// Looks for a counterexample of one conjunction of `rows` in `box` by
    /// projected signed-gradient descent (PGD) on `f(x) = max_i v_i(o(x)) / scale_i`,
    /// from each of `starts` in turn, `steps` steps each.
    ///
    /// Each step moves every coordinate by `η · width_i` against the sign of the
    /// gradient of the row that attains the maximum, then clamps into the box; `η`
    /// starts at a quarter of the box and halves whenever a step does not lower
    /// `f`. A point with `f < 0` is accepted only if
    /// ``robustCounterexampleOutputs(_:of:)`` confirms it against the whole
    /// `property` (the rounding margin of every witness), so the search may
    /// return `nil` where counterexamples exist, never a false one. Deterministic
    /// (a `deadline` that expires only cuts the remaining starts).
    ///
    /// With a `ball` (a region's ``VNNLibProperty/Region/inputBall``), every point
    /// is also pulled into it (``L1Ball/pulledInside(_:)``) after the clamp.
    func gradientFalsification(rows: [PropertyRow], box: InputBox, ball: L1Ball? = nil, starts: [[Double]], steps: Int,
                               property: VNNLibProperty, deadline: Deadline? = nil) -> Counterexample? {
        func pulled(_ point: [Double]) -> [Double] { box.clamped(point, into: ball) }
        guard !rows.isEmpty else {
            // An empty conjunction: every point of the box is unsafe.
            return starts.lazy.compactMap { self.robustCounterexample(pulled($0), of: property) }.first
        }
        let widths = box.lower.indices.map { box.upper[$0] - box.lower[$0] }
        func objective(_ x: [Double]) -> (value: Double, row: Int)? {
            let o = outputs(x)
            guard o.allSatisfy(\.isFinite) else { return nil }
            var best = -Double.infinity, index = 0
            for (i, row) in rows.enumerated() {
                let v = row.value(o) / row.scale
                if v > best { (best, index) = (v, i) }
            }
            return (best, index)
        }
        for start in starts {
            if deadline?.isExpired == true { return nil }
            var x = pulled(start)
            guard var current = objective(x) else { continue }
            var eta = 0.25
            for _ in 0..<steps {
                if current.value < 0, let found = robustCounterexample(x, of: property) { return found }
                let gradient = outputGradient(of: rows[current.row].coefficients, at: x)
                var moved = x
                for i in x.indices where gradient[i] != 0 {
                    moved[i] -= eta * widths[i] * (gradient[i] > 0 ? 1 : -1)
                }
                moved = pulled(moved)
                if let next = objective(moved), next.value < current.value {
                    (x, current) = (moved, next)
                } else {
                    eta /= 2
                    if eta < 1e-9 { break }
                }
            }
            if current.value < 0, let found = robustCounterexample(x, of: property) { return found }
        }
        return nil
    }

    /// `count` points of `box`: its centre, then points drawn uniformly with a
    /// fixed seed (the same points on every run).
    static func falsificationStarts(in box: InputBox, count: Int, seed: UInt64) -> [[Double]] {
        var generator = SplitMix64(seed: seed)
        var points = [box.center]
        while points.count < count {
            points.append(box.lower.indices.map { i in
                let unit = Double(generator.next() >> 11) * 0x1p-53
                return box.lower[i] + unit * (box.upper[i] - box.lower[i])
            })
        }
        return points
    }
}
