import BigInt

/// An exact rational number `numerator / denominator` on `BigInt`s, with a
/// positive denominator (not necessarily in lowest terms).
///
/// Every finite `Double` is one (a dyadic rational), and sums, differences,
/// products and comparisons of them are exact. The exact re-check of a cell
/// (``Cell/recheckExactly(at:norm:radius:)``) and the exact refinement of its
/// binding faces combine the few quantities of each row with it; the bulk of
/// the arithmetic runs on ``IntegerRows``.
struct ExactRational: Comparable, Sendable, CustomStringConvertible {
    /// The numerator, of any sign.
    private(set) var numerator: BigInt
    /// The denominator, positive.
    private(set) var denominator: BigInt

    static let zero = ExactRational(BigInt(0))

    /// `numerator / denominator`; `denominator` must not be zero (a negative one flips both signs).
    init(_ numerator: BigInt, over denominator: BigInt = 1) {
        precondition(!denominator.isZero, "zero denominator")
        if denominator.sign == .minus {
            self.numerator = -numerator
            self.denominator = -denominator
        } else {
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    /// `integer · 2^exponent`.
    init(_ integer: BigInt, timesPowerOfTwo exponent: Int) {
        if exponent >= 0 {
            self.init(integer << exponent)
        } else {
            self.init(integer, over: BigInt(1) << -exponent)
        }
    }

    /// The exact value of a finite double.
    init(_ x: Double) {
        precondition(x.isFinite, "\(x) is not a finite number")
        let parts = x.dyadicParts
        let magnitude = BigInt(parts.mantissa)
        self.init(parts.negative ? -magnitude : magnitude, timesPowerOfTwo: parts.exponent)
    }

    /// `−1`, `0` or `1`.
    var signum: Int { numerator.isZero ? 0 : (numerator.sign == .minus ? -1 : 1) }

    static prefix func - (a: ExactRational) -> ExactRational { ExactRational(-a.numerator, over: a.denominator) }

    static func + (a: ExactRational, b: ExactRational) -> ExactRational {
        if a.denominator == b.denominator { return ExactRational(a.numerator + b.numerator, over: a.denominator) }
        return ExactRational(a.numerator * b.denominator + b.numerator * a.denominator, over: a.denominator * b.denominator)
    }

    static func - (a: ExactRational, b: ExactRational) -> ExactRational { a + (-b) }

    static func * (a: ExactRational, b: ExactRational) -> ExactRational {
        ExactRational(a.numerator * b.numerator, over: a.denominator * b.denominator)
    }

    /// `a / b` for `b ≠ 0`.
    static func / (a: ExactRational, b: ExactRational) -> ExactRational {
        precondition(b.signum != 0, "division by zero")
        return ExactRational(a.numerator * b.denominator, over: a.denominator * b.numerator)
    }

    static func < (a: ExactRational, b: ExactRational) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    static func == (a: ExactRational, b: ExactRational) -> Bool {
        a.numerator * b.denominator == b.numerator * a.denominator
    }

    var description: String { "\(numerator)/\(denominator)" }

    /// A `Double` that is `≤ self`: the largest one when `self` lies in the normal
    /// range, `0` when `0 ≤ self` lies below it (or for negative values, `−∞`),
    /// `greatestFiniteMagnitude` above it.
    var roundedDown: Double {
        switch signum {
        case 0: return 0
        case -1: return -(-self).roundedUp
        default:
            // ⌊value · 2^shift⌋ with at least 64 bits, then its top 53 bits (truncated).
            let shift = 65 - (numerator.magnitude.bitWidth - denominator.magnitude.bitWidth)
            let scaled = shift >= 0 ? (numerator << shift) / denominator : numerator / (denominator << -shift)
            return Self.truncatedDouble(scaled.magnitude, timesPowerOfTwo: -shift, roundingUp: false)
        }
    }

    /// A `Double` that is `≥ self` (`+∞` above the finite range).
    var roundedUp: Double {
        switch signum {
        case 0: return 0
        case -1: return -(-self).roundedDown
        default:
            let shift = 65 - (numerator.magnitude.bitWidth - denominator.magnitude.bitWidth)
            let (q, r) = shift >= 0 ? ((numerator << shift).quotientAndRemainder(dividingBy: denominator))
                                    : numerator.quotientAndRemainder(dividingBy: denominator << -shift)
            // ⌈value · 2^shift⌉: the floor, plus one unless the division was exact.
            let ceiling = r.isZero ? q : q + 1
            return Self.truncatedDouble(ceiling.magnitude, timesPowerOfTwo: -shift, roundingUp: true)
        }
    }

    /// A lower bound on `√self` for `self ≥ 0` (`0` for negative values): the
    /// largest `Double` below it in the normal range.
    var squareRootRoundedDown: Double {
        guard signum > 0 else { return 0 }
        // ⌊√(value · 4^shift)⌋ = ⌊√⌊value · 4^shift⌋⌋, with at least 64 bits.
        let shift = (130 - (numerator.magnitude.bitWidth - denominator.magnitude.bitWidth)) / 2 + 1
        let scaled = shift >= 0 ? (numerator << (2 * shift)) / denominator : numerator / (denominator << (-2 * shift))
        return Self.truncatedDouble(scaled.magnitude.squareRoot(), timesPowerOfTwo: -shift, roundingUp: false)
    }

    /// `integer · 2^exponent` rounded to 53 bits towards zero (or away from zero with
    /// `roundingUp`), as a `Double`; below the normal range `0` (or the least
    /// normal magnitude), above it `greatestFiniteMagnitude` (or `+∞`).
    private static func truncatedDouble(_ integer: BigUInt, timesPowerOfTwo exponent: Int, roundingUp: Bool) -> Double {
        guard !integer.isZero else { return 0 }
        let drop = max(0, integer.bitWidth - 53)
        var top = integer >> drop
        if roundingUp, drop > 0, integer.trailingZeroBitCount < drop { top += 1 }
        // top ≤ 2⁵³, exactly representable; the value is top · 2^(exponent + drop).
        let significand = Double(UInt64(top))
        let scale = exponent + drop
        let leading = scale + top.bitWidth - 1
        if leading < Double.leastNormalMagnitude.exponent {
            return roundingUp ? Double.leastNormalMagnitude : 0
        }
        if leading > Double.greatestFiniteMagnitude.exponent {
            return roundingUp ? .infinity : .greatestFiniteMagnitude
        }
        return Double(sign: .plus, exponent: scale, significand: significand)
    }
}

extension Double {
    /// The exact dyadic form of a finite double: `±mantissa · 2^exponent` with an odd
    /// `mantissa` (`mantissa = 0`, `exponent = 0` for zero).
    var dyadicParts: (negative: Bool, mantissa: UInt64, exponent: Int) {
        guard self != 0 else { return (false, 0, 0) }
        let biased = Int(exponentBitPattern)
        var mantissa = biased == 0 ? significandBitPattern : significandBitPattern | (1 << 52)
        var exponent = (biased == 0 ? 1 : biased) - 1075
        let zeros = mantissa.trailingZeroBitCount
        mantissa >>= UInt64(zeros)
        exponent += zeros
        return (sign == .minus, mantissa, exponent)
    }
}
