/// An inward-oriented face constraint `normal·y + offset ≥ 0` with a unit ℓ2 normal.
struct NormalizedConstraint {
    /// The cell row it comes from.
    let row: Int
    let normal: [Double]
    let offset: Double

    /// `normal·y + offset`: the signed ℓ2 distance of `y` to the hyperplane (positive inside).
    func value(at y: [Double]) -> Double {
        zip(normal, y).reduce(offset) { $0 + $1.0 * $1.1 }
    }

    /// Whether both hyperplanes and sides agree entrywise within `tolerance`.
    func coincides(with other: NormalizedConstraint, tolerance: Double) -> Bool {
        abs(offset - other.offset) <= tolerance
            && zip(normal, other.normal).allSatisfy { abs($0 - $1) <= tolerance }
    }
}

extension Cell {
    /// The face rows as inward-oriented constraints `n·y + b ≥ 0` with `‖n‖_2 = 1`.
    func normalizedConstraints() -> [NormalizedConstraint] {
        faceRows.map { u in
            let a = normals.row(u)
            let length = Norm.l2.length(a)
            let sigma = orientations[u]
            return NormalizedConstraint(row: u, normal: a.map { sigma * $0 / length }, offset: sigma * offsets[u] / length)
        }
    }
}
