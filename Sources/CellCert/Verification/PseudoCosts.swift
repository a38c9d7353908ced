/// Pseudo-costs of branching on binaries (Bénichou et al. 1971; GLPK's hybrid
/// pseudo-cost branching): for each binary and direction, the average rise of
/// the node LP's objective per unit of the binary's fractional part moved.
struct PseudoCosts {
    /// A branching step: the binary, the direction, and how far its value moved (`f` down, `1 − f` up).
    struct Branch {
        var variable: Int
        var up: Bool
        var fraction: Double
    }

    private var sums: [Int: (down: Double, downCount: Int, up: Double, upCount: Int)] = [:]

    /// Records that the branch `branch` raised the objective by `degradation`.
    mutating func record(_ branch: Branch, degradation: Double) {
        guard branch.fraction > 1e-9, degradation.isFinite else { return }
        var entry = sums[branch.variable] ?? (0, 0, 0, 0)
        if branch.up {
            entry.up += degradation / branch.fraction
            entry.upCount += 1
        } else {
            entry.down += degradation / branch.fraction
            entry.downCount += 1
        }
        sums[branch.variable] = entry
    }

    /// Whether both directions of `variable` have been observed.
    func isInitialized(_ variable: Int) -> Bool {
        guard let entry = sums[variable] else { return false }
        return entry.downCount > 0 && entry.upCount > 0
    }

    /// The average rise per unit, down and up, for `variable`; the averages over
    /// all variables where it has not been observed (1 with no observation at all).
    func rates(_ variable: Int) -> (down: Double, up: Double) {
        let entry = sums[variable]
        let down = entry.flatMap { $0.downCount > 0 ? $0.down / Double($0.downCount) : nil } ?? average(up: false)
        let up = entry.flatMap { $0.upCount > 0 ? $0.up / Double($0.upCount) : nil } ?? average(up: true)
        return (down, up)
    }

    private func average(up: Bool) -> Double {
        var (total, count) = (0.0, 0)
        for entry in sums.values {
            let (sum, n) = up ? (entry.up, entry.upCount) : (entry.down, entry.downCount)
            if n > 0 { total += sum / Double(n); count += 1 }
        }
        return count > 0 ? total / Double(count) : 1
    }

    /// The score of branching on a binary at fractional value `value`: the product
    /// of the two children's expected rises (each at least a small floor, so that
    /// one promising side still counts).
    func score(_ variable: Int, value: Double) -> Double {
        let (down, up) = rates(variable)
        let floor = 1e-6
        return max(down * value, floor) * max(up * (1 - value), floor)
    }
}
