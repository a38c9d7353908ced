/// Groups normalised constraints whose hyperplanes coincide (same normal, same
/// offset, same side, within a tolerance), keeping the first of each group.
///
/// Merging comes before any redundancy test: two copies of one facet make each
/// other look redundant, and the facet would be lost.
///
/// Candidates are found by sorting on a fixed generic projection `k(c) = b + p·n`
/// (`p_k = 1 + ((7919 k) mod 101)/101`) and comparing neighbours whose keys differ
/// by at most `4 (d + 1) · tolerance` (coincident rows within `tolerance` have
/// keys that close, as `|p_k| ≤ 2`); the result depends only on the input order.
struct CoincidentRowMerge {
    /// Indices (into the constraint array) of the kept rows, ascending.
    let unique: [Int]
    /// For each constraint, the index of the kept constraint it duplicates, or `nil` if kept.
    let duplicateOf: [Int?]

    init(_ constraints: [NormalizedConstraint], tolerance: Double) {
        let d = constraints.first?.normal.count ?? 0
        let probe = (0..<d).map { k in 1.0 + Double((k * 7919) % 101) / 101.0 }
        let keys = constraints.map { c in zip(c.normal, probe).reduce(c.offset) { $0 + $1.0 * $1.1 } }
        let order = constraints.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        let window = tolerance * Double(d + 1) * 4
        var duplicateOf = [Int?](repeating: nil, count: constraints.count)
        var unique: [Int] = []
        for (position, i) in order.enumerated() {
            var back = position - 1
            while back >= 0, keys[i] - keys[order[back]] <= window {
                let j = order[back]
                if duplicateOf[j] == nil, constraints[i].coincides(with: constraints[j], tolerance: tolerance) {
                    duplicateOf[i] = j
                    break
                }
                back -= 1
            }
            if duplicateOf[i] == nil { unique.append(i) }
        }
        self.unique = unique.sorted()
        self.duplicateOf = duplicateOf
    }
}
