extension CertifiableNetwork {
    /// The direction of steepest descent, in `norm`, of the margin of
    /// `originalClass` over `rival` on the cell of `point` (the pattern of `point`
    /// with the class forced to `originalClass`): `−sign(A)` for ℓ∞, `−sign(A_k) e_k`
    /// at the largest `|A_k|` for ℓ1, `−A` for ℓ2, where `A` is the oriented normal
    /// of the comparison row. Stepping along it leaves `originalClass`'s side of
    /// that comparison fastest; `nil` when the row is degenerate.
    func exitDirection(at point: [Double], from originalClass: Int, toward rival: Int, norm: Norm) -> [Double]? {
        var pattern = activationPattern(at: point)
        pattern.predictedClass = originalClass
        guard let cell = try? cell(for: pattern) else { return nil }
        let wanted: FaceUnit = decision == .threshold ? .output : .comparison(rival: rival)
        guard let u = cell.units.firstIndex(of: wanted) else { return nil }
        let normal = cell.normals.row(u).map { -cell.orientations[u] * $0 }
        guard normal.contains(where: { $0 != 0 }) else { return nil }
        return norm.steepestAscent(of: normal)
    }
}
