/// An axis-aligned box `{x : lower ≤ x ≤ upper}`: the input domain.
public struct InputBox: Equatable, Sendable {
    /// Lower corner.
    public var lower: [Double]
    /// Upper corner.
    public var upper: [Double]

    /// A box; corners must have equal lengths (checked) and `lower ≤ upper`
    /// entrywise (not checked: readers of untrusted files test
    /// `firstInvalidCoordinate` and report the problem instead).
    public init(lower: [Double], upper: [Double]) {
        precondition(lower.count == upper.count, "box corners of different lengths")
        self.lower = lower
        self.upper = upper
    }

    /// The box `[low, high]^dimension`.
    public init(uniform low: Double, _ high: Double, dimension: Int) {
        self.init(lower: Array(repeating: low, count: dimension),
                  upper: Array(repeating: high, count: dimension))
    }

    /// Number of coordinates.
    public var dimension: Int { lower.count }

    /// The first coordinate `i` whose interval `[lower[i], upper[i]]` is not a
    /// non-empty interval — a NaN bound, or `lower[i] > upper[i]` — or `nil`
    /// when there is none. Infinite bounds are valid (an unbounded side);
    /// callers that need a bounded box check `isFinite` separately.
    public var firstInvalidCoordinate: Int? {
        lower.indices.first { !(lower[$0] <= upper[$0]) }
    }

    /// Whether `x` lies in the box (closed).
    public func contains(_ x: [Double]) -> Bool {
        x.indices.allSatisfy { lower[$0] <= x[$0] && x[$0] <= upper[$0] }
    }

    /// The point of the box nearest to `x` in every ℓp norm: each coordinate clamped to `[lower, upper]`.
    public func clamped(_ x: [Double]) -> [Double] {
        x.indices.map { min(max(x[$0], lower[$0]), upper[$0]) }
    }
}
