/// An unevaluated sum `hi + lo` of two doubles with `|lo| ≤ ½ ulp(hi)`: about 106
/// significant bits (relative precision `~10⁻³²`).
///
/// Used only where double precision is not enough: the continued fraction of the
/// incomplete beta function near the mean of a Beta(a, b) with large `a + b`, whose
/// first denominator `1 − (a+b)x/(a+1)` is as small as `2/(a+b+2)` and whose
/// evaluation in doubles loses three to four digits at `a, b ~ 10⁵…10⁶`, and the
/// exact representation of `1 − x` and `t²`. The algorithms are the classical
/// error-free transformations (Dekker 1971; Knuth, TAOCP vol. 2, 4.2.2; the QD
/// library of Hida, Li and Bailey), with fused multiply-add for the exact product.
struct DoubleDouble {
    var hi: Double
    var lo: Double

    @inline(__always)
    init(_ value: Double) {
        hi = value
        lo = 0
    }

    /// `hi + lo`, renormalized.
    @inline(__always)
    init(_ hi: Double, _ lo: Double) {
        (self.hi, self.lo) = quickTwoSum(hi, lo)
    }

    /// The nearest double.
    @inline(__always)
    var value: Double { hi + lo }

    @inline(__always)
    static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        var (s, e) = twoSum(a.hi, b.hi)
        let (t, f) = twoSum(a.lo, b.lo)
        e += t
        (s, e) = quickTwoSum(s, e)
        e += f
        return DoubleDouble(s, e)
    }

    @inline(__always)
    static prefix func - (a: DoubleDouble) -> DoubleDouble {
        var result = a
        result.hi = -a.hi
        result.lo = -a.lo
        return result
    }

    @inline(__always)
    static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + (-b) }

    @inline(__always)
    static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let p = a.hi * b.hi
        var e = fusedMultiplyAdd(a.hi, b.hi, -p)
        e += a.hi * b.lo + a.lo * b.hi
        return DoubleDouble(p, e)
    }

    /// Division with three correction steps (QD's accurate division).
    @inline(__always)
    static func / (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let q1 = a.hi / b.hi
        var r = a - b * DoubleDouble(q1)
        let q2 = r.hi / b.hi
        r = r - b * DoubleDouble(q2)
        let q3 = r.hi / b.hi
        return DoubleDouble(q1, q2) + DoubleDouble(q3)
    }
}

/// Knuth's error-free sum: `a + b = sum + error` exactly.
@inline(__always)
func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
    let sum = a + b
    let bVirtual = sum - a
    let aVirtual = sum - bVirtual
    return (sum, (a - aVirtual) + (b - bVirtual))
}

/// Dekker's error-free sum for `|a| ≥ |b|` (or `a = 0`).
@inline(__always)
func quickTwoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
    let sum = a + b
    return (sum, b - (sum - a))
}

/// `x·y + z` with a single rounding.
@inline(__always)
func fusedMultiplyAdd(_ x: Double, _ y: Double, _ z: Double) -> Double {
    z.addingProduct(x, y)
}
