import XCTest

/// `|actual − expected| / |expected|`, or `|actual|` when `expected` is 0; 0 when
/// both are the same infinity.
func relativeError(_ actual: Double, _ expected: Double) -> Double {
    if actual == expected { return 0 }
    if expected == 0 { return abs(actual) }
    return abs(actual - expected) / abs(expected)
}

/// Fails unless `actual` agrees with `expected` to relative `tolerance`.
func assertRelative(
    _ actual: Double, _ expected: Double, _ tolerance: Double,
    _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
    let error = relativeError(actual, expected)
    XCTAssert(error <= tolerance,
              "\(actual) vs \(expected): relative error \(error) > \(tolerance). \(message())",
              file: file, line: line)
}

/// Simpson's rule on `[lower, upper]` with `intervals` (even) sub-intervals.
func simpson(_ f: (Double) -> Double, from lower: Double, to upper: Double, intervals: Int) -> Double {
    precondition(intervals % 2 == 0)
    let h = (upper - lower) / Double(intervals)
    var sum = f(lower) + f(upper)
    for i in 1..<intervals {
        sum += (i % 2 == 1 ? 4 : 2) * f(lower + Double(i) * h)
    }
    return sum * h / 3
}
