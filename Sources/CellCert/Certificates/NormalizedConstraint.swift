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
            let (normal, length) = inwardUnitNormal(row: u)
            return NormalizedConstraint(row: u, normal: normal, offset: orientations[u] * offsets[u] / length)
        }
    }

    /// Row `u`'s normal oriented into the cell (`σ_u A_u`) and scaled to unit
    /// ℓ2 length, with that length `‖Â_u‖_2`. A length of 0 (a computed zero
    /// row) or a non-finite one leaves the normal non-finite: callers that can
    /// meet such rows check the length.
    func inwardUnitNormal(row u: Int) -> (normal: [Double], length: Double) {
        let a = normals.row(u)
        let length = Norm.l2.length(a)
        let sigma = orientations[u]
        return (a.map { sigma * $0 / length }, length)
    }
}
