/// Non-negative integers stored as little-endian runs of 64-bit limbs: the
/// inner loops of the exact row arithmetic (``IntegerRows``), on caller-owned
/// buffers and without allocation.
///
/// Every routine is exact. The callers size their targets from bit-length
/// bounds, so no sum leaves its target; a carry that would is a logic error
/// and stops the process instead of wrapping silently.
enum Limbs {
    /// `target += a × b`, with `a` of `aCount` limbs, `b` of `bCount` limbs and
    /// `target` of `targetCount` limbs.
    ///
    /// Each step adds `a_p b_q + target_t + carry ≤ (2⁶⁴ − 1)² + 2 (2⁶⁴ − 1) = 2¹²⁸ − 1`,
    /// so the high word plus the two carries never overflows a limb.
    @inline(__always)
    static func addProduct(_ a: UnsafePointer<UInt64>, _ aCount: Int, _ b: UnsafePointer<UInt64>, _ bCount: Int,
                           into target: UnsafeMutablePointer<UInt64>, _ targetCount: Int) {
        if aCount == 1, bCount == 1 {
            // The common case (weights of up to 64 significant bits): one product, two limbs.
            let (high, low) = a[0].multipliedFullWidth(by: b[0])
            let (s0, o0) = target[0].addingReportingOverflow(low)
            target[0] = s0
            propagate(high &+ (o0 ? 1 : 0), from: 1, into: target, targetCount)
            return
        }
        for p in 0..<aCount {
            let ap = a[p]
            if ap == 0 { continue }
            var carry: UInt64 = 0
            var t = p
            for q in 0..<bCount {
                let (high, low) = ap.multipliedFullWidth(by: b[q])
                let (s1, o1) = target[t].addingReportingOverflow(low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                target[t] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                t += 1
            }
            propagate(carry, from: t, into: target, targetCount)
        }
    }

    /// Adds `carry` into `target` from limb `t` upwards, as far as it ripples.
    @inline(__always)
    static func propagate(_ carry: UInt64, from t: Int, into target: UnsafeMutablePointer<UInt64>, _ targetCount: Int) {
        var (carry, t) = (carry, t)
        while carry != 0 {
            precondition(t < targetCount, "exact accumulator overflow")
            let (s, o) = target[t].addingReportingOverflow(carry)
            target[t] = s
            carry = o ? 1 : 0
            t += 1
        }
    }

    /// `target += a`, with `a` of `aCount ≤ targetCount` limbs.
    @inline(__always)
    static func add(_ a: UnsafePointer<UInt64>, _ aCount: Int, into target: UnsafeMutablePointer<UInt64>, _ targetCount: Int) {
        var carry: UInt64 = 0
        var t = 0
        while t < aCount {
            let (s1, o1) = target[t].addingReportingOverflow(a[t])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            target[t] = s2
            carry = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            t += 1
        }
        propagate(carry, from: t, into: target, targetCount)
    }

    /// `x − y` into `result` for `x ≥ y`, all of `count` limbs.
    @inline(__always)
    static func subtract(_ x: UnsafePointer<UInt64>, _ y: UnsafePointer<UInt64>, _ count: Int,
                         into result: UnsafeMutablePointer<UInt64>) {
        var borrow: UInt64 = 0
        for t in 0..<count {
            let (d1, o1) = x[t].subtractingReportingOverflow(y[t])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            result[t] = d2
            borrow = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
        }
        precondition(borrow == 0, "exact subtraction of a larger number")
    }

    /// `−1`, `0` or `1` as `x` is below, equal to or above `y` (both of `count` limbs).
    @inline(__always)
    static func compare(_ x: UnsafePointer<UInt64>, _ y: UnsafePointer<UInt64>, _ count: Int) -> Int {
        var t = count - 1
        while t >= 0 {
            if x[t] != y[t] { return x[t] < y[t] ? -1 : 1 }
            t -= 1
        }
        return 0
    }

    /// The number of significant bits of `x` (0 for zero).
    @inline(__always)
    static func bitLength(_ x: UnsafePointer<UInt64>, _ count: Int) -> Int {
        var t = count - 1
        while t >= 0 {
            if x[t] != 0 { return 64 * t + 64 - x[t].leadingZeroBitCount }
            t -= 1
        }
        return 0
    }

    /// The number of trailing zero bits of `x` (`Int.max` for zero).
    @inline(__always)
    static func trailingZeroBitCount(_ x: UnsafePointer<UInt64>, _ count: Int) -> Int {
        for t in 0..<count where x[t] != 0 { return 64 * t + x[t].trailingZeroBitCount }
        return Int.max
    }

    /// Whether every limb of `x` is zero.
    @inline(__always)
    static func isZero(_ x: UnsafePointer<UInt64>, _ count: Int) -> Bool {
        for t in 0..<count where x[t] != 0 { return false }
        return true
    }

    /// `x · 2^shift` into `result` (`resultCount` limbs, zero-filled past the value);
    /// the shifted value must fit.
    @inline(__always)
    static func shiftLeft(_ x: UnsafePointer<UInt64>, _ count: Int, by shift: Int,
                          into result: UnsafeMutablePointer<UInt64>, _ resultCount: Int) {
        let (limbShift, bitShift) = (shift / 64, shift % 64)
        for t in 0..<resultCount { result[t] = 0 }
        for t in 0..<count where x[t] != 0 {
            let low = x[t] << UInt64(bitShift)
            let high = bitShift == 0 ? 0 : x[t] >> UInt64(64 - bitShift)
            precondition(t + limbShift < resultCount, "shifted value does not fit")
            result[t + limbShift] |= low
            if high != 0 {
                precondition(t + limbShift + 1 < resultCount, "shifted value does not fit")
                result[t + limbShift + 1] |= high
            }
        }
    }

    /// `⌊x / 2^shift⌋` into `result` (`resultCount` limbs, zero-filled past the value).
    @inline(__always)
    static func shiftRight(_ x: UnsafePointer<UInt64>, _ count: Int, by shift: Int,
                           into result: UnsafeMutablePointer<UInt64>, _ resultCount: Int) {
        let (limbShift, bitShift) = (shift / 64, shift % 64)
        for t in 0..<resultCount {
            let source = t + limbShift
            var value: UInt64 = source < count ? x[source] >> UInt64(bitShift) : 0
            if bitShift > 0, source + 1 < count { value |= x[source + 1] << UInt64(64 - bitShift) }
            result[t] = value
        }
    }
}
