import LinearProgramming

extension Cell {
    /// A direction that crosses decision row `u` at `point` while staying on the
    /// cell's side of every hidden face (and inside `domain`) that is also tight
    /// there, or `nil`. The nearest point of a face often lies on an edge where
    /// hidden faces meet it; stepping straight out through `u` would then leave
    /// the cell through them too, into a cell where the class may not change.
    /// A small LP: maximise `τ ≤ 1` with `n_u·d ≤ −τ`, `n_v·d ≥ τ` for the tight
    /// hidden rows `v` (inward unit normals), `|d_i| ≤ 1`.
    func crossingDirection(at point: [Double], across u: Int, domain: InputBox?) -> [Double]? {
        let d = point.count
        let tolerance = 1e-7 * max(1, point.map(abs).max() ?? 0)
        func inward(_ v: Int) -> (normal: [Double], length: Double)? {
            let (normal, length) = inwardUnitNormal(row: v)
            return length > 0 && length.isFinite ? (normal, length) : nil
        }
        guard let normal = inward(u)?.normal else { return nil }
        var program = LinearProgram(variableCount: d + 1, direction: .maximize)
        program.objective = [Double](repeating: 0, count: d) + [1]
        program.variableBounds = (0..<d).map { i in
            var lower = -1.0, upper = 1.0
            if let box = domain {
                if point[i] <= box.lower[i] + tolerance { lower = 0 }
                if point[i] >= box.upper[i] - tolerance { upper = 0 }
            }
            return VariableBounds(lower: lower, upper: upper)
        } + [VariableBounds(lower: nil, upper: 1)]
        program.constraints = [.lessOrEqual(normal + [1], 0)]
        for v in faceRows where v != u && !units[v].isDecision {
            guard let (n, length) = inward(v) else { continue }
            let slack = orientations[v] * value(row: v, at: point) / length
            if abs(slack) <= tolerance { program.constraints.append(.greaterOrEqual(n + [-1], 0)) }
        }
        guard program.constraints.count > 1,
              let solution = try? solve(program), solution.status == .optimal,
              let values = solution.values, values[d] > 0 else { return nil }
        return Array(values.prefix(d))
    }
}

extension CertifiableNetwork {
    /// A verified witness just past `point`, a nearest point of `cell`'s decision
    /// row `u` from `x`: tried along the direction that crosses `u` without
    /// crossing the hidden faces tight there (``Cell/crossingDirection(at:across:domain:)``),
    /// then away from `x`, then straight out through `u`
    /// (``verifiedWitness(near:from:originalClass:norm:domain:directions:)``).
    func witness(near point: [Double], across u: Int, of cell: Cell, from x: [Double], originalClass: Int,
                 norm: Norm, domain: InputBox?) -> AdversarialWitness? {
        let sigma = cell.orientations[u]
        let outward = norm.steepestAscent(of: cell.normals.row(u).map { -sigma * $0 })
        let away = zip(point, x).map { $0 - $1 }
        let crossing = cell.crossingDirection(at: point, across: u, domain: domain).map { [$0] } ?? []
        return verifiedWitness(near: point, from: x, originalClass: originalClass, norm: norm,
                               domain: domain, directions: crossing + [away, outward])
    }
}
